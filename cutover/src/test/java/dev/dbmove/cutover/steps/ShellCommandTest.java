package dev.dbmove.cutover.steps;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ShellCommandTest {
    @TempDir
    Path dir;

    @Test
    void aProgramIsFoundOnThePathOrAtItsPathAndShellWordsNeedNoProgram() throws Exception {
        Path tool = Files.writeString(dir.resolve("shopctl"), "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path plain = Files.writeString(dir.resolve("notes.txt"), "x");
        String path = dir + ":/nonexistent";

        assertThat(ShellCommand.whyNotFound("shopctl stop", path)).isEmpty();
        assertThat(ShellCommand.whyNotFound("  FOO=1 BAR=x shopctl start", path)).isEmpty();
        assertThat(ShellCommand.whyNotFound(tool + " stop", "")).isEmpty();
        assertThat(ShellCommand.whyNotFound("true", "")).isEmpty();
        assertThat(ShellCommand.whyNotFound("\"$HOME/bin/x\" start", "")).isEmpty();

        assertThat(ShellCommand.whyNotFound("systemctl-missing stop shop", path))
                .contains("'systemctl-missing' is not found on the PATH");
        assertThat(ShellCommand.whyNotFound(dir.resolve("gone") + " stop", path)).get().asString()
                .contains("does not exist");
        assertThat(ShellCommand.whyNotFound(plain + " stop", path)).get().asString()
                .contains("is not an executable file");
    }

    @Test
    void aCommandGetsItsEnvironmentAndItsOutputIsKeptWithSecretsMasked() throws Exception {
        ShellCommand.Outcome ok = ShellCommand.run("echo \"user=$APP_USER pw=$APP_PW\"; exit 0",
                Map.of("APP_USER", "shop", "APP_PW", "s3cret!"), Duration.ofSeconds(10), List.of("s3cret!"));
        assertThat(ok.succeeded()).isTrue();
        assertThat(ok.outputTail()).isEqualTo("user=shop pw=******");

        ShellCommand.Outcome failed = ShellCommand.run("echo starting; echo 'no such unit' >&2; exit 5", Map.of(),
                Duration.ofSeconds(10), List.of());
        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.exitCode()).isEqualTo(5);
        assertThat(failed.failure("systemctl start x", Duration.ofSeconds(10)))
                .isEqualTo("'systemctl start x' exited with status 5; it printed: starting\nno such unit");
    }

    @Test
    void aCommandThatOutlivesItsTimeoutIsStoppedWithItsChildren() throws Exception {
        long start = System.nanoTime();
        ShellCommand.Outcome outcome = ShellCommand.run("sleep 30; echo never", Map.of(), Duration.ofSeconds(1), List.of());
        assertThat(outcome.timedOut()).isTrue();
        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.failure("sleep 30", Duration.ofSeconds(1))).contains("did not finish within 1s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void aDaemonLeftBehindDoesNotKeepTheCutoverWaiting() throws Exception {
        Path marker = dir.resolve("daemon.pid");
        long start = System.nanoTime();
        ShellCommand.Outcome outcome = ShellCommand.run("sleep 20 & echo $! > " + marker + "; echo started", Map.of(),
                Duration.ofSeconds(15), List.of());
        try {
            assertThat(outcome.succeeded()).isTrue();
            assertThat(outcome.outputTail()).isEqualTo("started");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        } finally {
            ProcessHandle.of(Long.parseLong(Files.readString(marker).strip())).ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
