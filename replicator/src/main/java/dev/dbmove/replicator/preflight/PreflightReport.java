package dev.dbmove.replicator.preflight;

import java.util.List;

/** Every check of one preflight run, in the order they ran. */
public record PreflightReport(String job, List<CheckResult> checks) {
    public PreflightReport {
        checks = List.copyOf(checks);
    }

    public long count(CheckStatus status) {
        return checks.stream().filter(c -> c.status() == status).count();
    }

    public boolean passed() {
        return count(CheckStatus.FAIL) == 0;
    }
}
