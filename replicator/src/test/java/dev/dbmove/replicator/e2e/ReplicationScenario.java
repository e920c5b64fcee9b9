package dev.dbmove.replicator.e2e;

import dev.dbmove.testkit.TypedTable;
import dev.dbmove.config.JobConfig;
import dev.dbmove.config.TableSelection;
import dev.dbmove.core.DatabaseType;
import dev.dbmove.testkit.DatabaseServer;
import dev.dbmove.testkit.TableContents;
import dev.dbmove.testkit.TestDatabase;
import dev.dbmove.testkit.WorkloadReport;
import dev.dbmove.testkit.WorkloadWriter;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The replication story for one direction: a source with a table of every mapped type and
 * its edge values plus a workload table; full load while the workload writer runs; then
 * changes of every kind while streaming; after the writer stops and the target has caught
 * up, every row of every table is compared on both sides, by this test's own reading.
 */
final class ReplicationScenario {
    private final DatabaseType sourceType;
    private final TestDatabase source;
    private final TestDatabase target;
    private final String job;

    ReplicationScenario(DatabaseServer sourceServer, DatabaseServer targetServer, String job) {
        this.sourceType = sourceServer.type();
        this.source = sourceServer.createDatabase(job + "_src");
        this.target = targetServer.createDatabase(job + "_tgt");
        this.job = job;
    }

    void run() throws Exception {
        TypedTable typed = TypedTable.forSource(sourceType);
        source.execute(typed.createStatements());
        source.execute(typed.edgeRows());
        WorkloadWriter writer = new WorkloadWriter(source.endpoint(), "items", 300, 3, 42);
        writer.createTable(2000);

        JobConfig config = new JobConfig(Path.of("dbmove.yaml"), job, source.endpoint(), target.endpoint(), TableSelection.ALL);
        try (ReplicationRun run = new ReplicationRun(config)) {
            writer.start();  // writes during the full load
            run.awaitSnapshot(Duration.ofSeconds(120));
            source.execute(typed.streamingChanges());
            Thread.sleep(1500);
            WorkloadReport report = writer.stop();
            assertThat(report.operations()).isPositive();
            assertThat(report.keyUpdates()).isPositive();

            run.awaitUntil(Duration.ofSeconds(90), () -> differences(typed));
            assertThat(run.rowsCopied.get()).isPositive();
            assertThat(run.changesApplied.get()).isPositive();
        }
        source.close();
        target.close();
    }

    private List<String> differences(TypedTable typed) {
        List<String> all = new ArrayList<>();
        all.addAll(compare("typed", typed.columns(), List.of("id")));
        all.addAll(compare("items", List.of("id", "k", "v", "amount"), List.of("id")));
        return all;
    }

    private List<String> compare(String table, List<String> columns, List<String> key) {
        try {
            return TableContents.compare(source.endpoint(), target.endpoint(), table, columns, key).stream()
                    .map(d -> table + ": " + d).toList();
        } catch (IllegalStateException e) {
            return List.of(table + ": " + e.getMessage()); // not created yet
        }
    }
}
