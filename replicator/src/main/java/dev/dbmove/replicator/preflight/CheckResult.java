package dev.dbmove.replicator.preflight;

import java.util.Objects;

/**
 * One line of the preflight: which side, what was checked, what was found and, unless
 * it passed, the exact remedy (the SQL, the server setting, the grant).
 *
 * @param side  "source" or "target"
 * @param check a short name, stable for scripts ("binlog format")
 * @param fix   null when the check passed
 */
public record CheckResult(String side, String check, CheckStatus status, String found, String fix) {
    public CheckResult {
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(found, "found");
    }

    static CheckResult pass(String side, String check, String found) {
        return new CheckResult(side, check, CheckStatus.PASS, found, null);
    }

    static CheckResult warn(String side, String check, String found, String fix) {
        return new CheckResult(side, check, CheckStatus.WARN, found, fix);
    }

    static CheckResult fail(String side, String check, String found, String fix) {
        return new CheckResult(side, check, CheckStatus.FAIL, found, fix);
    }

    static CheckResult of(boolean ok, String side, String check, String found, String fix) {
        return ok ? pass(side, check, found) : fail(side, check, found, fix);
    }
}
