package dev.dbmove.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code cutover} section: what {@code dbmove cutover} checks before it starts, and how it
 * moves the applications from the source to the target. Texts of commands, rewrites and health
 * checks are templates whose {@link Placeholders} ({@code ${target.host}} and the like) the
 * cutover fills in.
 *
 * @param maxLagSeconds     the cutover refuses to start while replication lags more seconds than
 *                          this, 0 to {@value #MAX_LAG_SECONDS}
 * @param requireValidation a clean {@code dbmove validate} no older than this is required, from
 *                          {@link #MIN_REQUIRE_VALIDATION} to {@link #MAX_REQUIRE_VALIDATION};
 *                          empty when none is required ({@code requireValidation: none})
 * @param stop              commands that stop the applications, run in this order
 * @param freeze            whether the source is made read-only while the last changes drain
 * @param drainTimeout      how long the last changes may take to reach the target,
 *                          {@link Command#MIN_TIMEOUT} to {@link Command#MAX_TIMEOUT}
 * @param verify            what is compared once the changes have drained
 * @param sequences         whether the target's sequences are moved past the copied values
 * @param rewrite           the applications' settings rewritten to point at the target, in this order
 * @param start             commands that start the applications on the target, run in this order
 * @param health            checks that the applications work, in this order
 */
public record CutoverSettings(int maxLagSeconds, Optional<Duration> requireValidation, List<Command> stop,
                              Freeze freeze, Duration drainTimeout, Verify verify, Sequences sequences,
                              List<Rewrite> rewrite, List<Command> start, List<HealthCheck> health) {
    public static final int MAX_LAG_SECONDS = 3600;
    public static final Duration MIN_REQUIRE_VALIDATION = Duration.ofMinutes(1);
    public static final Duration MAX_REQUIRE_VALIDATION = Duration.ofDays(30);

    public static final CutoverSettings DEFAULT = new CutoverSettings(5, Optional.of(Duration.ofHours(1)), List.of(),
            Freeze.AUTO, Duration.ofSeconds(120), Verify.CHANGED, Sequences.AUTO, List.of(), List.of(), List.of());

    public CutoverSettings {
        Objects.requireNonNull(requireValidation, "requireValidation");
        Objects.requireNonNull(freeze, "freeze");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        Objects.requireNonNull(verify, "verify");
        Objects.requireNonNull(sequences, "sequences");
        if (maxLagSeconds < 0 || maxLagSeconds > MAX_LAG_SECONDS) {
            throw new IllegalArgumentException("maxLagSeconds must be from 0 to " + MAX_LAG_SECONDS + ", not " + maxLagSeconds);
        }
        requireValidation.ifPresent(age -> {
            if (age.compareTo(MIN_REQUIRE_VALIDATION) < 0 || age.compareTo(MAX_REQUIRE_VALIDATION) > 0) {
                throw new IllegalArgumentException("requireValidation must be from " + Durations.format(MIN_REQUIRE_VALIDATION)
                        + " to " + Durations.format(MAX_REQUIRE_VALIDATION) + ", not " + age);
            }
        });
        Command.checkDuration("drainTimeout", drainTimeout);
        // Copies, which also reject null items.
        stop = List.copyOf(Objects.requireNonNull(stop, "stop"));
        rewrite = List.copyOf(Objects.requireNonNull(rewrite, "rewrite"));
        start = List.copyOf(Objects.requireNonNull(start, "start"));
        health = List.copyOf(Objects.requireNonNull(health, "health"));
    }

    /** Whether the source is made read-only while the last changes drain. */
    public enum Freeze {
        /** dbmove makes the source read-only, so a writer that was not stopped fails instead of being lost. */
        AUTO,
        /** The source stays writable; the stop commands are trusted to have stopped every writer. */
        NONE;

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What is compared once the last changes have drained. */
    public enum Verify {
        /** The rows changed since the last clean validation. */
        CHANGED,
        /** Every table, in full. */
        ALL,
        /** Nothing. */
        NONE;

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Whether the target's sequences (identity columns, auto-increment counters) are moved past the copied values. */
    public enum Sequences {
        AUTO, NONE;

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
