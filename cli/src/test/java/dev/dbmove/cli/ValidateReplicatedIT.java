package dev.dbmove.cli;

import dev.dbmove.config.JobConfig;
import dev.dbmove.config.ReplicationSettings;
import dev.dbmove.config.TableSelection;
import dev.dbmove.config.ValidationSettings;
import dev.dbmove.core.DatabaseType;
import dev.dbmove.replicator.Replicator;
import dev.dbmove.replicator.engine.ReplicationListener;
import dev.dbmove.testkit.DatabaseServer;
import dev.dbmove.testkit.EmbeddedMariaDb;
import dev.dbmove.testkit.MariaDbOptions;
import dev.dbmove.testkit.RealDatabases;
import dev.dbmove.testkit.TableContents;
import dev.dbmove.testkit.TestDatabase;
import dev.dbmove.testkit.TestServers;
import dev.dbmove.testkit.TypedTable;
import dev.dbmove.testkit.WorkloadWriter;
import dev.dbmove.validator.RowDifference;
import dev.dbmove.validator.TableResult;
import dev.dbmove.validator.ValidationListener;
import dev.dbmove.validator.ValidationReport;
import dev.dbmove.validator.Validator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Validation of what dbmove replicated: every mapped type in all four directions compares identical (source and
 * target servers run in different time zones, UTC+9 and UTC-5, and the JVM in a third); during a running workload
 * validation reports no false difference and still finds a corrupted row; {@code --repair} fixes it.
 */
