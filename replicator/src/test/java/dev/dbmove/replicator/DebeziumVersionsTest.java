package dev.dbmove.replicator;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One Debezium version for the engine and all three connectors: mixing them breaks at run
 * time in ways no compiler sees (shared classes in debezium-core and -connector-binlog).
 */
class DebeziumVersionsTest {

    @Test
    void engineAndConnectorsShareOneVersion() throws IOException {
        String mysql = io.debezium.connector.mysql.Module.version();
        assertThat(mysql).isNotBlank();
        assertThat(io.debezium.connector.mariadb.Module.version()).isEqualTo(mysql);
        assertThat(io.debezium.connector.postgresql.Module.version()).isEqualTo(mysql);
        assertThat(pomVersion("debezium-embedded")).isEqualTo(mysql);
        assertThat(pomVersion("debezium-connector-binlog")).isEqualTo(mysql);
    }

    private static String pomVersion(String artifact) throws IOException {
        String resource = "META-INF/maven/io.debezium/" + artifact + "/pom.properties";
        try (InputStream in = DebeziumVersionsTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        }
    }
}
