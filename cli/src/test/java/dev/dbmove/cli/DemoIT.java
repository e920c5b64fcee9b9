package dev.dbmove.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's first command: {@code dbmove demo} on a machine with nothing installed. */
class DemoIT {

    @Test
    void demoChecksReplicatesValidatesAndCutsTheWritingApplicationOverToTheTarget() {
        CliRun run = CliRun.of("demo", "--rows", "2000");
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("starting MariaDB 11.4", "starting PostgreSQL 17", "shop: ",
                "source PASS  binary log", "target PASS  create tables", "0 failed",
                "full load done", "4 identical, 0 differ", "Cutover completed", "Downtime report",
                "applications down", "the shop application now runs on PostgreSQL",
                "every one of them is in the target");
    }
}
