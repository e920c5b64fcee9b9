package dev.dbmove.cli;

import dev.dbmove.core.DbmoveException;
import dev.dbmove.core.ErrorCode;
import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * Ends a command that threw: a user's error is one clear message and its exit code; a bug
 * is one line and exit 1. Stack traces only with --verbose.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {
    private final PrintWriter err;

    ErrorReporter(PrintWriter err) {
        this.err = err;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
        boolean verbose = parsed.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"))
                || parsed.hasMatchedOption("--verbose");
        if (e instanceof DbmoveException d) {
            err.println("error: " + d.describe());
            if (verbose && d.getCause() != null) {
                d.getCause().printStackTrace(err);
            }
            err.flush();
            return d.code().exitCode();
        }
        err.println("error: unexpected failure: " + e + (verbose ? "" : " (run again with --verbose for the stack trace)"));
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return ErrorCode.INTERNAL.exitCode();
    }
}
