package dev.dbmove.core.status;

import dev.dbmove.core.DatabaseType;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link SourcePosition#after}: whether a change's position shows a write made after a position read from the source. */
class SourcePositionAfterTest {
    @Test
    void aMariaDbTransactionIsAfterOnlyWhenThePositionDoesNotHoldIt() throws SQLException {
        String read = "mysql-bin.000002:4711 gtid 0-1-38";
        // The last transaction the position holds, with its records at the transaction's start: not after.
        assertThat(SourcePosition.after(null, DatabaseType.MARIADB, read, "mysql-bin.000002:4400 gtid 0-1-38")).isFalse();
        assertThat(SourcePosition.after(null, DatabaseType.MARIADB, read, "mysql-bin.000002:4711 gtid 0-1-39")).isTrue();
        assertThat(SourcePosition.after(null, DatabaseType.MARIADB, read, "mysql-bin.000002:900 gtid 0-1-12")).isFalse();
        // Another domain's transaction the position does not hold.
        assertThat(SourcePosition.after(null, DatabaseType.MARIADB, "mysql-bin.000002:4711 gtid 0-1-38,1-1-5",
                "mysql-bin.000002:4711 gtid 1-1-6")).isTrue();
    }

    @Test
    void withoutGtidsAChangeAtOrPastTheOffsetIsAfter() throws SQLException {
        String read = "mysql-bin.000002:4711";
        assertThat(SourcePosition.after(null, DatabaseType.MYSQL, read, "mysql-bin.000002:4711")).isTrue();
        assertThat(SourcePosition.after(null, DatabaseType.MYSQL, read, "mysql-bin.000002:5000")).isTrue();
        assertThat(SourcePosition.after(null, DatabaseType.MYSQL, read, "mysql-bin.000002:4400")).isFalse();
        assertThat(SourcePosition.after(null, DatabaseType.MYSQL, read, "mysql-bin.000003:4")).isTrue();
        assertThat(SourcePosition.after(null, DatabaseType.MYSQL, read, "mysql-bin.000001:90000")).isFalse();
    }

    @Test
    void aPostgresChangeAtOrPastTheLsnIsAfter() throws SQLException {
        assertThat(SourcePosition.after(null, DatabaseType.POSTGRESQL, "0/16B3748", "0/16B3748")).isTrue();
        assertThat(SourcePosition.after(null, DatabaseType.POSTGRESQL, "0/16B3748", "1/0")).isTrue();
        assertThat(SourcePosition.after(null, DatabaseType.POSTGRESQL, "0/16B3748", "0/16B3700")).isFalse();
    }

    @Test
    void nothingKnownIsNotAfter() throws SQLException {
        assertThat(SourcePosition.after(null, DatabaseType.MARIADB, "mysql-bin.000002:4711", null)).isFalse();
        assertThat(SourcePosition.after(null, DatabaseType.MARIADB, "mysql-bin.000002:4711", "")).isFalse();
        assertThat(SourcePosition.after(null, DatabaseType.POSTGRESQL, "0/16B3748", "junk")).isFalse();
    }
}
