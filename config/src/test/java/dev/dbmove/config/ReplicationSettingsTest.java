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

    @Test
    void theEngineIsEmbeddedUnlessKafkaConnectIsAsked() {
        assertThat(new JobFiles(dir).load(JobFiles.VALID).replication().engine())
                .isEqualTo(ReplicationSettings.Engine.EMBEDDED);
        JobConfig job = new JobFiles(dir).load(JobFiles.VALID + """
                replication:
                  engine: kafka-connect
                  kafkaConnect:
                    connectUrl: http://127.0.0.1:8083
                    bootstrapServers: 127.0.0.1:9092
                    topicPrefix: orders.move
                    tasksMax: 3
                """);
        KafkaConnectSettings kc = job.replication().kafkaConnect();
        assertThat(job.replication().engine()).isEqualTo(ReplicationSettings.Engine.KAFKA_CONNECT);
        assertThat(kc.connectUrl()).hasToString("http://127.0.0.1:8083");
        assertThat(kc.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(kc.topicPrefix()).isEqualTo("orders.move");
        assertThat(kc.tasksMax()).isEqualTo(3);
        assertThat(kc.partitions()).as("one partition per task unless set").isEqualTo(3);

        KafkaConnectSettings two = new JobFiles(dir).load(JobFiles.VALID + """
                replication:
                  engine: kafka-connect
                  kafkaConnect: {connectUrl: "http://127.0.0.1:8083, http://127.0.0.1:8084", bootstrapServers: k:9092}
                """).replication().kafkaConnect();
        assertThat(two.connectUrls()).hasSize(2);
        assertThat(two.connectUrls().get(1)).hasToString("http://127.0.0.1:8084");
        assertThat(two.connectUrl()).hasToString("http://127.0.0.1:8083");
    }

    @Test
    void kafkaConnectMistakesAreLocatedWithTheFix() {
        JobFileException missing = new JobFiles(dir).failure(JobFiles.VALID + "replication:\n  engine: kafka-connect\n");
        assertThat(JobFiles.problemAt(missing, "replication.kafkaConnect").fix()).contains("connectUrl:",
                "bootstrapServers:");
        JobFileException badUrl = new JobFiles(dir).failure(JobFiles.VALID + """
                replication:
                  engine: kafka-connect
                  kafkaConnect: {connectUrl: "connect:8083", bootstrapServers: k:9092, tasksMax: 0}
                """);
        assertThat(JobFiles.problemAt(badUrl, "replication.kafkaConnect.connectUrl").problem())
                .contains("not an http(s) URL");
        assertThat(JobFiles.problemAt(badUrl, "replication.kafkaConnect.tasksMax").problem()).contains("from 1 to 1000");
        JobFileException unknownEngine = new JobFiles(dir).failure(JobFiles.VALID + "replication:\n  engine: spark\n");
        JobFileException secondBad = new JobFiles(dir).failure(JobFiles.VALID + """
                replication:
                  engine: kafka-connect
                  kafkaConnect: {connectUrl: "http://c:8083,c2:8083", bootstrapServers: k:9092}
                """);
        assertThat(JobFiles.problemAt(secondBad, "replication.kafkaConnect.connectUrl").problem())
                .contains("not an http(s) URL: 'c2:8083'");
        assertThat(JobFiles.problemAt(unknownEngine, "replication.engine").fix()).contains("engine: kafka-connect");
        JobFileException stray = new JobFiles(dir).failure(JobFiles.VALID + """
                replication:
                  kafkaConnect: {connectUrl: "http://c:8083", bootstrapServers: k:9092}
                """);
        assertThat(JobFiles.problemAt(stray, "replication.kafkaConnect").fix()).contains("engine: kafka-connect");
    }
}
