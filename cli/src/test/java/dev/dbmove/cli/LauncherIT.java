package dev.dbmove.cli;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

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

    @Test
    void aClassDataArchiveIsMadeOncePerBuildAndNothingOfItShows() throws Exception {
        Path target = ROOT.resolve("cli/target");
        Path jar = target.resolve("dbmove.jar");
        // A new build (the jar newer than any archive): the next start makes the archive again.
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis()));
        Result first = launch("--version");
        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output().strip().lines().toList()).as("only the version, no JVM warning")
                .hasSize(2).first().asString().startsWith("dbmove 0.1.0");
        List<Path> archives = archives(target);
        assertThat(archives).hasSize(1);
        Path archive = archives.get(0);
        assertThat(Files.size(archive)).isGreaterThan(10_000_000L); // the replication's classes, not a stub
        assertThat(Files.getLastModifiedTime(archive)).isGreaterThanOrEqualTo(Files.getLastModifiedTime(jar));
        FileTime made = Files.getLastModifiedTime(archive);

        // Later starts use it as it is, and print the same.
        Result second = launch("--version");
        assertThat(second.output()).isEqualTo(first.output());
        assertThat(Files.getLastModifiedTime(archive)).isEqualTo(made);
        assertThat(archives(target)).hasSize(1); // no temporary file left behind
    }

    private static List<Path> archives(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches("dbmove-\\d+\\.jsa(\\.\\d+)?")).toList();
        }
    }
}
