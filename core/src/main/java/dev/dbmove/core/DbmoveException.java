package dev.dbmove.core;

import java.util.Objects;

/**
 * A failure a user can cause and fix. The message states what is wrong and why it
 * matters; {@link #fix()} states what to do about it. Neither may contain a secret.
 */
public class DbmoveException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String fix;

    public DbmoveException(ErrorCode code, String problem, String fix) {
        this(code, problem, fix, null);
    }

    public DbmoveException(ErrorCode code, String problem, String fix, Throwable cause) {
        super(Objects.requireNonNull(problem, "problem"), cause);
        this.code = Objects.requireNonNull(code, "code");
        this.fix = fix;
    }

    public ErrorCode code() {
        return code;
    }

    /** The remedy, or null when there is nothing the user can do but report a bug. */
    public String fix() {
        return fix;
    }

    /** The problem and, on its own line, the fix: what a person reads. */
    public String describe() {
        return fix == null || fix.isBlank() ? getMessage() : getMessage() + "\n  fix: " + fix;
    }
}
