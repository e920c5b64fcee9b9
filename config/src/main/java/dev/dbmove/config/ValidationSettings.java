package dev.dbmove.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The {@code validation} section: how {@code dbmove validate} compares source and target,
 * chunk by chunk, and what its reports may show.
 *
 * @param parallelism      chunks compared at once, {@value #MIN_PARALLELISM} to {@value #MAX_PARALLELISM};
 *                         each holds one source and one target connection
 * @param chunkTime        how long a chunk should take on the source, from {@link #MIN_CHUNK_TIME}
 *                         to {@link #MAX_CHUNK_TIME}; the chunk size adapts to it
 * @param maxRowsPerSecond at most this many source rows checksummed per second; 0 for no limit
 * @param settleTimeout    while replication runs, how long a differing row's change may take to
 *                         arrive before the row is reported as pending; zero to {@link #MAX_SETTLE_TIMEOUT}
 * @param samples          differing keys listed per table in the report, 0 to {@value #MAX_SAMPLES}
 * @param mask             glob patterns ({@code *}, {@code ?}) for columns whose values reports never
 *                         show, matched case-insensitively against {@code column} and {@code table.column};
 *                         empty to mask nothing
 */
public record ValidationSettings(int parallelism, Duration chunkTime, long maxRowsPerSecond, Duration settleTimeout,
                                 int samples, List<String> mask) {
    public static final int MIN_PARALLELISM = 1;
    public static final int MAX_PARALLELISM = 64;
    public static final Duration MIN_CHUNK_TIME = Duration.ofMillis(10);
    public static final Duration MAX_CHUNK_TIME = Duration.ofSeconds(60);
    public static final Duration MAX_SETTLE_TIMEOUT = Duration.ofHours(24);
    public static final int MAX_SAMPLES = 1000;
    /** Columns that usually hold credentials, masked unless the job file names its own list. */
    public static final List<String> DEFAULT_MASK = List.of("*password*", "*secret*", "*token*");

    public static final ValidationSettings DEFAULT = new ValidationSettings(2, Duration.ofMillis(500), 0,
            Duration.ofSeconds(60), 10, DEFAULT_MASK);

    public ValidationSettings {
        Objects.requireNonNull(chunkTime, "chunkTime");
        Objects.requireNonNull(settleTimeout, "settleTimeout");
        Objects.requireNonNull(mask, "mask");
        if (parallelism < MIN_PARALLELISM || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException("parallelism must be from " + MIN_PARALLELISM + " to " + MAX_PARALLELISM
                    + ", not " + parallelism);
        }
        if (chunkTime.compareTo(MIN_CHUNK_TIME) < 0 || chunkTime.compareTo(MAX_CHUNK_TIME) > 0) {
            throw new IllegalArgumentException("chunkTime must be from " + Durations.format(MIN_CHUNK_TIME) + " to "
                    + Durations.format(MAX_CHUNK_TIME) + ", not " + chunkTime);
        }
        if (maxRowsPerSecond < 0) {
            throw new IllegalArgumentException("maxRowsPerSecond must be 0 (no limit) or more, not " + maxRowsPerSecond);
        }
        if (settleTimeout.isNegative() || settleTimeout.compareTo(MAX_SETTLE_TIMEOUT) > 0) {
            throw new IllegalArgumentException("settleTimeout must be from 0s to " + Durations.format(MAX_SETTLE_TIMEOUT)
                    + ", not " + settleTimeout);
        }
        if (samples < 0 || samples > MAX_SAMPLES) {
            throw new IllegalArgumentException("samples must be from 0 to " + MAX_SAMPLES + ", not " + samples);
        }
        mask = List.copyOf(mask); // also rejects null patterns
        if (mask.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("mask patterns must not be blank");
        }
    }

    /** True when the throttle applies, false when {@link #maxRowsPerSecond} is 0. */
    public boolean throttled() {
        return maxRowsPerSecond > 0;
    }

    /**
     * Whether reports must hide the column's values: some {@link #mask} pattern matches the
     * column name or {@code table.column}, ignoring case.
     *
     * @param table  the table's name as in the tables section, without schema; null matches the column alone
     * @param column the column's name
     */
    public boolean masked(String table, String column) {
        Objects.requireNonNull(column, "column");
        String qualified = table == null ? null : table + "." + column;
        return mask.stream().anyMatch(pattern -> Glob.matchesIgnoreCase(pattern, column)
                || (qualified != null && Glob.matchesIgnoreCase(pattern, qualified)));
    }
}
