package dev.dbmove.core.catalog;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.TableId;
import dev.dbmove.core.dialect.Dialect;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Preflight (Dialect.unsupportedType) and translation (SupportedTypes) go by one list. */
class SupportedTypesTest {

    private static ColumnInfo column(String dataType) {
        return new ColumnInfo("c", 1, dataType, dataType + "(x)", true, false, false, null);
    }

    @Test
    void dialectsAgreeWithTheList() {
        for (DatabaseType type : DatabaseType.values()) {
            Dialect dialect = Dialect.of(type);
            for (String name : SupportedTypes.of(type)) {
                assertThat(dialect.unsupportedType(column(name))).as(type + " " + name).isEmpty();
            }
            for (String name : List.of("geometry", "point", "int4range", "vector", "money", "tsvector", "inet6")) {
                assertThat(dialect.unsupportedType(column(name))).as(type + " " + name).get().asString()
                        .startsWith(name + "(x) is not supported");
            }
        }
    }

    @Test
    void aPromotedKeyReplacesThePrimaryKeyAndItsUniqueTwin() {
        ColumnInfo a = new ColumnInfo("a", 1, "int", "int", false, false, false, null);
        ColumnInfo b = new ColumnInfo("b", 2, "int", "int", false, false, false, null);
        TableInfo t = new TableInfo(new TableId("s", "t"), List.of(a, b),
                List.of(new KeyInfo("PRIMARY", List.of("a"), true), new KeyInfo("ub", List.of("b"), false)), 5);
        TableInfo promoted = t.withPrimaryKey(new KeyInfo("ub", List.of("b"), false));
        assertThat(promoted.primaryKey().orElseThrow().columns()).containsExactly("b");
        assertThat(promoted.uniqueKeys()).containsExactly(new KeyInfo("ub", List.of("b"), true),
                new KeyInfo("PRIMARY", List.of("a"), false));
        assertThat(promoted.rowKey().orElseThrow().name()).isEqualTo("ub");
        assertThat(promoted.estimatedRows()).isEqualTo(5);
    }
}
