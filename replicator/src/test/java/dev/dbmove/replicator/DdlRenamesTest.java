package dev.dbmove.replicator;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Column renames read from the MySQL and MariaDB DDL the binlog carries. */
class DdlRenamesTest {

    @Test
    void renameColumnAndChangeColumnAreRenames() {
        assertThat(TargetSchema.renames("ALTER TABLE t RENAME COLUMN label TO title")).isEqualTo(Map.of("label", "title"));
        assertThat(TargetSchema.renames("alter table `t` change `label` `title` text not null"))
                .isEqualTo(Map.of("label", "title"));
        assertThat(TargetSchema.renames("ALTER TABLE t CHANGE COLUMN IF EXISTS a b INT, RENAME COLUMN c TO `d``x`"))
                .isEqualTo(Map.of("a", "b", "c", "d`x"));
    }

    @Test
    void aChangeThatKeepsTheNameAndOtherStatementsAreNot() {
        assertThat(TargetSchema.renames("ALTER TABLE t CHANGE n n BIGINT")).isEmpty();
        assertThat(TargetSchema.renames("ALTER TABLE t DROP COLUMN label, ADD COLUMN title TEXT")).isEmpty();
        assertThat(TargetSchema.renames("ALTER TABLE t RENAME TO u")).isEmpty();
        assertThat(TargetSchema.renames("ALTER TABLE t MODIFY v VARCHAR(50)")).isEmpty();
    }
}
