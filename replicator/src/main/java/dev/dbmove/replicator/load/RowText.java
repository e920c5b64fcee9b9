package dev.dbmove.replicator.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * A source query's rows as the bulk text both targets read: fields separated by tabs, rows
 * by newlines, NULL as {@code \N}, backslash, tab, newline and carriage return escaped with a
 * backslash (and NUL as {@code \0} for MySQL/MariaDB), bytes columns as hex digits. Rows are
 * rendered as the target reads them, one buffer at a time: the result set streams, nothing
 * holds the chunk.
 * <p>
 * A long value (a 64 MB LONGTEXT or LONGBLOB) is rendered a piece at a time too, across reads:
 * rendered whole, its escaped text, that text's UTF-8 bytes and a buffer grown to hold them
 * were each as large as the value or twice as large (hex), and one such row needed several
 * hundred megabytes of heap.
 */
final class RowText extends InputStream {
    private static final int LOW_WATER = 32 * 1024;
    /** Characters (or bytes) of a value rendered at once; a longer value is rendered in pieces of this size. */
    static final int PIECE = 64 * 1024;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final ResultSet rows;
    private final int columns;
    private final List<String> prefixes;
    private final List<String> suffixes;
    private final List<Boolean> hex;
    private final boolean escapeNul;
    /** Escaped text of the current row not yet in {@link #buffer}: short values gather here. */
    private final StringBuilder line = new StringBuilder(512);
    private final byte[] bytes = new byte[PIECE];
    private byte[] buffer = new byte[LOW_WATER + 4 * PIECE];
    private int position;
    private int limit;
    private boolean done;
    private long count;
    /** Within a row: the column to render next. */
    private boolean inRow;
    private int column;
    /** A long text value being rendered, and how far. */
    private String text;
    private int textAt;
    /** A bytes value being rendered as hex. */
    private InputStream binary;

    RowText(ResultSet rows, TextColumns text, boolean escapeNul) {
        this.rows = rows;
        this.columns = text.expressions().size();
        this.prefixes = text.prefixes();
        this.suffixes = text.suffixes();
        this.hex = text.hex();
        this.escapeNul = escapeNul;
    }

    long rows() {
        return count;
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return buffer[position++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, limit - position);
        System.arraycopy(buffer, position, b, off, n);
        position += n;
        return n;
    }

    /** Renders rows until the buffer holds a good part; false at the end. */
    private boolean fill() throws IOException {
        if (position < limit) {
            return true;
        }
        position = 0;
        limit = 0;
        try {
            while (limit < LOW_WATER && !done) {
                step();
            }
        } catch (SQLException e) {
            throw new IOException("reading the source failed: " + e.getMessage(), e);
        }
        return limit > 0;
    }

    /** Renders the next part: a piece of a long value, a column, or the end of a row. */
    private void step() throws SQLException, IOException {
        if (text != null) {
            textPiece();
            return;
        }
        if (binary != null) {
            hexPiece();
            return;
        }
        if (!inRow) {
            if (!rows.next()) {
                done = true;
                return;
            }
            inRow = true;
            column = 0;
        }
        if (column == columns) {
            line.append('\n');
            flushLine();
            inRow = false;
            count++;
            return;
        }
        if (column > 0) {
            line.append('\t');
        }
        if (hex.get(column)) {
            InputStream value = rows.getBinaryStream(column + 1);
            if (value == null) {
                line.append("\\N");
                column++;
            } else {
                line.append(prefixes.get(column));
                flushLine();
                binary = value;
            }
            return;
        }
        String value = rows.getString(column + 1);
        if (value == null) {
            line.append("\\N");
            column++;
            return;
        }
        line.append(prefixes.get(column));
        if (value.length() > PIECE) {
            flushLine();
            text = value;
            textAt = 0;
            return;
        }
        escape(value, 0, value.length());
        line.append(suffixes.get(column));
        column++;
        if (line.length() >= PIECE) {
            flushLine(); // a wide row of short values
        }
    }

    /** The next piece of a long text value, never splitting a character of two UTF-16 units. */
    private void textPiece() {
        int end = Math.min(text.length(), textAt + PIECE);
        if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        escape(text, textAt, end);
        flushLine();
        textAt = end;
        if (textAt == text.length()) {
            text = null;
            line.append(suffixes.get(column));
            column++;
        }
    }

    /** The next piece of a bytes value, as hex digits. */
    private void hexPiece() throws IOException {
        int n = binary.readNBytes(bytes, 0, bytes.length);
        room(2 * n);
        for (int i = 0; i < n; i++) {
            buffer[limit++] = HEX[(bytes[i] >> 4) & 0xf];
            buffer[limit++] = HEX[bytes[i] & 0xf];
        }
        if (n < bytes.length) {
            binary.close();
            binary = null;
            line.append(suffixes.get(column));
            column++;
        }
    }

    private void escape(String value, int from, int to) {
        for (int j = from; j < to; j++) {
            char ch = value.charAt(j);
            switch (ch) {
                case '\\' -> line.append("\\\\");
                case '\t' -> line.append("\\t");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\0' -> line.append(escapeNul ? "\\0" : "\0");
                default -> line.append(ch);
            }
        }
    }

    /** Moves the gathered text into the buffer as UTF-8. */
    private void flushLine() {
        if (line.length() == 0) {
            return;
        }
        byte[] encoded = line.toString().getBytes(StandardCharsets.UTF_8);
        line.setLength(0);
        room(encoded.length);
        System.arraycopy(encoded, 0, buffer, limit, encoded.length);
        limit += encoded.length;
    }

    private void room(int more) {
        if (limit + more > buffer.length) {
            buffer = java.util.Arrays.copyOf(buffer, Math.max(buffer.length * 2, limit + more));
        }
    }
}
