package dev.dbmove.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.function.Function;

/** The {@code dbmove} command line: subcommands, exit codes and error reporting. */
@Command(name = "dbmove",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Moves a live database to a new server with seconds of downtime:%n"
                + "full load, change-data-capture, validation and one-command cutover.",
        subcommands = {InitCommand.class, CheckCommand.class, ReplicateCommand.class, StatusCommand.class,
                ValidateCommand.class, CutoverCommand.class, DemoCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  success", "  1  unexpected failure (run with --verbose for details)",
                "  2  bad usage or bad job file", "  3  data differs (validate)",
                "  4  a precondition is not met (check failed, cutover refused)",
                "", "Start with:", "  dbmove demo          embedded MariaDB -> PostgreSQL, nothing to install",
                "  dbmove init --source mariadb --target postgresql"})
public final class Dbmove implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        // The process works in UTC: no daylight-saving gap can shift a time read from a source (see Replicator).
        java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone(java.time.ZoneOffset.UTC));
        // The binlog client logs through java.util.logging; only its warnings belong on the terminal.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), System::getenv));
    }

    /** Runs one command line; returns the exit code. Tests call this with their own writers and environment. */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Function<String, String> environment) {
        CommandLine cli = new CommandLine(new Dbmove(), new Factory(environment));
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setAbbreviatedOptionsAllowed(false);
        cli.setExecutionExceptionHandler(new ErrorReporter(err));
        return cli.execute(args);
    }

    /** Hands each command the environment, so that nothing reads System.getenv behind a test's back. */
    private record Factory(Function<String, String> environment) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == CheckCommand.class) {
                return type.cast(new CheckCommand(environment));
            }
            if (type == ReplicateCommand.class) {
                return type.cast(new ReplicateCommand(environment));
            }
            if (type == StatusCommand.class) {
                return type.cast(new StatusCommand(environment));
            }
            if (type == ValidateCommand.class) {
                return type.cast(new ValidateCommand(environment));
            }
            if (type == CutoverCommand.class) {
                return type.cast(new CutoverCommand(environment));
            }
            if (type == DemoCommand.class) {
                return type.cast(new DemoCommand(environment));
            }
            return CommandLine.defaultFactory().create(type);
        }
    }
}
