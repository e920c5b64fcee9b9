package dev.dbmove.core.state;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the running replicator last reported (every second): the source commit time of the
 * oldest change it holds but has not yet applied, overall and per table, and its apply rate.
 *
 * @param reportedAt             when it last reported, null when it never did
 * @param pendingSince           the oldest unapplied change's source commit time, null when none is pending
 * @param eventsPerSecond        changes applied per second over the last 10 seconds
 * @param eventsPerSecondHistory one rate per 10 seconds, oldest first
 * @param tablePendingSince      per table, the oldest unapplied change's source commit time (tables with none absent)
 */
public record LiveState(Instant reportedAt, Instant pendingSince, double eventsPerSecond,
                        List<Double> eventsPerSecondHistory, Map<String, Instant> tablePendingSince) {
    public static final LiveState NONE = new LiveState(null, null, 0, List.of(), Map.of());

    public LiveState {
        eventsPerSecondHistory = List.copyOf(eventsPerSecondHistory);
        tablePendingSince = Map.copyOf(tablePendingSince);
    }
}
