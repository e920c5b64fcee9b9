package dev.dbmove.core.state;

import java.util.Arrays;
import java.util.Locale;

/** Where one table is in its replication, as stored in the state schema's {@code tables.phase}. */
public enum TablePhase {
    /** Rows are being copied (full load). */
    SNAPSHOT,
    /** The copy is complete; changes are applied as they come. */
    STREAMING,
    /** Deliberately not applied for now. */
    PAUSED,
    /** Stopped by a failure; {@link TableState#lastError()} says which. */
    ERROR;

    /** The stored form: the name in lower case. */
    public String stored() {
        return name().toLowerCase(Locale.ROOT);
    }

    static TablePhase fromStored(String stored) {
        return Arrays.stream(values()).filter(p -> p.stored().equals(stored)).findFirst()
                .orElseThrow(() -> new IllegalStateException("unknown table phase in the state schema: " + stored));
    }
}
