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
 * backslash (and NUL as {@code \0} for MySQL/MariaDB). Rows are rendered as the target reads
 * them, one buffer at a time: the result set streams, nothing holds the chunk.
 */
final class RowText extends InputStream {
    private static final int LOW_WATER = 32 * 1024;

    private final ResultSet rows;
    private final int columns;
    private final List<String> prefixes;
    private final List<String> suffixes;
    private final boolean escapeNul;
    private final StringBuilder line = new StringBuilder(512);
    private byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private boolean done;
    private long count;

    RowText(ResultSet rows, TextColumns text, boolean escapeNul) {
        this.rows = rows;
        this.columns = text.expressions().size();
        this.prefixes = text.prefixes();
        this.suffixes = text.suffixes();
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
        if (done) {
            return false;
        }
        position = 0;
        limit = 0;
        try {
            while (limit < LOW_WATER) {
                if (!rows.next()) {
                    done = true;
                    break;
                }
                render();
            }
        } catch (SQLException e) {
            throw new IOException("reading the source failed: " + e.getMessage(), e);
        }
        return limit > 0;
    }

    private void render() throws SQLException {
        line.setLength(0);
        for (int i = 0; i < columns; i++) {
            if (i > 0) {
                line.append('\t');
            }
            String value = rows.getString(i + 1);
            if (value == null) {
                line.append("\\N");
                continue;
            }
            line.append(prefixes.get(i));
            for (int j = 0, n = value.length(); j < n; j++) {
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
            line.append(suffixes.get(i));
        }
        line.append('\n');
        byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
        if (limit + bytes.length > buffer.length) {
            buffer = java.util.Arrays.copyOf(buffer, Math.max(buffer.length * 2, limit + bytes.length));
        }
        System.arraycopy(bytes, 0, buffer, limit, bytes.length);
        limit += bytes.length;
        count++;
    }
}
