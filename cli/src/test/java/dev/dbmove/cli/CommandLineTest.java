package dev.dbmove.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line without servers: help, usage errors, init, job-file errors and their exit codes. */
class CommandLineTest {

    @Test
    void helpListsTheCommandsAndEveryCommandHasAnExample() {
        CliRun help = CliRun.of("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("init", "check", "validate", "demo", "Exit codes:");
        for (String command : new String[] {"init", "check", "validate", "demo"}) {
            CliRun run = CliRun.of(command, "--help");
            assertThat(run.exitCode()).as(command).isZero();
            assertThat(run.out()).as(command).containsPattern("Examples?:").contains("dbmove " + command);
        }
    }

    @Test
    void badUsageExitsWithTwo() {
        assertThat(CliRun.of("replicat").exitCode()).isEqualTo(2);
        CliRun unknownOption = CliRun.of("check", "--jsn");
        assertThat(unknownOption.exitCode()).isEqualTo(2);
        assertThat(unknownOption.err()).contains("--jsn");
        CliRun badType = CliRun.of("init", "--source", "oracle", "--target", "postgresql");
        assertThat(badType.exitCode()).isEqualTo(2);
        assertThat(badType.err()).contains("'oracle' is not a database type; use mysql | mariadb | postgresql");
    }

    @Test
    void validateRejectsBadOverridesAndAnEmptyTableListWithTwo(@TempDir Path dir) {
        String job = dir.resolve("nope.yaml").toString();
        CliRun parallel = CliRun.of("validate", "--config", job, "--parallel", "0");
        assertThat(parallel.exitCode()).isEqualTo(2);
        assertThat(parallel.err()).contains("--parallel must be from 1 to 64, not 0", "fix:").doesNotContain("\tat ");
        CliRun rate = CliRun.of("validate", "--config", job, "--max-rows-per-second", "-5");
        assertThat(rate.exitCode()).isEqualTo(2);
        assertThat(rate.err()).contains("--max-rows-per-second must be 0 (no limit) or more");
        CliRun tables = CliRun.of("validate", "--config", job, "--tables", ",");
        assertThat(tables.exitCode()).isEqualTo(2);
        assertThat(tables.err()).contains("--tables names no table");
        CliRun notANumber = CliRun.of("validate", "--config", job, "--parallel", "many");
        assertThat(notANumber.exitCode()).isEqualTo(2);
        CliRun missing = CliRun.of("validate", "--config", job);
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.yaml").doesNotContain("\tat ");
        assertThat(missing.out()).isEmpty();
    }

    @Test
    void initWritesAJobFileThatCheckCanLoadAndRefusesToOverwriteIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("moves/shop.yaml");
        CliRun init = CliRun.of("init", "--source", "mariadb", "--target", "postgresql", "--output", file.toString());
        assertThat(init.exitCode()).isZero();
        assertThat(Files.readString(file)).contains("type: mariadb", "type: postgresql", "${env:DBMOVE_SOURCE_PASSWORD}");

        CliRun again = CliRun.of("init", "--source", "mariadb", "--target", "postgresql", "--output", file.toString());
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("already exists", "--force").doesNotContain("Exception");

        assertThat(CliRun.of("init", "--source", "mysql", "--target", "mysql", "--output", file.toString(), "--force")
                .exitCode()).isZero();
        assertThat(Files.readString(file)).contains("type: mysql").doesNotContain("type: postgresql");
    }

    @Test
    void initIntoAPathThatCannotBeADirectoryIsAClearFailure(@TempDir Path dir) throws Exception {
        Path blocker = Files.writeString(dir.resolve("not-a-directory"), "x");
        CliRun run = CliRun.of("init", "--source", "mariadb", "--target", "postgresql",
                "--output", blocker.resolve("dbmove.yaml").toString());
        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.err()).startsWith("error: cannot create the directory").contains("fix:").doesNotContain("\tat ");
    }

    @Test
    void aBadJobFileExitsWithTwoAndNamesFileLineColumnAndKey(@TempDir Path dir) throws Exception {
        Path job = dir.resolve("dbmove.yaml");
        Files.writeString(job, """
                job: shop-move
                source:
                  type: mariadb
                  hots: 127.0.0.1
                  database: shop
                  user: repl
                  password: Sup3r-Secret-Source-Pw
                target:
                  type: postgresql
                  host: 127.0.0.1
                  port: fivefourthreetwo
                  database: shop
                  user: dbmove
                  password: ${env:TARGET_PW}
                """);
        CliRun run = CliRun.of(Map.of(), "check", "--config", job.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains("dbmove.yaml:4:3: source.hots: unknown key 'hots'", "did you mean 'host'?")
                .contains("dbmove.yaml:11:9: target.port:")
                .contains("TARGET_PW")
                .doesNotContain("Sup3r-Secret-Source-Pw")
                .doesNotContain("\tat ");
    }

    @Test
    void aMissingJobFileSaysSo(@TempDir Path dir) {
        CliRun run = CliRun.of("check", "--config", dir.resolve("nope.yaml").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("nope.yaml").doesNotContain("\tat ");
    }
}
