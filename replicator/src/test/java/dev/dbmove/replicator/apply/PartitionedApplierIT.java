package dev.dbmove.replicator.apply;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbmove.core.JobNames;
import dev.dbmove.core.TableId;
import dev.dbmove.core.catalog.TableInfo;
import dev.dbmove.core.db.DataSources;
import dev.dbmove.core.state.StateStore;
import dev.dbmove.core.state.TableState;
import dev.dbmove.replicator.apply.PartitionedApplier.PartitionedRecord;
import dev.dbmove.replicator.apply.PartitionedApplier.TopicPartition;
import dev.dbmove.testkit.RealDatabases;
import dev.dbmove.testkit.TestDatabase;
import dev.dbmove.testkit.TestServers;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sink's applier against a real PostgreSQL target, with records shaped as Debezium's
 * MariaDB connector writes them to Kafka: a batch delivered again (as Kafka does after a
 * failure or a rebalance) changes nothing and counts nothing; a batch that fails midway leaves
 * neither rows nor offsets; a new applier (another task taking the partition over) reads the
 * offset the target holds.
 */
@ExtendWith(RealDatabases.class)
class PartitionedApplierIT {
    private static final Schema ROW = SchemaBuilder.struct().name("shop.items.Value")
            .field("id", Schema.INT32_SCHEMA).field("v", Schema.OPTIONAL_STRING_SCHEMA).optional().build();
    private static final Schema KEY = SchemaBuilder.struct().name("shop.items.Key").field("id", Schema.INT32_SCHEMA)
            .build();
    private static final Schema SOURCE = SchemaBuilder.struct().name("io.debezium.connector.mariadb.Source")
            .field("db", Schema.STRING_SCHEMA).field("table", Schema.OPTIONAL_STRING_SCHEMA)
            .field("ts_ms", Schema.INT64_SCHEMA).field("snapshot", Schema.OPTIONAL_STRING_SCHEMA)
            .field("file", Schema.STRING_SCHEMA).field("pos", Schema.INT64_SCHEMA).build();
    private static final Schema ENVELOPE = SchemaBuilder.struct().name("shop.items.Envelope")
            .field("before", ROW).field("after", ROW).field("source", SOURCE).field("op", Schema.STRING_SCHEMA)
            .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA).build();
    private static final String TOPIC = "dbmove_pa.shop.items";

    @Test
    void aBatchDeliveredAgainChangesAndCountsNothing(TestServers servers) throws Exception {
        try (TestDatabase db = servers.postgres().createDatabase("partitioned_apply");
             HikariDataSource pool = DataSources.pool(db.endpoint(), "pa", 2)) {
            db.execute("CREATE TABLE items (id INT PRIMARY KEY, v TEXT)");
            StateStore state = new StateStore(db.endpoint(), new JobNames("pa"), pool);
            state.create();
            state.markCopying(Map.of("items", 0L));
            Map<TableId, ApplyTable> tables = tables(db);
            TopicPartition p0 = new TopicPartition(TOPIC, 0);
            try (TargetWriter writer = TargetWriters.of(pool, db.endpoint().type())) {
                PartitionedApplier applier = new PartitionedApplier("pa-sink", "dbmove_pa", tables, writer, state);
                List<PartitionedRecord> first = List.of(change(0, 0, "c", null, row(1, "one")),
                        change(0, 1, "c", null, row(2, "two")), change(1, 0, "c", null, row(3, "three")),
                        change(0, 2, "u", row(1, "one"), row(1, "uno")));
                assertThat(applier.apply(first)).isEqualTo(4);
                assertThat(applier.apply(first)).as("delivered again: all skipped").isZero();
                // A later batch that overlaps the first (Kafka resumed from an older committed offset).
                List<PartitionedRecord> overlap = List.of(change(0, 1, "c", null, row(2, "two")),
                        change(0, 2, "u", row(1, "one"), row(1, "uno")), change(0, 3, "d", row(2, "two"), null));
                assertThat(applier.apply(overlap)).isEqualTo(1);
                assertThat(db.queryString("SELECT string_agg(id || '=' || v, ',' ORDER BY id) FROM items"))
                        .isEqualTo("1=uno,3=three");
                TableState counted = state.tables().get(0);
                assertThat(List.of(counted.inserts(), counted.updates(), counted.deletes())).containsExactly(3L, 1L, 1L);

                // A batch that fails midway (a value the column cannot take) leaves no row and no offset.
                List<PartitionedRecord> failing = List.of(change(0, 4, "c", null, row(4, "four")),
                        change(0, 5, "c", null, row(5, "bad\u0000nul")));
                assertThatThrownBy(() -> applier.apply(failing)).isInstanceOf(RowRejectedException.class);
                assertThat(db.queryLong("SELECT count(*) FROM items WHERE id IN (4, 5)")).isZero();

                // Another task takes partition 0 over: it reads the offset the target holds, and Kafka's redelivery
                // of the failed batch is applied (it never was), the rest skipped.
                PartitionedApplier other = new PartitionedApplier("pa-sink", "dbmove_pa", tables, writer, state);
                assertThat(other.appliedOffset(p0)).contains(3L);
                assertThat(other.appliedOffset(new TopicPartition(TOPIC, 1))).contains(0L);
                assertThat(other.apply(List.of(change(0, 3, "d", row(2, "two"), null),
                        change(0, 4, "c", null, row(4, "four"))))).isEqualTo(1);
                assertThat(db.queryString("SELECT string_agg(id || '=' || v, ',' ORDER BY id) FROM items"))
                        .isEqualTo("1=uno,3=three,4=four");
            }
        }
    }

    private static Map<TableId, ApplyTable> tables(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            TableInfo target = db.dialect().readTables(c, db.endpoint().schema()).get(0);
            // The source table as Debezium names it (database shop), written to the target's items.
            TableInfo source = new TableInfo(new TableId("shop", "items"), target.columns(), target.uniqueKeys(),
                    target.estimatedRows(), target.indexes(), target.foreignKeys());
            return Map.of(source.id(), ApplyTable.of(source, target, List.of("id"), false));
        }
    }

    private static Struct row(int id, String v) {
        return new Struct(ROW).put("id", id).put("v", v);
    }

    private static PartitionedRecord change(int partition, long offset, String op, Struct before, Struct after) {
        Struct source = new Struct(SOURCE).put("db", "shop").put("table", "items").put("ts_ms", 1_700_000_000_000L)
                .put("snapshot", "false").put("file", "mysql-bin.000001").put("pos", 1000 + offset);
        Struct value = new Struct(ENVELOPE).put("before", before).put("after", after).put("source", source)
                .put("op", op).put("ts_ms", 1_700_000_000_000L);
        Struct key = new Struct(KEY).put("id", (after != null ? after : before).getInt32("id"));
        return new PartitionedRecord(TOPIC, partition, offset, new SinkRecord(TOPIC, partition, KEY, key, ENVELOPE,
                value, offset));
    }
}
