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
import dev.dbmove.testkit.WorkloadReport;
import dev.dbmove.testkit.WorkloadWriter;
import dev.dbmove.replicator.Replicator;
import dev.dbmove.replicator.engine.ReplicationListener;
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
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.function.Supplier;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "The whole story on embedded servers, nothing to install: starts MariaDB 11.4 (source) and"
                + " PostgreSQL 17 (target), loads a small shop database, writes a job file, checks it, and"
                + " replicates it while an application keeps writing: full load, then change data capture, until"
                + " the target has caught up. Validation and cutover join as they are built.",
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
        try (DatabaseServer mariadb = step(out, "[1/5] starting MariaDB 11.4 (source: binlog ROW, UTC+9)",
                EmbeddedMariaDb::start);
             DatabaseServer postgres = step(out, "[2/5] starting PostgreSQL 17 (target: UTC-5)", EmbeddedPostgres::start);
             TestDatabase shop = step(out, "[3/5] loading the demo shop", () -> DemoShop.create(mariadb, rows));
             TestDatabase target = postgres.createDatabaseNamed("shop")) {
            out.printf("      %s: %,d rows in %d tables%n", shop.name(), DemoShop.rowCount(shop), DemoShop.TABLES);
            Path dir = Files.createTempDirectory("dbmove-demo-");
            Path jobFile = writeJobFile(dir, shop, target);
            out.println("[4/5] job file " + jobFile + ", running dbmove check:");
            out.println();
            JobConfig job = new JobFileLoader(environment).load(jobFile);
            PreflightReport report = new Preflight(10).run(job);
            new CheckPrinter(out).text(job, report);
            if (!report.passed()) {
                return ErrorCode.PRECONDITION_FAILED.exitCode();
            }
            out.println();
            out.println("[5/5] dbmove replicate, while an application keeps writing to the source:");
            return replicate(out, job, shop, target);
        }
    }

    /** Runs the job: full load under a live workload, streaming, then waits until the target has caught up. */
    private int replicate(PrintWriter out, JobConfig job, TestDatabase shop, TestDatabase target) throws Exception {
        WorkloadWriter app = new WorkloadWriter(shop.endpoint(), "activity", 200, 2, 7);
        app.createTable(5_000);
        try (ReplicationConsole console = new ReplicationConsole(out, System.console() != null)) {
            // Progress goes to the console; the demo goes on when the full load is done.
            Replicator replicator = new Replicator(job, ReplicationListener.both(console, new ReplicationListener() {
                @Override
                public void snapshotCompleted() {
                    snapshotDone.countDown();
                }
            }));
            java.util.concurrent.atomic.AtomicReference<RuntimeException> failure = new java.util.concurrent.atomic.AtomicReference<>();
            Thread thread = new Thread(() -> {
                try {
                    replicator.run();
                } catch (RuntimeException e) {
                    failure.set(e);
                    snapshotDone.countDown();
                }
            }, "dbmove-demo-replicate");
            thread.setDaemon(true);
            app.start();
            thread.start();
            snapshotDone.await();
            if (failure.get() != null) {
                app.stop();
                throw failure.get();
            }
            Thread.sleep(3_000);
            WorkloadReport written = app.stop();
            out.printf("%nthe application stopped writing: %s%n", written);
            out.println("waiting until the target has applied everything (lag 0) ...");
            long deadline = System.nanoTime() + 120_000_000_000L;
            List<String> differences = app.differences(target.endpoint());
            while (!differences.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(250);
                differences = app.differences(target.endpoint());
            }
            replicator.stop();
            replicator.awaitTerminated(60, TimeUnit.SECONDS);
            out.println();
            out.printf("%-14s %12s %12s%n", "table", "source rows", "target rows");
            boolean same = differences.isEmpty();
            for (String table : List.of("customers", "products", "orders", "order_items", "activity")) {
                long s = shop.queryLong("SELECT COUNT(*) FROM " + table);
                long t = target.queryLong("SELECT COUNT(*) FROM " + table);
                same &= s == t;
                out.printf("%-14s %,12d %,12d%s%n", table, s, t, s == t ? "" : "   <- differs");
            }
            out.println();
            out.println(same ? "source and target hold the same rows; the activity table matches row by row what the"
                    + " application committed." : "the target has not caught up: " + differences.size() + " rows differ");
            if (!differences.isEmpty()) {
                differences.stream().limit(10).forEach(d -> out.println("  target: " + d));
                List<String> atSource = app.differences(shop.endpoint());
                out.println(atSource.isEmpty() ? "  (the source holds exactly what the application committed)"
                        : "  the source itself differs from what the application committed:");
                atSource.stream().limit(10).forEach(d -> out.println("  source: " + d));
            }
            out.println();
            out.println("try next:");
            out.println("  ./dbmove demo --keep-running     keeps both servers up; the commands below then work on them");
            out.println("  ./dbmove check --config " + job.file());
            out.println("  ./dbmove replicate --config " + job.file() + "   (resumes where the demo stopped)");
            if (keepRunning) {
                out.println();
                out.println("Servers stay up until Ctrl-C.");
                out.flush();
                new CountDownLatch(1).await();
            }
            out.flush();
            return same ? 0 : 1;
        }
    }

    /** Counted down when the full load is done. */
    private final CountDownLatch snapshotDone = new CountDownLatch(1);

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
