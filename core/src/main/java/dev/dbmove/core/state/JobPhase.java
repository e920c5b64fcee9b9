package dev.dbmove.core.state;

import java.util.Arrays;
import java.util.Locale;

/** Where the whole job is, as stored in the state schema's {@code job.phase}. */
public enum JobPhase {
    /** The state exists; replication never ran. */
    CREATED,
    /** The full load runs (streaming may already run for tables that are copied). */
    SNAPSHOT,
    /** Every table is copied; changes are applied as they come. */
    STREAMING,
    /** The replicator stopped cleanly. */
    STOPPED,
    /** The replicator stopped on a failure; {@link JobState#lastError()} says which. */
    ERROR;

    /** The stored form: the name in lower case. */
    public String stored() {
        return name().toLowerCase(Locale.ROOT);
    }

    static JobPhase fromStored(String stored) {
        return Arrays.stream(values()).filter(p -> p.stored().equals(stored)).findFirst()
                .orElseThrow(() -> new IllegalStateException("unknown job phase in the state schema: " + stored));
    }
}
