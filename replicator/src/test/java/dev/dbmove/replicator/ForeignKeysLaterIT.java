package dev.dbmove.replicator;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbmove.config.JobConfig;
import dev.dbmove.config.TableSelection;
import dev.dbmove.core.TableId;
import dev.dbmove.core.catalog.TableInfo;
import dev.dbmove.core.db.DataSources;
import dev.dbmove.testkit.DatabaseServer;
import dev.dbmove.testkit.RealDatabases;
import dev.dbmove.testkit.TestDatabase;
import dev.dbmove.testkit.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The foreign keys a Kafka Connect job leaves out and the cutover makes ({@link TargetSchema#createForeignKeys})
 * and its rollback drops again ({@link TargetSchema#dropForeignKeys}), on a PostgreSQL and a MariaDB target:
 * made once however often asked, refused with the statement when the rows break them, dropped by the names the
 * target's catalog has.
 */
@ExtendWith(RealDatabases.class)
class ForeignKeysLaterIT {
    @Test
    void onPostgres(TestServers servers) throws Exception {
        madeAndDropped(servers.postgres(), "fk_pg", "SELECT count(*) FROM pg_constraint WHERE contype = 'f'"
                + " AND connamespace = 'public'::regnamespace");
    }

    @Test
    void onMariaDb(TestServers servers) throws Exception {
        madeAndDropped(servers.mariadb(), "fk_maria", "SELECT count(*) FROM information_schema.TABLE_CONSTRAINTS"
                + " WHERE TABLE_SCHEMA = DATABASE() AND CONSTRAINT_TYPE = 'FOREIGN KEY'");
    }

    private static void madeAndDropped(DatabaseServer server, String name, String countKeys) throws Exception {
        try (TestDatabase source = server.createDatabase(name + "_src");
             TestDatabase target = server.createDatabase(name + "_tgt")) {
            source.execute("CREATE TABLE parent (id INT PRIMARY KEY, label VARCHAR(20))",
                    "CREATE TABLE child (id INT PRIMARY KEY, parent_id INT NOT NULL, CONSTRAINT child_parent_fk"
                            + " FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE CASCADE)",
                    "INSERT INTO parent VALUES (1, 'one'), (2, 'two')", "INSERT INTO child VALUES (10, 1), (20, 2)");
            JobConfig job = new JobConfig(Path.of("dbmove.yaml"), name.replace('_', '-'), source.endpoint(),
                    target.endpoint(), TableSelection.ALL);
            SourcePlan plan = SourcePlan.read(job);
            List<TableId> ids = plan.tables().stream().map(TableInfo::id).toList();
            try (HikariDataSource pool = DataSources.pool(job.target(), name, 2)) {
                TargetSchema schema = new TargetSchema(job, plan, pool);
                schema.prepareForSnapshot(ids, Set.of());
                schema.createPostLoad(ids, false);
                assertThat(target.queryLong(countKeys)).as("as Kafka Connect's replicate leaves them").isZero();
                // A child whose parent the target lacks: the key is refused at once, naming the statement.
                target.execute("INSERT INTO parent VALUES (1, 'one')", "INSERT INTO child VALUES (10, 1), (30, 3)");
                assertThatThrownBy(schema::createForeignKeys).isInstanceOf(SQLException.class)
                        .hasMessageContaining("FOREIGN KEY").hasMessageContaining("the source holds rows that break it");
                target.execute("DELETE FROM child WHERE id = 30", "INSERT INTO parent VALUES (2, 'two')",
                        "INSERT INTO child VALUES (20, 2)");

                assertThat(schema.createForeignKeys()).isOne();
                assertThat(schema.createForeignKeys()).as("asked again (a resumed cutover)").isOne();
                assertThat(target.queryLong(countKeys)).isOne();
                target.execute("DELETE FROM parent WHERE id = 1");
                assertThat(target.queryLong("SELECT count(*) FROM child")).as("ON DELETE CASCADE").isOne();

                assertThat(schema.dropForeignKeys()).isOne();
                assertThat(target.queryLong(countKeys)).isZero();
                assertThat(schema.dropForeignKeys()).as("dropped again (a rollback repeated)").isZero();
                target.execute("INSERT INTO child VALUES (40, 4)"); // no key refuses an orphan any more
            }
        }
    }
}
