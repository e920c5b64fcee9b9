package dev.dbmove.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The replication section and the key columns for keyless tables. */
class ReplicationSettingsTest {
    @TempDir
    Path dir;

    @Test
    void defaultsToCreatingTheSchemaAndNoExtraKeys() {
        JobConfig job = new JobFiles(dir).load(JobFiles.VALID);
        assertThat(job.replication().schema()).isEqualTo(ReplicationSettings.SchemaMode.CREATE);
        assertThat(job.replication().zeroDates()).isEqualTo(ReplicationSettings.ZeroDates.FAIL);
        assertThat(job.replication().fullLoad()).isEqualTo(ReplicationSettings.FullLoad.FAST);
        assertThat(job.tables().keys()).isEmpty();
        assertThat(job.tables().keyFor("audit_log")).isEmpty();
    }

    @Test
    void readsSchemaModeAndKeyColumns() {
        JobConfig job = new JobFiles(dir).load(JobFiles.VALID + """
                  keys:
                    audit_log: [logged_at, message]
                    "Odd Name": id
                replication:
                  schema: existing
                  zeroDates: to-null
                  fullLoad: debezium
                """.replace("  keys:\n    audit_log: [logged_at, message]\n    \"Odd Name\": id\n",
                "  keys:\n    audit_log: [logged_at, message]\n    \"Odd Name\": [id]\n"));
        assertThat(job.replication().schema()).isEqualTo(ReplicationSettings.SchemaMode.EXISTING);
        assertThat(job.replication().zeroDates()).isEqualTo(ReplicationSettings.ZeroDates.TO_NULL);
        assertThat(job.replication().fullLoad()).isEqualTo(ReplicationSettings.FullLoad.DEBEZIUM);
        assertThat(job.tables().keyFor("audit_log")).contains(List.of("logged_at", "message"));
        assertThat(job.tables().keyFor("Odd Name")).contains(List.of("id"));
    }

    @Test
    void anUnknownSchemaModeIsLocatedWithTheChoices() {
        JobFileException e = new JobFiles(dir).failure(JobFiles.VALID + "replication:\n  schema: recreate\n");
        JobFileProblem problem = JobFiles.problemAt(e, "replication.schema");
        assertThat(problem.line()).isEqualTo(23);
        assertThat(problem.column()).isEqualTo(11);
        assertThat(problem.problem()).isEqualTo("unknown schema mode 'recreate'");
        assertThat(problem.fix()).contains("schema: create", "schema: existing");
    }

    @Test
    void anUnknownZeroDatesRuleIsLocatedWithTheChoices() {
        JobFileException e = new JobFiles(dir).failure(JobFiles.VALID + "replication:\n  zeroDates: epoch\n");
        JobFileProblem problem = JobFiles.problemAt(e, "replication.zeroDates");
        assertThat(problem.problem()).isEqualTo("unknown zeroDates rule 'epoch'");
        assertThat(problem.fix()).contains("zeroDates: fail", "zeroDates: to-null");
    }

    @Test
    void anUnknownFullLoadMethodIsLocatedWithTheChoices() {
        JobFileException e = new JobFiles(dir).failure(JobFiles.VALID + "replication:\n  fullLoad: dump\n");
        JobFileProblem problem = JobFiles.problemAt(e, "replication.fullLoad");
        assertThat(problem.problem()).isEqualTo("unknown full-load method 'dump'");
        assertThat(problem.fix()).contains("fullLoad: fast", "fullLoad: debezium");
    }

    @Test
    void keyColumnsMustBeAList() {
        JobFileException e = new JobFiles(dir).failure(JobFiles.VALID + "  keys:\n    audit_log: logged_at\n");
        assertThat(JobFiles.problemAt(e, "tables.keys.audit_log").problem()).contains("list of column names");
    }
}
