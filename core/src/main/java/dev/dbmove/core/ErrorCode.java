package dev.dbmove.core;

/**
 * What kind of failure ended a command, and the process exit code that reports it.
 * Scripts rely on these numbers; never renumber them.
 */
public enum ErrorCode {
    /** A bug or an unexpected condition: exit 1. */
    INTERNAL(1),
    /** The command line was wrong: exit 2. */
    BAD_USAGE(2),
    /** The job file cannot be read or is invalid: exit 2. */
    BAD_JOB_FILE(2),
    /** Source and target hold different data: exit 3. */
    DATA_DIFFERS(3),
    /** A precondition is not met (a preflight check failed, a server is unreachable, cutover refused): exit 4. */
    PRECONDITION_FAILED(4);

    private final int exitCode;

    ErrorCode(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
