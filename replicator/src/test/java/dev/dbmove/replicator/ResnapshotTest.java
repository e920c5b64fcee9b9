package dev.dbmove.replicator;

import dev.dbmove.core.DbmoveException;
import dev.dbmove.core.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What --resnapshot names. */
class ResnapshotTest {
    private static final List<String> JOB = List.of("orders", "customers", "all items");

    @Test
    void namesTablesOrAll() {
        Resnapshot some = Resnapshot.of(List.of("orders", " customers "));
        assertThat(some.names("orders")).isTrue();
        assertThat(some.names("customers")).isTrue();
        assertThat(some.names("all items")).isFalse();
        assertThat(some.coversAll(JOB)).isFalse();
        assertThat(Resnapshot.of(List.of("all")).coversAll(JOB)).isTrue();
        assertThat(Resnapshot.of(JOB).coversAll(JOB)).as("every table named one by one").isTrue();
        assertThat(Resnapshot.of(null).isEmpty()).isTrue();
        assertThat(Resnapshot.of(List.of("")).isEmpty()).isTrue();
    }

    @Test
    void anUnknownTableIsABadCommandLineNamingTheJobsTables() {
        assertThatThrownBy(() -> Resnapshot.of(List.of("orders", "ordres")).requireKnown(JOB))
                .isInstanceOfSatisfying(DbmoveException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BAD_USAGE);
                    assertThat(e.getMessage()).contains("ordres").doesNotContain("orders,");
                    assertThat(e.fix()).contains("orders", "customers", "--resnapshot all");
                });
    }
}
