package dev.dbmove.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options every job command takes. */
final class CommonOptions {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "dbmove.yaml",
            description = "the job file (default: ${DEFAULT-VALUE})")
    Path config;

    @Option(names = {"-v", "--verbose"}, description = "show stack traces and debug detail")
    boolean verbose;
}
