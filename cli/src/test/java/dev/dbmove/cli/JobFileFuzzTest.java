package dev.dbmove.cli;

import dev.dbmove.config.JobFileException;
import dev.dbmove.config.JobFileLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A valid job file mutated thousands of times (lines deleted, doubled, swapped, re-indented,
 * cut short; values replaced by other types, huge values, YAML syntax, random bytes; alias
 * bombs and deep nesting): every file either loads, or is refused with a clear message and
 * exit code 2 by the command line, never a stack trace, never another exception, never a hang.
 */
class JobFileFuzzTest {
    private static final int CASES = 3000;
    private static final Map<String, String> ENV = Map.of("TARGET_PASSWORD", "target-pw");
    private static final String VALID = """
            job: shop-move
            source:
              type: mariadb
              host: 127.0.0.1
              port: 3306
              database: shop
              user: repl
              password: s3cr3t-Pa55w0rd
              tls:
                mode: prefer
            target:
              type: postgresql
              host: 127.0.0.1
              port: 5432
              database: shop
              schema: public
              user: dbmove
              password: ${env:TARGET_PASSWORD}
            tables:
              include: ["*"]
              exclude: ["audit_*"]
              keys:
                audit_log: [logged_at, seq]
            replication:
              schema: create
              zeroDates: fail
              fullLoad: fast
            validation:
              parallelism: 2
              chunkTime: 1s
            cutover:
              maxLagSeconds: 5
              requireValidation: 1h
              stop:
                - run: systemctl stop shop-web
                  timeout: 60s
              freeze: auto
              drainTimeout: 120s
              verify: changed
              rewrite:
                - file: /etc/shop/app.env
                  set: {DATABASE_URL: "postgres://${target.user}@${target.host}:${target.port}/${target.database}"}
              start:
                - run: systemctl start shop-web
              health:
                - http: http://127.0.0.1:8080/health
                  expect: 200
                  within: 60s
            """;
    private static final String[] VALUES = {"", "~", "-1", "0", "65536", "99999999999999999999999", "3.5", "true",
            "[1, 2]", "{a: 1}", "[]", "{}", "\"\"", "'unterminated", "\"unterminated", "*nope", "&a x", "!!java.lang.Runtime",
            "!!binary AAAA", "${env:NOT_SET}", "${file:/no/such/file}", "${", "${env:}", "%YAML", "@x", "`x`", "| \n  x",
            "> \n  x", "- a", "? x", "\t", "x: y: z", "é", "\u0000", "\uFEFF", "\\", "#", "1h", "-5s", "1y", "none",
            "mariadb", "postgresql", "mysql", "oracle", "prefer", "verify-full", "NaN", ".inf", "0x10", "0o17", "1_000"};

