package dev.dbmove.core.schema;

import dev.dbmove.core.DatabaseType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class TargetNamesTest {

    @Test
    void namesTheTargetCanHoldAreKept() {
        assertThat(TargetNames.problem(DatabaseType.POSTGRESQL, "é".repeat(31))).isEmpty(); // 62 bytes
        assertThat(TargetNames.problem(DatabaseType.POSTGRESQL, "é".repeat(32))).get().asString().contains("63 bytes");
        assertThat(TargetNames.problem(DatabaseType.MYSQL, "é".repeat(64))).isEmpty(); // MySQL counts characters
        assertThat(TargetNames.problem(DatabaseType.MYSQL, "é".repeat(65))).get().asString().contains("64 characters");
        assertThat(TargetNames.problem(DatabaseType.MARIADB, "a ")).get().asString().contains("ends with a space");
        assertThat(TargetNames.problem(DatabaseType.POSTGRESQL, "a ")).isEmpty();
        assertThat(TargetNames.problem(DatabaseType.POSTGRESQL, "")).isPresent();
    }

    @Test
    void derivedNamesArePrefixedAcrossFamiliesAndShortenedWithAStableHash() {
        assertThat(TargetNames.derived(DatabaseType.POSTGRESQL, false, "orders", "by_date")).isEqualTo("orders_by_date");
        assertThat(TargetNames.derived(DatabaseType.POSTGRESQL, false, "orders", "orders_by_date")).isEqualTo("orders_by_date");
        assertThat(TargetNames.derived(DatabaseType.POSTGRESQL, true, "orders", "by_date")).isEqualTo("by_date");
        String table = "t".repeat(60);
        String a = TargetNames.derived(DatabaseType.POSTGRESQL, false, table, "index_a");
        String b = TargetNames.derived(DatabaseType.POSTGRESQL, false, table, "index_b");
        assertThat(a).isNotEqualTo(b).hasSize(63).isEqualTo(TargetNames.derived(DatabaseType.POSTGRESQL, false, table, "index_a"));
        String multibyte = TargetNames.fit(DatabaseType.POSTGRESQL, "ü".repeat(40));
        assertThat(multibyte.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(63);
        assertThat(multibyte).startsWith("üü").doesNotContain("\uFFFD");
        assertThat(TargetNames.fit(DatabaseType.MARIADB, "x".repeat(70))).hasSize(64);
        assertThat(TargetNames.fit(DatabaseType.MARIADB, "trailing ")).matches("trailing_[0-9a-f]{8}");
    }
}
