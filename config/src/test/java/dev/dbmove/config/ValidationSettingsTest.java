package dev.dbmove.config;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.Endpoint;
import dev.dbmove.core.Secret;
import dev.dbmove.core.TlsSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The validation section: defaults, every key, each kind of mistake, and which columns reports mask. */
class ValidationSettingsTest {
    @TempDir
    Path dir;

    private JobFileException failure(String section) {
        return new JobFiles(dir).failure(JobFiles.VALID + section);
    }

    @Test
    void anAbsentOrEmptySectionMeansTheDefaults() {
        assertThat(new JobFiles(dir).load(JobFiles.VALID).validation()).isSameAs(ValidationSettings.DEFAULT);
        assertThat(new JobFiles(dir).load(JobFiles.VALID + "validation:\n").validation()).isSameAs(ValidationSettings.DEFAULT);
        assertThat(new JobFiles(dir).load(JobFiles.VALID + "validation: {}\n").validation()).isEqualTo(ValidationSettings.DEFAULT);
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        ValidationSettings defaults = ValidationSettings.DEFAULT;
        assertThat(defaults.parallelism()).isEqualTo(2);
        assertThat(defaults.chunkTime()).isEqualTo(Duration.ofMillis(500));
        assertThat(defaults.maxRowsPerSecond()).isZero();
        assertThat(defaults.throttled()).isFalse();
        assertThat(defaults.settleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(defaults.samples()).isEqualTo(10);
        assertThat(defaults.mask()).containsExactly("*password*", "*secret*", "*token*");
    }

    @Test
    void readsEveryKey() {
        JobConfig job = new JobFiles(dir).load(JobFiles.VALID + """
                validation:
                  parallelism: 8
                  chunkTime: 2s
                  maxRowsPerSecond: 50000
                  settleTimeout: 1h30m
                  samples: 0
                  mask: ["*password*", "users.ssn"]
                """);

        assertThat(job.validation()).isEqualTo(new ValidationSettings(8, Duration.ofSeconds(2), 50_000,
                Duration.ofMinutes(90), 0, List.of("*password*", "users.ssn")));
        assertThat(job.validation().throttled()).isTrue();
    }

    @Test
    void keysLeftOutKeepTheirDefaults() {
        ValidationSettings settings = new JobFiles(dir).load(JobFiles.VALID + "validation:\n  samples: 3\n").validation();

        assertThat(settings).isEqualTo(new ValidationSettings(2, Duration.ofMillis(500), 0, Duration.ofSeconds(60), 3,
                ValidationSettings.DEFAULT_MASK));
    }

    @Test
    void valuesMayBeQuotedOrInterpolatedAndABareNumberIsSeconds() {
        JobFiles files = new JobFiles(dir, Map.of("TARGET_PASSWORD", "target-pw", "PARALLELISM", "16"));

        ValidationSettings settings = files.load(JobFiles.VALID + """
                validation:
                  parallelism: ${env:PARALLELISM}
                  chunkTime: "1"
                  settleTimeout: 0
                  maxRowsPerSecond: ${env:UNSET:-}
                  mask: []
                """).validation();

        assertThat(settings.parallelism()).isEqualTo(16);
        assertThat(settings.chunkTime()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.settleTimeout()).isZero();
        assertThat(settings.maxRowsPerSecond()).isZero();
        assertThat(settings.mask()).isEmpty();
        assertThat(settings.masked("users", "password")).isFalse();
    }

    @Test
    void textThatIsNotAnIntegerIsLocatedWithTheRange() {
        JobFileException e = failure("validation:\n  parallelism: lots\n");

        JobFileProblem problem = JobFiles.problemAt(e, "validation.parallelism");
        assertThat(problem.line()).isEqualTo(23);
        assertThat(problem.column()).isEqualTo(16);
        assertThat(problem.problem()).isEqualTo("expected an integer from 1 to 64, found 'lots'");
        assertThat(problem.fix()).isEqualTo("write a whole number from 1 to 64, e.g. `parallelism: 4`;"
                + " each chunk compared at once holds one source and one target connection");
        assertThat(e.getMessage()).contains("dbmove.yaml:23:16: validation.parallelism: expected an integer from 1 to 64, found 'lots'");
    }

    @Test
    void integersOutOfRangeOrFractionalAreProblems() {
        JobFileException e = failure("""
                validation:
                  parallelism: 65
                  maxRowsPerSecond: -1
                  samples: 1001
                """);

        assertThat(JobFiles.problemAt(e, "validation.parallelism").problem()).isEqualTo("expected an integer from 1 to 64, found '65'");
        JobFileProblem rows = JobFiles.problemAt(e, "validation.maxRowsPerSecond");
        assertThat(rows.problem()).isEqualTo("expected an integer of 0 or more, found '-1'");
        assertThat(rows.fix()).isEqualTo("write a whole number of 0 or more, e.g. `maxRowsPerSecond: 50000`; 0 means no limit");
        assertThat(rows.line()).isEqualTo(24);
        JobFileProblem samples = JobFiles.problemAt(e, "validation.samples");
        assertThat(samples.problem()).isEqualTo("expected an integer from 0 to 1000, found '1001'");
        assertThat(samples.line()).isEqualTo(25);

        assertThat(JobFiles.problemAt(failure("validation:\n  parallelism: 0\n"), "validation.parallelism").problem())
                .isEqualTo("expected an integer from 1 to 64, found '0'");
        assertThat(JobFiles.problemAt(failure("validation:\n  samples: 2.5\n"), "validation.samples").problem())
                .isEqualTo("expected an integer from 0 to 1000, found '2.5'");
        assertThat(JobFiles.problemAt(failure("validation:\n  maxRowsPerSecond: 99999999999999999999\n"),
                "validation.maxRowsPerSecond").problem()).startsWith("expected an integer of 0 or more, found '9999");
    }

    @Test
    void aListOrMappingWhereANumberIsExpectedIsAWrongType() {
        JobFileException e = failure("validation:\n  parallelism: [1, 2]\n  chunkTime: {seconds: 1}\n");

        JobFileProblem parallelism = JobFiles.problemAt(e, "validation.parallelism");
        assertThat(parallelism.problem()).isEqualTo("expected an integer from 1 to 64, found a list");
        assertThat(parallelism.line()).isEqualTo(23);
        JobFileProblem chunkTime = JobFiles.problemAt(e, "validation.chunkTime");
        assertThat(chunkTime.problem()).isEqualTo("expected a duration from 10ms to 1m, found a mapping");
        assertThat(chunkTime.fix()).contains("chunkTime: 500ms");
        assertThat(chunkTime.line()).isEqualTo(24);
    }

    @Test
    void aBadDurationSaysWhyAndHowToWriteOne() {
        JobFileException e = failure("validation:\n  chunkTime: soon\n  settleTimeout: -5s\n");

        JobFileProblem chunkTime = JobFiles.problemAt(e, "validation.chunkTime");
        assertThat(chunkTime.line()).isEqualTo(23);
        assertThat(chunkTime.column()).isEqualTo(14);
        assertThat(chunkTime.problem()).startsWith("'soon' is not a duration: ");
        assertThat(chunkTime.fix()).isEqualTo("write a duration such as 500ms, 30s, 5m or 1h (a bare number means seconds);"
                + " here from 10ms to 1m, e.g. `chunkTime: 500ms`");
        JobFileProblem settle = JobFiles.problemAt(e, "validation.settleTimeout");
        assertThat(settle.line()).isEqualTo(24);
        assertThat(settle.problem()).isEqualTo("'-5s' is not a duration: it is negative");
        assertThat(settle.fix()).startsWith("write a duration such as 500ms, 30s, 5m or 1h").contains("from 0s to 24h");

        assertThat(JobFiles.problemAt(failure("validation:\n  settleTimeout: 99999999999999999h\n"), "validation.settleTimeout")
                .problem()).isEqualTo("'99999999999999999h' is not a duration: it is too long");
    }

    @Test
    void durationsOutOfRangeAreProblems() {
        JobFileException e = failure("validation:\n  chunkTime: 5ms\n  settleTimeout: 25h\n");

        JobFileProblem chunkTime = JobFiles.problemAt(e, "validation.chunkTime");
        assertThat(chunkTime.problem()).isEqualTo("expected a duration from 10ms to 1m, found '5ms'");
        assertThat(chunkTime.fix()).isEqualTo("write a duration from 10ms to 1m, e.g. `chunkTime: 500ms`");
        assertThat(JobFiles.problemAt(e, "validation.settleTimeout").problem())
                .isEqualTo("expected a duration from 0s to 24h, found '25h'");
        assertThat(JobFiles.problemAt(failure("validation:\n  chunkTime: 61s\n"), "validation.chunkTime").problem())
                .isEqualTo("expected a duration from 10ms to 1m, found '61s'");
    }

    @Test
    void anUnknownKeyGetsADidYouMean() {
        JobFileException e = failure("validation:\n  paralelism: 4\n");

        JobFileProblem problem = JobFiles.problemAt(e, "validation.paralelism");
        assertThat(problem.line()).isEqualTo(23);
        assertThat(problem.column()).isEqualTo(3);
        assertThat(problem.problem()).isEqualTo("unknown key 'paralelism'");
        assertThat(problem.fix()).isEqualTo("did you mean 'parallelism'?");
        assertThat(JobFiles.problemAt(failure("validation:\n  chunktime: 1s\n"), "validation.chunktime").fix())
                .isEqualTo("did you mean 'chunkTime'?");
        assertThat(JobFiles.problemAt(failure("validation:\n  threads: 4\n"), "validation.threads").fix())
                .isEqualTo("remove it or correct its name; the keys allowed under validation are: parallelism, chunkTime,"
                        + " maxRowsPerSecond, settleTimeout, samples, mask");
        assertThat(JobFiles.problemAt(failure("validaton:\n  samples: 4\n"), "validaton").fix())
                .isEqualTo("did you mean 'validation'?");
    }

    @Test
    void maskMustBeAListOfPatterns() {
        JobFileProblem text = JobFiles.problemAt(failure("validation:\n  mask: \"*password*\"\n"), "validation.mask");
        assertThat(text.line()).isEqualTo(23);
        assertThat(text.column()).isEqualTo(9);
        assertThat(text.problem()).isEqualTo("expected a list of column patterns, found text '*password*'");
        assertThat(text.fix()).isEqualTo("write the entries in square brackets, e.g. `mask: [\"*password*\", \"users.ssn\"]`,"
                + " or `mask: []` for none");
        assertThat(JobFiles.problemAt(failure("validation:\n  mask: {users: ssn}\n"), "validation.mask").problem())
                .isEqualTo("expected a list of column patterns, found a mapping");

        JobFileException entries = failure("validation:\n  mask:\n    - \"*password*\"\n    - \"\"\n    - [a, b]\n    -\n");
        JobFileProblem empty = JobFiles.problemAt(entries, "validation.mask[1]");
        assertThat(empty.problem()).isEqualTo("empty column pattern");
        assertThat(empty.line()).isEqualTo(25);
        assertThat(JobFiles.problemAt(entries, "validation.mask[2]").problem()).isEqualTo("expected text, found a list");
        assertThat(JobFiles.problemAt(entries, "validation.mask[3]").problem()).isEqualTo("empty column pattern");
        assertThat(entries.problems()).hasSize(3);
    }

    @Test
    void aSectionThatIsNotAMappingIsAProblem() {
        JobFileProblem problem = JobFiles.problemAt(failure("validation: fast\n"), "validation");

        assertThat(problem.line()).isEqualTo(22);
        assertThat(problem.problem()).isEqualTo("expected a mapping, found text 'fast'");
        assertThat(problem.fix()).contains("validation: {parallelism: 4}");
    }

    @Test
    void everyProblemOfTheSectionIsReportedTogetherInFileOrder() {
        JobFileException e = failure("""
                validation:
                  samples: many
                  paralelism: 4
                  chunkTime: 1x
                  maxRowsPerSecond: -3
                  mask: none
                """);

        assertThat(e.problems()).extracting(JobFileProblem::keyPath).containsExactly("validation.samples",
                "validation.paralelism", "validation.chunkTime", "validation.maxRowsPerSecond", "validation.mask");
        assertThat(e.problems()).extracting(JobFileProblem::line).containsExactly(23, 24, 25, 26, 27);
    }

    @Test
    void theDefaultMaskHidesCredentialColumnsInAnyCase() {
        ValidationSettings settings = ValidationSettings.DEFAULT;

        assertThat(settings.masked("users", "password")).isTrue();
        assertThat(settings.masked("users", "Password_Hash")).isTrue();
        assertThat(settings.masked("users", "API_TOKEN")).isTrue();
        assertThat(settings.masked("vault", "client_secret")).isTrue();
        assertThat(settings.masked(null, "reset_token")).isTrue();
        assertThat(settings.masked("users", "email")).isFalse();
        assertThat(settings.masked("passwords", "id")).isTrue(); // `*password*` also matches "passwords.id"
    }

    @Test
    void aQualifiedPatternMasksOneTablesColumnAndABareOneEveryTables() {
        ValidationSettings settings = withMask("users.ssn", "iban", "card_?", "audit_*.payload");

        assertThat(settings.masked("users", "ssn")).isTrue();
        assertThat(settings.masked("USERS", "Ssn")).isTrue();
        assertThat(settings.masked("customers", "ssn")).isFalse();
        assertThat(settings.masked(null, "ssn")).isFalse();
        assertThat(settings.masked("orders", "IBAN")).isTrue();
        assertThat(settings.masked(null, "iban")).isTrue();
        assertThat(settings.masked("orders", "iban_country")).isFalse();
        assertThat(settings.masked("orders", "card_1")).isTrue();
        assertThat(settings.masked("orders", "card_10")).isFalse();
        assertThat(settings.masked("audit_2024", "payload")).isTrue();
        assertThat(settings.masked("audit_2024", "payload_size")).isFalse();
        assertThat(settings.masked("users", "password")).isFalse(); // a mask of its own replaces the defaults
    }

    @Test
    void theConstructorChecksRangesAndCopiesTheMask() {
        List<String> mask = new ArrayList<>(List.of("ssn"));
        ValidationSettings settings = new ValidationSettings(1, Duration.ofMillis(10), 0, Duration.ZERO, 0, mask);
        mask.add("iban");
        assertThat(settings.mask()).containsExactly("ssn");
        assertThatThrownBy(() -> settings.mask().add("x")).isInstanceOf(UnsupportedOperationException.class);
        new ValidationSettings(64, Duration.ofSeconds(60), Long.MAX_VALUE, Duration.ofHours(24), 1000, List.of());

        assertThatThrownBy(() -> with(0, Duration.ofMillis(500), 0, Duration.ZERO, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parallelism");
        assertThatThrownBy(() -> with(65, Duration.ofMillis(500), 0, Duration.ZERO, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parallelism");
        assertThatThrownBy(() -> with(1, Duration.ofMillis(9), 0, Duration.ZERO, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chunkTime");
        assertThatThrownBy(() -> with(1, Duration.ofMillis(60_001), 0, Duration.ZERO, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chunkTime");
        assertThatThrownBy(() -> with(1, Duration.ofMillis(500), -1, Duration.ZERO, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRowsPerSecond");
        assertThatThrownBy(() -> with(1, Duration.ofMillis(500), 0, Duration.ofSeconds(-1), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("settleTimeout");
        assertThatThrownBy(() -> with(1, Duration.ofMillis(500), 0, Duration.ofHours(24).plusMillis(1), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("settleTimeout");
        assertThatThrownBy(() -> with(1, Duration.ofMillis(500), 0, Duration.ZERO, 1001))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("samples");
        assertThatThrownBy(() -> with(1, Duration.ofMillis(500), 0, Duration.ZERO, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("samples");
        assertThatThrownBy(() -> withMask(" ")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mask");
        assertThatThrownBy(() -> withMask("ssn", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ValidationSettings(1, null, 0, Duration.ZERO, 0, List.of()))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void jobConfigsBuiltWithoutValidationSettingsGetTheDefaults() {
        Endpoint endpoint = new Endpoint(DatabaseType.POSTGRESQL, "h", 5432, "d", "public", "u", Secret.of("pw"),
                TlsSettings.DEFAULT);
        Path file = Path.of("dbmove.yaml");

        assertThat(new JobConfig(file, "m", endpoint, endpoint, TableSelection.ALL).validation())
                .isSameAs(ValidationSettings.DEFAULT);
        assertThat(new JobConfig(file, "m", endpoint, endpoint, TableSelection.ALL, ReplicationSettings.DEFAULT).validation())
                .isSameAs(ValidationSettings.DEFAULT);
        assertThat(new JobConfig(file, "m", endpoint, endpoint, TableSelection.ALL, null, null).validation())
                .isSameAs(ValidationSettings.DEFAULT);
        assertThat(new JobConfig(file, "m", endpoint, endpoint, TableSelection.ALL, null, null).toString())
                .contains("validation=ValidationSettings[parallelism=2").doesNotContain("=pw");
    }

    private static ValidationSettings with(int parallelism, Duration chunkTime, long maxRowsPerSecond,
                                           Duration settleTimeout, int samples) {
        return new ValidationSettings(parallelism, chunkTime, maxRowsPerSecond, settleTimeout, samples, List.of());
    }

    private static ValidationSettings withMask(String... patterns) {
        return new ValidationSettings(2, Duration.ofMillis(500), 0, Duration.ofSeconds(60), 10, Arrays.asList(patterns));
    }
}
