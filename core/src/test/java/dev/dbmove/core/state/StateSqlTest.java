package dev.dbmove.core.state;

import dev.dbmove.core.DatabaseType;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The state schema's SQL as text; StateStoreContract (replicator) runs it on real servers. */
class StateSqlTest {

    @Test
    void stateTablesAreQualifiedAndQuotedForEachEngine() {
        assertThat(new StateSql(DatabaseType.POSTGRESQL, "dbmove_shop").table("offsets"))
                .isEqualTo("\"dbmove_shop\".\"offsets\"");
        assertThat(new StateSql(DatabaseType.MARIADB, "dbmove_shop").table("offsets")).isEqualTo("`dbmove_shop`.`offsets`");
        assertThat(new StateSql(DatabaseType.MYSQL, "dbmove_shop").createSchema())
                .isEqualTo("CREATE DATABASE IF NOT EXISTS `dbmove_shop` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
    }

    @Test
    void upsertsTakeEachEnginesSyntaxAndOnlyPlaceholdersForValues() {
        List<String> columns = List.of("table_name", "inserts");
        StateSql pg = new StateSql(DatabaseType.POSTGRESQL, "s");
        StateSql my = new StateSql(DatabaseType.MARIADB, "s");
        assertThat(pg.upsert("tables", "table_name", columns, List.of("inserts = " + pg.old("inserts") + " + ?")))
                .isEqualTo("INSERT INTO \"s\".\"tables\" AS t (table_name, inserts) VALUES (?, ?)"
                        + " ON CONFLICT (table_name) DO UPDATE SET inserts = t.inserts + ?");
        assertThat(my.upsert("tables", "table_name", columns, List.of("inserts = " + my.old("inserts") + " + ?")))
                .isEqualTo("INSERT INTO `s`.`tables` (table_name, inserts) VALUES (?, ?)"
                        + " ON DUPLICATE KEY UPDATE inserts = inserts + ?");
    }

    @Test
    void everyVersionHasItsMigrationAndNoMore() {
        for (DatabaseType type : DatabaseType.values()) {
            StateSql sql = new StateSql(type, "s");
            for (int n = 1; n <= StateSql.latestVersion(); n++) {
                String qualifier = type == DatabaseType.POSTGRESQL ? "\"s\"." : "`s`.";
                assertThat(sql.migration(n)).isNotEmpty().allSatisfy(ddl -> assertThat(ddl).contains(qualifier));
            }
            int beyond = StateSql.latestVersion() + 1;
            assertThatThrownBy(() -> sql.migration(beyond)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void phasesAreStoredInLowerCaseAndReadBack() {
        Arrays.stream(TablePhase.values()).forEach(p -> assertThat(TablePhase.fromStored(p.stored())).isEqualTo(p));
        Arrays.stream(JobPhase.values()).forEach(p -> assertThat(JobPhase.fromStored(p.stored())).isEqualTo(p));
        assertThat(TablePhase.SNAPSHOT.stored()).isEqualTo("snapshot");
        assertThatThrownBy(() -> TablePhase.fromStored("SNAPSHOT")).hasMessageContaining("unknown table phase");
    }
}
