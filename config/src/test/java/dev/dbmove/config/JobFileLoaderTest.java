package dev.dbmove.config;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.Endpoint;
import dev.dbmove.core.Secret;
import dev.dbmove.core.TlsMode;
import dev.dbmove.core.TlsSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobFileLoaderTest {
    @TempDir
    Path dir;

    @Test
    void loadsAValidFileIntoRecordsWithEveryInterpolationForm() {
        JobFiles files = new JobFiles(dir, Map.of("SOURCE_PASSWORD", "src-pw", "SOURCE_USER", "repl"));
        files.write("secrets/target-password", "tgt-pw\n");
        files.write("certs/ca.pem", "-----BEGIN CERTIFICATE-----\n");
        Path file = files.write("dbmove.yaml", """
                job: shop-move
                source:
                  type: mariadb
                  host: 127.0.0.1
                  port: 3307
                  database: shop
                  user: ${env:SOURCE_USER}
                  password: ${env:SOURCE_PASSWORD}
                  tls:
                    mode: verify-ca
                    ca: certs/ca.pem
                target:
                  type: postgresql
                  host: ${env:TARGET_HOST:-pg.internal}
                  database: shop
                  schema: sales
                  user: dbmove
                  password: ${file:secrets/target-password}
                tables:
                  include: ["orders", "customer_*", "price$${x}"]
                  exclude: audit_*
                """);

        JobConfig config = files.loader().load(file);

        assertThat(config.file()).isEqualTo(file);
        assertThat(config.job()).isEqualTo("shop-move");
        assertThat(config.names().replicationSlot()).isEqualTo("dbmove_shop_move");
        assertThat(config.source()).isEqualTo(new Endpoint(DatabaseType.MARIADB, "127.0.0.1", 3307, "shop", "shop",
                "repl", Secret.of("src-pw"), new TlsSettings(TlsMode.VERIFY_CA, dir.resolve("certs/ca.pem"))));
        assertThat(config.target()).isEqualTo(new Endpoint(DatabaseType.POSTGRESQL, "pg.internal", 5432, "shop", "sales",
                "dbmove", Secret.of("tgt-pw"), TlsSettings.DEFAULT));
        assertThat(config.tables()).isEqualTo(new TableSelection(List.of("orders", "customer_*", "price${x}"), List.of("audit_*")));
    }

    @Test
    void appliesDefaultsForEverythingOptional() {
        JobConfig config = new JobFiles(dir).load("""
                job: m
                source: {type: mysql, host: a, database: app, user: u}
                target: {type: postgresql, host: b, database: app, user: u}
                """);

        assertThat(config.source().port()).isEqualTo(3306);
        assertThat(config.source().schema()).isEqualTo("app");
        assertThat(config.source().password()).isEqualTo(Secret.EMPTY);
        assertThat(config.source().tls()).isEqualTo(TlsSettings.DEFAULT);
        assertThat(config.target().port()).isEqualTo(5432);
        assertThat(config.target().schema()).isEqualTo("public");
        assertThat(config.tables()).isEqualTo(TableSelection.ALL);
        assertThat(config.tables().include()).containsExactly("*");
        assertThat(config.tables().exclude()).isEmpty();
    }

    @Test
    void treatsKeysWithoutValueAsAbsentWhereThatIsAllowed() {
        JobConfig config = new JobFiles(dir).load("""
                job: m
                source:
                  type: mariadb
                  host: a
                  port:
                  database: app
                  user: u
                  password:
                  tls:
                target:
                  type: postgresql
                  host: b
                  port: ${env:UNSET_PORT:-}
                  database: app
                  schema: ~
                  user: u
                  tls:
                    mode:
                tables:
                  include:
                """);

        assertThat(config.source().port()).isEqualTo(3306);
        assertThat(config.source().password()).isEqualTo(Secret.EMPTY);
        assertThat(config.source().tls()).isEqualTo(TlsSettings.DEFAULT);
        assertThat(config.target().port()).isEqualTo(5432);
        assertThat(config.target().schema()).isEqualTo("public");
        assertThat(config.target().tls()).isEqualTo(TlsSettings.DEFAULT);
        assertThat(config.tables()).isEqualTo(TableSelection.ALL);
    }

    @Test
    void loadsTheSharedValidFile() {
        JobConfig config = new JobFiles(dir).load(JobFiles.VALID);

        assertThat(config.source().password().reveal()).isEqualTo("s3cr3t-Pa55w0rd");
        assertThat(config.target().password().reveal()).isEqualTo("target-pw");
        assertThat(config.tables().selects("orders")).isTrue();
        assertThat(config.tables().selects("audit_log")).isFalse();
    }

    @Test
    void takesAnyScalarAsPasswordText() {
        JobConfig config = new JobFiles(dir).load(JobFiles.validWith("  password: s3cr3t-Pa55w0rd", "  password: 012345"));

        assertThat(config.source().password().reveal()).isEqualTo("012345");
    }

    @Test
    void acceptsTypeAndModeNamesInAnyCaseAndPortsAsQuotedText() {
        JobConfig config = new JobFiles(dir).load(JobFiles.VALID
                .replace("type: mariadb", "type: MariaDB")
                .replace("mode: prefer", "mode: REQUIRE")
                .replace("port: 5432", "port: \"5433\""));

        assertThat(config.source().type()).isEqualTo(DatabaseType.MARIADB);
        assertThat(config.source().tls().mode()).isEqualTo(TlsMode.REQUIRE);
        assertThat(config.target().port()).isEqualTo(5433);
    }

    @Test
    void readsAFileWithAByteOrderMark() {
        JobConfig config = new JobFiles(dir).load("\uFEFF" + JobFiles.VALID);

        assertThat(config.job()).isEqualTo("shop-move");
    }

    @Test
    void resolvesRelativePathsAgainstTheJobFilesDirectoryNotTheWorkingDirectory() {
        JobFiles files = new JobFiles(dir);
        files.write("conf/pw", "from-conf-dir");
        Path file = files.write("conf/dbmove.yaml",
                JobFiles.validWith("  password: s3cr3t-Pa55w0rd", "  password: ${file:pw}"));

        JobConfig config = files.loader().load(file);

        assertThat(config.source().password().reveal()).isEqualTo("from-conf-dir");
    }

    @Test
    void recordsAreImmutable() {
        JobConfig config = new JobFiles(dir).load(JobFiles.VALID);

        assertThatThrownBy(() -> config.tables().include().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> config.tables().exclude().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void jobConfigRejectsAnInvalidJobNameWhenBuiltDirectly() {
        JobConfig valid = new JobFiles(dir).load(JobFiles.VALID);

        assertThatThrownBy(() -> new JobConfig(valid.file(), "Bad Name", valid.source(), valid.target(), valid.tables()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void suggestsAValidJobNameMadeFromTheInvalidOne() {
        assertThat(JobFileLoader.suggestJobName("Shop Move")).isEqualTo("shop-move");
        assertThat(JobFileLoader.suggestJobName("2024_shop!")).isEqualTo("shop");
        assertThat(JobFileLoader.suggestJobName("123")).isEqualTo("my-move");
        assertThat(JobFileLoader.suggestJobName("a".repeat(50))).hasSize(40);
        for (String bad : List.of("Shop Move", "2024_shop!", "123", "a".repeat(50), "x--", "ÄÖÜ-db")) {
            assertThat(JobFileLoader.suggestJobName(bad)).matches(dev.dbmove.core.JobNames.VALID);
        }
    }
}