    @Test
    void everyMutationLoadsOrEndsInAClearMessageAndExitCode2(@TempDir Path dir) {
        assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
            Random random = new Random(20261122);
            JobFileLoader loader = new JobFileLoader(ENV::get);
            int loaded = 0;
            int refused = 0;
            long slowest = 0;
            Path file = dir.resolve("dbmove.yaml");
            for (int i = 0; i < CASES; i++) {
                byte[] content = mutate(VALID, random);
                Files.write(file, content);
                long started = System.nanoTime();
                try {
                    loader.load(file);
                    loaded++;
                } catch (JobFileException e) {
                    refused++;
                    assertThat(e.getMessage()).as("case %d", i).isNotBlank();
                    // and the command line's whole path: one message, exit code 2
                    CliRun run = CliRun.of(ENV, "status", "--config", file.toString());
                    assertThat(run.exitCode()).as("case %d:\n%s\n%s", i, text(content), run.all()).isEqualTo(2);
                    assertThat(run.err()).as("case %d", i).startsWith("error: ")
                            .doesNotContain("\tat ", "Exception", "unexpected failure");
                } catch (Throwable t) {
                    fail("case " + i + " threw " + t + " for:\n" + text(content), t);
                }
                slowest = Math.max(slowest, System.nanoTime() - started);
            }
            System.out.printf("job file fuzz: %d mutations, %d loaded, %d refused (each also through the command line:"
                    + " exit 2, one message), slowest load %d ms%n", CASES, loaded, refused, slowest / 1_000_000);
            assertThat(refused).as("most mutations break the file").isGreaterThan(CASES / 2);
            assertThat(loaded).as("some leave it valid").isPositive();
            assertThat(Duration.ofNanos(slowest)).as("slowest load").isLessThan(Duration.ofSeconds(2));
        });
    }

    @Test
    void bombsAndMonstersAreRefusedQuickly(@TempDir Path dir) throws Exception {
        List<String> files = new ArrayList<>();
        // a billion laughs: each alias doubles the document
        StringBuilder bomb = new StringBuilder("a0: &a0 [x, x]\n");
        for (int i = 1; i < 30; i++) {
            bomb.append("a").append(i).append(": &a").append(i).append(" [*a").append(i - 1).append(", *a").append(i - 1)
                    .append("]\n");
        }
        files.add(VALID + bomb);
        files.add(VALID.replace("job: shop-move", "job: " + "[".repeat(5000) + "]".repeat(5000)));
        files.add(VALID.replace("database: shop", "database: " + "x".repeat(2_000_000)));
        files.add(VALID.replace("port: 3306", "port: &p 3306") + "extra: *p\n");
        files.add("a: &a\n  b: *a\n");
        files.add("\u0000\u0001\u0002");
        files.add(VALID.replace("  ", "\t"));
        for (String content : files) {
            Path file = dir.resolve("dbmove.yaml");
            Files.writeString(file, content);
            CliRun run = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> CliRun.of(ENV, "status", "--config", file.toString()));
            assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
            assertThat(run.err()).startsWith("error: ").doesNotContain("\tat ", "Exception", "unexpected failure");
        }
    }

    private static byte[] mutate(String valid, Random random) {
        List<String> lines = new ArrayList<>(valid.lines().toList());
        int edits = 1 + random.nextInt(3);
        byte[] extraBytes = null;
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(lines.size());
            String line = lines.get(at);
            switch (random.nextInt(9)) {
                case 0 -> lines.remove(at);
                case 1 -> lines.add(at, line);
                case 2 -> {
                    int other = random.nextInt(lines.size());
                    lines.set(at, lines.get(other));
                    lines.set(other, line);
                }
                case 3 -> lines.set(at, " ".repeat(random.nextInt(6)) + line.strip());
                case 4 -> {
                    int colon = line.indexOf(": ");
                    String value = random.nextInt(20) == 0 ? "x".repeat(200_000) : VALUES[random.nextInt(VALUES.length)];
                    lines.set(at, colon < 0 ? line + " " + value : line.substring(0, colon + 2) + value);
                }
                case 5 -> lines.add(at, line.replaceAll("\\S.*", "") + "bogus" + random.nextInt(3) + ": 1");
                case 6 -> lines.subList(at, lines.size()).clear();
                case 7 -> lines.set(at, line.substring(0, random.nextInt(line.length() + 1)));
                default -> {
                    extraBytes = new byte[1 + random.nextInt(8)];
                    random.nextBytes(extraBytes);
                }
            }
            if (lines.isEmpty()) {
                lines.add("");
            }
        }
        byte[] text = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        if (extraBytes == null) {
            return text;
        }
        int at = random.nextInt(text.length + 1);
        byte[] out = new byte[text.length + extraBytes.length];
        System.arraycopy(text, 0, out, 0, at);
        System.arraycopy(extraBytes, 0, out, at, extraBytes.length);
        System.arraycopy(text, at, out, at + extraBytes.length, text.length - at);
        return out;
    }

    private static String text(byte[] content) {
        String s = new String(content, StandardCharsets.UTF_8);
        return s.length() > 2000 ? s.substring(0, 2000) + "..." : s;
    }
}
