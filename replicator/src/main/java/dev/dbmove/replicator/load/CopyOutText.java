package dev.dbmove.replicator.load;

import org.postgresql.copy.CopyOut;

import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;

/** A PostgreSQL {@code COPY ... TO STDOUT} as a stream, read row by row as the target takes it. */
final class CopyOutText extends InputStream {
    private final CopyOut copy;
    private byte[] row;
    private int position;
    private boolean done;

    CopyOutText(CopyOut copy) {
        this.copy = copy;
    }

    long rows() {
        return copy.getHandledRowCount();
    }

    @Override
    public int read() throws IOException {
        if (!next()) {
            return -1;
        }
        return row[position++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int n = 0;
        while (n < len && next()) {
            int k = Math.min(len - n, row.length - position);
            System.arraycopy(row, position, b, off + n, k);
            position += k;
            n += k;
        }
        return n == 0 ? -1 : n;
    }

    private boolean next() throws IOException {
        while (row == null || position >= row.length) {
            if (done) {
                return false;
            }
            try {
                row = copy.readFromCopy();
            } catch (SQLException e) {
                throw new IOException("reading the source failed: " + e.getMessage(), e);
            }
            position = 0;
            if (row == null) {
                done = true;
                return false;
            }
        }
        return true;
    }

    /** Ends the COPY when the target stopped reading early (a failure): the source connection stays usable. */
    void cancel() {
        if (copy.isActive()) {
            try {
                copy.cancelCopy();
            } catch (SQLException ignored) {
                // the connection is closed on failure anyway
            }
        }
    }
}
