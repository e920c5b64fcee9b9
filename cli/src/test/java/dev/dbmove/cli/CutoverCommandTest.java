package dev.dbmove.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CutoverCommandTest {
    @Test
    void aDryRunDiffShowsNoPasswordSecretOrToken() {
        String diff = """
                --- /etc/shop/shop.properties
                +++ /etc/shop/shop.properties
                @@ -1,4 +1,4 @@
                 # settings
                -db.url=jdbc:mariadb://old:3306/shop
                -db.password=old-Secret
                +db.url=jdbc:postgresql://new:5432/shop
                +db.password=new-Secret
                 api_token: abc123
                 DATABASE_PASSWORD = x y z""";
        String masked = CutoverCommand.masked(diff);
        assertThat(masked).doesNotContain("old-Secret", "new-Secret", "abc123", "x y z")
                .contains("-db.password=******", "+db.password=******", " api_token: ******",
                        " DATABASE_PASSWORD = ******", "+db.url=jdbc:postgresql://new:5432/shop",
                        "--- /etc/shop/shop.properties");
        assertThat(masked.lines().count()).isEqualTo(diff.lines().count());
    }

    @Test
    void usageErrorsAreRefusedBeforeTheJobFileIsRead() {
        CliRun both = CliRun.of("cutover", "--config", "/nonexistent.yaml", "--resume", "--rollback");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("exclude each other");
        CliRun noRollback = CliRun.of("cutover", "--config", "/nonexistent.yaml", "--rollback", "--no-rollback");
        assertThat(noRollback.exitCode()).isEqualTo(2);
    }
}
