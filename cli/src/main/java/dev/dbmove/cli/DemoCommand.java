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
import dev.dbmove.testkit.FreePort;
import dev.dbmove.testkit.shop.ShopDir;
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
    private static final String APP_PASSWORD = "demo-shop-app";
    private int appPort;

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
        try (DatabaseServer mariadb = step(out, "[1/7] starting MariaDB 11.4 (source: binlog ROW, UTC+9)",
                EmbeddedMariaDb::start);
             DatabaseServer postgres = step(out, "[2/7] starting PostgreSQL 17 (target: UTC-5)", EmbeddedPostgres::start);
             TestDatabase shop = step(out, "[3/7] loading the demo shop", () -> DemoShop.create(mariadb, rows));
             TestDatabase target = postgres.createDatabaseNamed("shop")) {
            out.printf("      %s: %,d rows in %d tables%n", shop.name(), DemoShop.rowCount(shop), DemoShop.TABLES);
            Path dir = Files.createTempDirectory("dbmove-demo-");
            ShopDir app = shopApplication(dir, shop);
            Path jobFile = writeJobFile(dir, shop, target, app);
            out.println("[4/7] job file " + jobFile + ", running dbmove check:");
            out.println();
            JobConfig job = new JobFileLoader(environment).load(jobFile);
            PreflightReport report = new Preflight(10).run(job);
            new CheckPrinter(out).text(job, report);
            if (!report.passed()) {
                return ErrorCode.PRECONDITION_FAILED.exitCode();
            }
            out.println();
            out.println("[5/7] the shop application starts, writing orders to MariaDB (" + app.dir() + "), and dbmove"
                    + " replicate runs:");
            out.println("      " + app.control("start").strip());
            return replicate(out, job, app, shop, target);
        }
    }

    /**
     * Runs the job while the shop application writes orders to the source: full load, streaming,
     * a validation, then the cutover that moves the application to the target.
     */
    private int replicate(PrintWriter out, JobConfig job, ShopDir app, TestDatabase shop, TestDatabase target)
            throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Replicator replicator;
        Thread thread;
        java.util.concurrent.atomic.AtomicReference<RuntimeException> failure = new java.util.concurrent.atomic.AtomicReference<>();
        try (ReplicationConsole console = new ReplicationConsole(out, System.console() != null)) {
            // Progress goes to the console; the demo goes on when the full load is done.
            replicator = new Replicator(job, ReplicationListener.both(console, new ReplicationListener() {
                @Override
                public void snapshotCompleted() {
                    snapshotDone.countDown();
                }
            }));
            thread = new Thread(() -> {
                try {
                    replicator.run();
                } catch (RuntimeException e) {
                    failure.set(e);
                    snapshotDone.countDown();
                }
            }, "dbmove-demo-replicate");
            thread.setDaemon(true);
            thread.start();
            snapshotDone.await();
            if (failure.get() != null) {
                throw failure.get();
            }
            Thread.sleep(3_000);
        }
        try {
            out.println();
            out.println("[6/7] dbmove validate, while the application keeps writing:");
            int validated = Dbmove.run(new String[]{"validate", "--config", job.file().toString()}, out, err, environment);
            if (validated != 0) {
                return validated;
            }
            out.println();
            out.println("[7/7] dbmove cutover: stop the application, freeze the source, drain, verify, rewrite its"
                    + " config to the target, start it, check its health:");
            int cutover = Dbmove.run(new String[]{"cutover", "--config", job.file().toString(), "--yes"}, out, err,
                    environment);
            if (cutover != 0) {
                return cutover;
            }
            thread.join(60_000);
            return summary(out, job, app, shop, target);
        } finally {
            if (!keepRunning) {
                app.control("stop");
            }
            replicator.stop();
            replicator.awaitTerminated(60, TimeUnit.SECONDS);
        }
    }

    /** Where the application runs now, and whether every order it acknowledged is on the target. */
    private int summary(PrintWriter out, JobConfig job, ShopDir app, TestDatabase shop, TestDatabase target)
            throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        int ackedAtCutover = app.ackedIds().size();
        while (System.nanoTime() < deadline && app.ackedIds().size() < ackedAtCutover + 20) {
            Thread.sleep(200);
        }
        List<Long> acked = app.ackedIds();
        java.util.Set<Long> onTarget = new java.util.HashSet<>();
        try (var c = target.connect(); var s = c.createStatement(); var rs = s.executeQuery("SELECT id FROM orders")) {
            while (rs.next()) {
                onTarget.add(rs.getLong(1));
            }
        }
        long missing = acked.stream().filter(id -> !onTarget.contains(id)).count();
        String database = app.info().map(ShopDir.Info::database).orElse("nothing (it does not answer)");
        out.println();
        out.printf("the shop application now runs on %s; it acknowledged %,d orders in all, %s%n", database,
                acked.size(), missing == 0 ? "every one of them is in the target" : missing + " of them are NOT in the target");
        out.printf("%-14s %12s %12s%n", "table", "source rows", "target rows");
        for (String table : List.of("customers", "products", "orders", "order_items")) {
            out.printf("%-14s %,12d %,12d%n", table, shop.queryLong("SELECT COUNT(*) FROM " + table),
                    target.queryLong("SELECT COUNT(*) FROM " + table));
        }
        out.println("(the target's extra orders are the ones the application wrote after the cutover; the source"
                + " stays read-only)");
        out.println();
        out.println("try next:");
        out.println("  ./dbmove demo --keep-running     keeps both servers and the application up; then:");
        out.println("  ./dbmove status --config " + job.file());
        out.println("  ./dbmove cutover --config " + job.file() + " --rollback   (moves the application back)");
        out.println("  curl http://127.0.0.1:" + app.httpPort().orElse(0) + "/info");
        if (keepRunning) {
            out.println();
            out.println("Servers and application stay up until Ctrl-C.");
            out.flush();
            new CountDownLatch(1).await();
        }
        out.flush();
        return missing == 0 && database.equals("PostgreSQL") ? 0 : 1;
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

    /**
     * The demo's application: a process writing orders to the shop as a user of its own (so that
     * the cutover's freeze binds it), settings in a .properties file the cutover rewrites.
     */
    private ShopDir shopApplication(Path dir, TestDatabase shop) throws IOException {
        shop.execute("CREATE OR REPLACE USER 'shop_app'@'%' IDENTIFIED BY '" + APP_PASSWORD + "'",
                "GRANT SELECT, INSERT ON `" + shop.name() + "`.* TO 'shop_app'@'%'");
        ShopDir app = new ShopDir(dir.resolve("shop-app"));
        appPort = FreePort.find();
        app.writeConfig("jdbc:mariadb://127.0.0.1:" + shop.endpoint().port() + "/" + shop.name(), "shop_app",
                APP_PASSWORD, 20, appPort);
        app.writeControlScript();
        return app;
    }

    private Path writeJobFile(Path dir, TestDatabase source, TestDatabase target, ShopDir app) {
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
                    cutover:
                      maxLagSeconds: 10
                      requireValidation: 1h
                      stop:
                        - run: %s stop
                      freeze: auto
                      drainTimeout: 60s
                      verify: changed
                      sequences: auto
                      rewrite:
                        - file: %s
                          set:
                            db.url: "jdbc:postgresql://${target.host}:${target.port}/${target.database}"
                            db.user: "${target.user}"
                            db.password: "${file:target-password}"
                      start:
                        - run: %s start
                      health:
                        - http: http://127.0.0.1:%d/health
                          expect: 200
                          within: 30s
                    """.formatted(source.endpoint().port(), source.name(), source.endpoint().user(),
                    target.endpoint().port(), target.name(), target.endpoint().user(),
                    app.dir().resolve("shopctl"), app.config(), app.dir().resolve("shopctl"),
                    appPort));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo job file", e);
        }
    }
}
