package dev.dbmove.validator;

/** Keeps the rows read from the source under a rate, so that validating does not crowd out a busy source. */
final class Throttle {
    private final long rowsPerSecond;
    private long started = -1;
    private long rows;

    /** @param rowsPerSecond 0 for no limit */
    Throttle(long rowsPerSecond) {
        this.rowsPerSecond = rowsPerSecond;
    }

    /** Counts rows just read and sleeps for as long as reading them ran ahead of the rate. */
    void spent(long n) throws InterruptedException {
        if (rowsPerSecond <= 0 || n <= 0) {
            return;
        }
        long sleep;
        synchronized (this) {
            long now = System.nanoTime();
            if (started < 0) {
                started = now;
            }
            rows += n;
            long due = started + (long) (rows * 1e9 / rowsPerSecond);
            sleep = (due - now) / 1_000_000;
        }
        if (sleep > 0) {
            Thread.sleep(sleep);
        }
    }
}
