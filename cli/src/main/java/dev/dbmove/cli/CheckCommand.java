package dev.dbmove.cli;

import dev.dbmove.config.JobConfig;
import dev.dbmove.config.JobFileLoader;
import dev.dbmove.core.ErrorCode;
import dev.dbmove.replicator.preflight.Preflight;
import dev.dbmove.replicator.preflight.PreflightReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;
import java.util.function.Function;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Preflight: checks both servers before anything is copied (connectivity, versions,"
                + " binlog/WAL settings, privileges, keys, column types, target tables). Each failure says how to fix it.",
        footerHeading = "%nExample:%n",
        footer = {"  dbmove check --config dbmove.yaml",
                "  dbmove check --config dbmove.yaml --json | jq '.checks[] | select(.status == \"FAIL\")'",
                "%nExit 0 when nothing failed (warnings allowed), 4 when a check failed, 2 for a bad job file."})
final class CheckCommand implements Callable<Integer> {
    private final Function<String, String> environment;

    @Mixin
    CommonOptions common;

    @Option(names = "--json", description = "print one JSON object instead of text")
    boolean json;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "how long to wait for each server (default: ${DEFAULT-VALUE})")
    int connectTimeout;

    @Spec
    CommandSpec spec;

    CheckCommand(Function<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        JobConfig job = new JobFileLoader(environment).load(common.config);
        PreflightReport report = new Preflight(connectTimeout).run(job);
        CheckPrinter printer = new CheckPrinter(spec.commandLine().getOut());
        if (json) {
            printer.json(job, report);
        } else {
            printer.text(job, report);
        }
        return report.passed() ? 0 : ErrorCode.PRECONDITION_FAILED.exitCode();
    }
}
