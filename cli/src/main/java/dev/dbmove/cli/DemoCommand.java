package dev.dbmove.cli;

import dev.dbmove.config.JobConfig;
import dev.dbmove.config.JobFileLoader;
import dev.dbmove.core.ErrorCode;
import dev.dbmove.replicator.preflight.Preflight;
import dev.dbmove.replicator.preflight.PreflightReport;
import dev.dbmove.testkit.DatabaseServer;
import dev.dbmove.testkit.EmbeddedMariaDb;
import dev.dbmove.testkit.EmbeddedPostgres;
import dev.dbmove.testkit.TestDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.function.Supplier;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "The whole story on embedded servers, nothing to install: starts MariaDB 11.4 (source) and"
                + " PostgreSQL 17 (target), loads a small shop database, writes a job file and runs it."
                + " Today the job runs the preflight (dbmove check); replication, validation and cutover join"
                + " as they are built.",
        footerHeading = "%nExample:%n",
        footer = {"  dbmove demo", "  dbmove demo --keep-running   # then try the printed commands in another terminal"})
final class DemoCommand implements Callable<Integer> {
    private final Function<String, String> environment;

    @Option(names = "--keep-running", description = "keep the servers up after the demo until Ctrl-C")
    boolean keepRunning;

    @Option(names = "--rows", paramLabel = "N", defaultValue = "20000",
            description = "orders to generate (default: ${DEFAULT-VALUE})")
    int rows;

    @Option(names = {"-v", "--verbose"}, description = "show stack traces")
    boolean verbose;

    @Spec
    CommandSpec spec;

    DemoCommand(Function<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        out.println("dbmove demo: embedded MariaDB -> embedded PostgreSQL, nothing installed");
        out.println();
        try (DatabaseServer mariadb = step(out, "[1/4] starting MariaDB 11.4 (source: binlog ROW, UTC+9)",
                EmbeddedMariaDb::start);
             DatabaseServer postgres = step(out, "[2/4] starting PostgreSQL 17 (target: UTC-5)", EmbeddedPostgres::start);
             TestDatabase shop = step(out, "[3/4] loading the demo shop", () -> DemoShop.create(mariadb, rows));
             TestDatabase target = postgres.createDatabaseNamed("shop")) {
            out.printf("      %s: %,d rows in %d tables%n", shop.name(), DemoShop.rowCount(shop), DemoShop.TABLES);
            Path dir = Files.createTempDirectory("dbmove-demo-");
            Path jobFile = writeJobFile(dir, shop, target);
            out.println("[4/4] job file " + jobFile + ", running dbmove check:");
            out.println();
            JobConfig job = new JobFileLoader(environment).load(jobFile);
            PreflightReport report = new Preflight(10).run(job);
            new CheckPrinter(out).text(job, report);
            out.println();
            out.println("Replication (full load, then change-data-capture), validation and cutover are not built yet;");
            out.println("this demo stops after the preflight and will run them as they land.");
            if (keepRunning) {
                out.println();
                out.println("Servers stay up until Ctrl-C. In another terminal:");
                out.println("  ./dbmove check --config " + jobFile);
                out.flush();
                new CountDownLatch(1).await();
            }
            out.flush();
            return report.passed() ? 0 : ErrorCode.PRECONDITION_FAILED.exitCode();
        }
    }

    private static <T> T step(PrintWriter out, String what, Supplier<T> action) {
        out.print(what + " ... ");
        out.flush();
        long start = System.nanoTime();
        T result = action.get();
        out.printf("done in %.1f s%n", (System.nanoTime() - start) / 1e9);
        out.flush();
        return result;
    }

    private static Path writeJobFile(Path dir, TestDatabase source, TestDatabase target) {
        try {
            // The target password goes in a file readable only by its owner, as a secret should.
            Path secret = dir.resolve("target-password");
            Files.writeString(secret, target.endpoint().password().reveal() + "\n");
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
            Path file = dir.resolve("dbmove.yaml");
            Files.writeString(file, """
                    # Written by dbmove demo: embedded servers on loopback.
                    job: demo
                    source:
                      type: mariadb
                      host: 127.0.0.1
                      port: %d
                      database: %s
                      user: %s
                      password: ${env:DBMOVE_DEMO_SOURCE_PASSWORD:-}
                    target:
                      type: postgresql
                      host: 127.0.0.1
                      port: %d
                      database: %s
                      schema: public
                      user: %s
                      password: ${file:target-password}
                    tables:
                      include: ["*"]
                    """.formatted(source.endpoint().port(), source.name(), source.endpoint().user(),
                    target.endpoint().port(), target.name(), target.endpoint().user()));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo job file", e);
        }
    }
}
