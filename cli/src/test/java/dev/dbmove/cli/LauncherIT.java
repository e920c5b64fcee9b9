package dev.dbmove.cli;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The ./dbmove launcher runs the packaged application with its exit codes. */
class LauncherIT {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    private static Result launch(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = ROOT.resolve("dbmove").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        // The package phase has just built the jar; a test must never start a nested build.
        pb.environment().put("DBMOVE_NO_BUILD", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    private record Result(int exitCode, String output) {
    }

    @Test
    void helpAndExitCodes() throws Exception {
        Result help = launch("--help");
        assertThat(help.exitCode()).as(help.output()).isZero();
        assertThat(help.output()).contains("Commands:", "check", "demo", "init");
        Result version = launch("--version");
        assertThat(version.output()).contains("dbmove 0.1.0");
        assertThat(launch("no-such-command").exitCode()).isEqualTo(2);
    }
}
