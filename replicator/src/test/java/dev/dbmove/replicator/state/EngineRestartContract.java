package dev.dbmove.replicator.state;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbmove.core.Endpoint;
import dev.dbmove.core.JobNames;
import dev.dbmove.core.db.DataSources;
import dev.dbmove.core.state.StateStore;
import dev.dbmove.testkit.TestDatabase;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Debezium engine keeps its offsets (and, for MySQL/MariaDB, its schema history) in
 * dbmove's state schema in the target, and resumes from them: no second snapshot, no lost
 * change. One subclass per pair of source engine and state target.
 */
abstract class EngineRestartContract {
    private JobNames names;
    private String engineName;
    private TestDatabase source;
    private HikariDataSource statePool;
    private StateStore state;

    /** A fresh source database on the source server. */
    abstract TestDatabase newSource(String hint);

    /** The database whose server holds the state (a state schema or database per test). */
    abstract TestDatabase stateTarget();

    /** The connector's properties for {@code source}, capturing its table {@code items}. */
    abstract Map<String, String> connectorProperties(TestDatabase source, JobNames names);

    /** The topic of table {@code items}' changes. */
    abstract String itemsTopic(TestDatabase source, JobNames names);

    /** Whether the connector keeps a schema history (MySQL/MariaDB) and can resume from any older offset. */
    abstract boolean historized();

    /** Removes what the connector left on the source server (PostgreSQL: slot and publication). */
    void cleanUpSource(TestDatabase source, JobNames names) {
    }

    @BeforeEach
    void newJob() {
        names = new JobNames("it_" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36));
        engineName = "dbmove-" + names.job();
        statePool = DataSources.pool(stateTarget().endpoint(), "engine-test", 2);
        state = new StateStore(stateTarget().endpoint(), names, statePool);
    }

    @AfterEach
    void cleanUp() {
        try {
            if (source != null) {
                cleanUpSource(source, names);
                source.close();
            }
            state.dropAll();
        } finally {
            statePool.close();
        }
    }

    private Map<String, String> engineProperties() {
        Endpoint target = stateTarget().endpoint();
        Map<String, String> props = new LinkedHashMap<>(connectorProperties(source, names));
        props.put("name", engineName);
        props.put("topic.prefix", names.replicationSlot());
        props.put("snapshot.mode", "initial");
        props.put("offset.flush.interval.ms", "0");
        props.putAll(StateStoreProperties.offsetStore(target, names));
        if (historized()) {
            props.putAll(StateStoreProperties.schemaHistory(target, names));
        }
        return props;
    }

    private void createItems(int... ids) {
        source.execute("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(50))");
        insert(ids);
    }

    private void insert(int... ids) {
        for (int id : ids) {
            source.execute("INSERT INTO items (id, name) VALUES (" + id + ", 'item " + id + "')");
        }
    }

    private static List<String> ops(List<TestEngine.Change> changes) {
        return changes.stream().map(TestEngine.Change::toString).toList();
    }

    @Test
    void aRestartedEngineResumesWhereItStoppedWithoutSnapshottingAgain() throws Exception {
        source = newSource("restart");
        createItems(1, 2, 3);
        String topic = itemsTopic(source, names);
        SourceRecord lastBeforeStop;
        try (TestEngine engine = TestEngine.start(engineProperties())) {
            assertThat(ops(engine.changesUntil(topic, 3))).containsExactlyInAnyOrder("r1", "r2", "r3");
            insert(4, 5);
            assertThat(ops(engine.changesUntil(topic, 5))).containsExactly("c4", "c5");
            lastBeforeStop = engine.last();
        }

        // The engine's committed offset is stored as the text OffsetKeys gives for its last record.
        assertThat(state.readOffsets()).containsExactly(Map.entry(
                OffsetKeys.key(engineName, lastBeforeStop.sourcePartition()),
                OffsetKeys.value(lastBeforeStop.sourceOffset())));
        if (historized()) {
            assertThat(state.history()).anySatisfy(r -> assertThat(r).contains("CREATE TABLE").contains("items"));
        }

        insert(6);
        source.execute("ALTER TABLE items ADD COLUMN note VARCHAR(20)");
        source.execute("INSERT INTO items (id, name, note) VALUES (7, 'item 7', 'while stopped')");
        try (TestEngine engine = TestEngine.start(engineProperties())) {
            List<TestEngine.Change> resumed = engine.changesUntil(topic, 7);
            assertThat(ops(resumed)).containsExactly("c6", "c7");
            assertThat(resumed.get(1).after().getString("note")).isEqualTo("while stopped");
            insert(8);
            // Row 8 comes after everything pending, so nothing else was waiting to be (re)delivered.
            assertThat(ops(engine.changesUntil(topic, 8))).containsExactly("c8");
        }
    }

    @Test
    void anOffsetTheReplicatorWroteInItsOwnTransactionIsWhereTheEngineResumes() throws Exception {
        source = newSource("own_tx");
        createItems(1, 2);
        String topic = itemsTopic(source, names);
        SourceRecord applied;
        try (TestEngine engine = TestEngine.start(engineProperties())) {
            assertThat(ops(engine.changesUntil(topic, 2))).containsExactlyInAnyOrder("r1", "r2");
            insert(3);
            assertThat(ops(engine.changesUntil(topic, 3))).containsExactly("c3");
            applied = engine.last();
        }

        // As the replicator does: the engine's own offsets gone, dbmove's written with the data it describes.
        try (Connection c = statePool.getConnection()) {
            c.setAutoCommit(false);
            for (String key : state.readOffsets().keySet()) {
                state.writeOffset(c, key, null);
            }
            state.writeOffset(c, OffsetKeys.key(engineName, applied.sourcePartition()),
                    OffsetKeys.value(applied.sourceOffset()));
            state.addCounts(c, "items", 1, 0, 0, 0, 0, Instant.now(), null);
            c.commit();
        }

        insert(4);
        try (TestEngine engine = TestEngine.start(engineProperties())) {
            assertThat(ops(engine.changesUntil(topic, 4))).containsExactly("c4");
        }
    }

    /**
     * MySQL/MariaDB deliver again from an older offset. A PostgreSQL slot never goes back behind
     * what it last confirmed, whatever the offset says: the engine goes on from there (a part of
     * what followed the offset, depending on when the engine confirmed), never before the offset,
     * never twice, nothing lost.
     */
    @Test
    void anOlderOffsetWrittenByTheReplicatorRewindsWhereTheSourceCan() throws Exception {
        source = newSource("rewind");
        createItems(1);
        String topic = itemsTopic(source, names);
        List<TestEngine.Change> streamed;
        try (TestEngine engine = TestEngine.start(engineProperties())) {
            engine.changesUntil(topic, 1);
            insert(2, 3, 4);
            streamed = engine.changesUntil(topic, 4);
            assertThat(ops(streamed)).containsExactly("c2", "c3", "c4");
        }

        SourceRecord two = streamed.get(0).record();
        try (Connection c = statePool.getConnection()) {
            c.setAutoCommit(false);
            state.writeOffset(c, OffsetKeys.key(engineName, two.sourcePartition()), OffsetKeys.value(two.sourceOffset()));
            c.commit();
        }
        try (TestEngine engine = TestEngine.start(engineProperties())) {
            if (historized()) {
                assertThat(ops(engine.changesUntil(topic, 4))).containsExactly("c3", "c4");
            } else {
                insert(5);
                assertThat(ops(engine.changesUntil(topic, 5)))
                        .isIn(List.of("c5"), List.of("c4", "c5"), List.of("c3", "c4", "c5"));
            }
        }
    }
}
