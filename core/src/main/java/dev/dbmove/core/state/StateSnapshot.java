package dev.dbmove.core.state;

import java.util.List;
import java.util.Map;

/** Everything {@code dbmove status} reads from the state schema, read in one transaction. */
public record StateSnapshot(JobState job, List<TableState> tables, LiveState live,
                            Map<String, ValidationState> validations) {
}