@ExtendWith(RealDatabases.class)
class ValidateReplicatedIT {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"MARIADB, POSTGRESQL", "POSTGRESQL, MARIADB", "MARIADB, MARIADB", "POSTGRESQL, POSTGRESQL"})
    void everyTypeReplicatedComparesIdentical(DatabaseType from, DatabaseType to, TestServers servers) throws Exception {
        String hint = "vr_" + from.configName().substring(0, 2) + to.configName().substring(0, 2);
        // Two servers of one engine: a second one, in another time zone, as in a real move.
        try (DatabaseServer second = from == to && to == DatabaseType.MARIADB
                     ? EmbeddedMariaDb.start(MariaDbOptions.cdcSource().withTimeZone("-05:00")) : null;
             TestDatabase source = servers.of(from).createDatabase(hint + "_s");
             TestDatabase target = (second != null ? second : servers.of(to)).createDatabase(hint + "_t")) {
            TypedTable typed = TypedTable.forSource(from);
            source.execute(typed.createStatements());
            source.execute(typed.edgeRows());
            MoreTypes more = MoreTypes.forSource(from);
            source.execute(more.statements());
            if (to == DatabaseType.POSTGRESQL && from == DatabaseType.POSTGRESQL) {
                target.execute("CREATE EXTENSION IF NOT EXISTS citext"); // the mapping needs it on the target
            }
            JobConfig job = job(source, target, "vr" + hint.substring(3));
            try (Running run = new Running(job)) {
                run.awaitStreaming();
                source.execute(typed.streamingChanges());
                source.execute(more.changes());
                awaitSame(() -> {
                    // Only the keys: the values are what validation compares.
                    List<String> d = new ArrayList<>(TableContents.compare(source.endpoint(), target.endpoint(), "typed",
                            List.of("id"), List.of("id")));
                    d.addAll(TableContents.compare(source.endpoint(), target.endpoint(), "more_types", more.columns(),
                            List.of("id")));
                    return d;
                });
                ValidationReport report = validate(job, false);
                assertThat(report.tables()).extracting(TableResult::table).containsExactlyInAnyOrder("typed", "more_types");
                for (TableResult t : report.tables()) {
                    assertThat(t.error()).as(t.table()).isNull();
                    assertThat(t.samples()).as(t.table()).isEmpty();
                    assertThat(t.result()).as(t.table()).isEqualTo("identical");
                    assertThat(t.sourceRows()).as(t.table()).isPositive().isEqualTo(t.targetRows()).isEqualTo(t.matching());
                }
                assertThat(report.online()).isTrue();
                assertThat(report.exitCode()).isZero();
            }
        }
    }

    @Test
    void duringAWorkloadNoFalseDifferenceIsReportedAndACorruptedRowIsFoundThenRepaired(TestServers servers)
            throws Exception {
        try (TestDatabase source = servers.mariadb().createDatabase("vw_s");
             TestDatabase target = servers.postgres().createDatabase("vw_t")) {
            source.execute("CREATE TABLE ledger (id INT PRIMARY KEY, memo VARCHAR(40), amount DECIMAL(12,2))",
                    "INSERT INTO ledger SELECT seq, CONCAT('entry ', seq), seq / 4 FROM seq_1_to_30000");
            WorkloadWriter writer = new WorkloadWriter(source.endpoint(), "items", 400, 3, 7);
            writer.createTable(20_000);
            JobConfig job = job(source, target, "vwjob");
            try (Running run = new Running(job)) {
                run.awaitStreaming();
                writer.start();
                try {
                    Thread.sleep(1500);
                    target.execute("UPDATE ledger SET amount = amount + 1 WHERE id = 12345");
                    ValidationReport report = validate(job, false);
                    assertThat(report.online()).isTrue();
                    TableResult items = result(report, "items");
                    TableResult ledger = result(report, "ledger");
                    assertThat(items.error()).isNull();
                    assertThat(items.differing()).as("false differences in items: %s", items.samples()).isZero();
                    assertThat(items.sourceRows()).isPositive();
                    assertThat(ledger.mismatched()).isEqualTo(1);
                    assertThat(ledger.extraOnSource() + ledger.extraOnTarget() + ledger.pending()).isZero();
                    assertThat(ledger.samples()).singleElement().satisfies(d -> {
                        assertThat(d.kind()).isEqualTo(RowDifference.Kind.MISMATCHED);
                        assertThat(d.key()).containsEntry("id", "12345");
                        assertThat(d.columns()).containsExactly(
                                new RowDifference.ColumnDifference("amount", "3086.25", "3087.25"));
                    });
                    assertThat(report.exitCode()).isEqualTo(3);

                    ValidationReport repaired = validate(job, true);
                    assertThat(result(repaired, "ledger").repaired()).isEqualTo(1);
                    assertThat(result(repaired, "ledger").result()).isEqualTo("identical");
                    assertThat(result(repaired, "items").differing()).isZero();
                } finally {
                    writer.stop();
                }
                ValidationReport after = validate(job, false);
                assertThat(after.tables()).allSatisfy(t -> assertThat(t.differing()).as(t.table()).isZero());
                assertThat(result(after, "ledger").result()).isEqualTo("identical");
            }
        }
    }

    private static TableResult result(ValidationReport report, String table) {
        return report.tables().stream().filter(t -> t.table().equals(table)).findFirst().orElseThrow();
    }

    private static ValidationReport validate(JobConfig job, boolean repair) {
        return new Validator(job, new Validator.Options(null, repair), ValidationListener.NONE, Clock.systemUTC()).run();
    }

    private static JobConfig job(TestDatabase source, TestDatabase target, String name) {
        ValidationSettings settings = new ValidationSettings(2, Duration.ofMillis(100), 0, Duration.ofSeconds(30), 10,
                ValidationSettings.DEFAULT_MASK);
        return new JobConfig(Path.of("dbmove.yaml"), name, source.endpoint(), target.endpoint(), TableSelection.ALL,
                ReplicationSettings.DEFAULT, settings);
    }

    private static void awaitSame(Supplier<List<String>> differences) throws InterruptedException {
        Instant until = Instant.now().plusSeconds(120);
        List<String> last = List.of("not compared");
        while (Instant.now().isBefore(until)) {
            try {
                last = differences.get();
            } catch (IllegalStateException e) {
                last = List.of(e.getMessage());
            }
            if (last.isEmpty()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the target did not converge: " + last);
    }

    /** The replicator of a job, in a thread of this test. */
    private static final class Running implements AutoCloseable, ReplicationListener {
        private final Replicator replicator;
        private final Thread thread;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final java.util.concurrent.CountDownLatch streaming = new java.util.concurrent.CountDownLatch(1);

        Running(JobConfig job) {
            replicator = new Replicator(job, this);
            thread = new Thread(() -> {
                try {
                    replicator.run();
                } catch (Throwable t) {
                    failure.set(t);
                    streaming.countDown();
                }
            }, "test-replicator");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void snapshotCompleted() {
            streaming.countDown();
        }

        void awaitStreaming() throws InterruptedException {
            assertThat(streaming.await(180, java.util.concurrent.TimeUnit.SECONDS)).as("copy finished").isTrue();
            if (failure.get() != null) {
                throw new AssertionError("replication failed", failure.get());
            }
            Thread.sleep(1500); // a heartbeat, so validation sees the replicator alive
        }

        @Override
        public void close() throws Exception {
            replicator.stop();
            thread.join(60_000);
        }
    }
}
