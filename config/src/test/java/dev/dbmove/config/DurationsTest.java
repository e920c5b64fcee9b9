package dev.dbmove.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The duration syntax of job files, shared by every section that takes a duration. */
class DurationsTest {
    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource(delimiter = '=', value = {
            "500ms = 500",
            "30s = 30000",
            "5m = 300000",
            "1h = 3600000",
            "1h30m = 5400000",
            "2h0m5s = 7205000",
            "1m30s250ms = 90250",
            "1s500ms = 1500",
            "45 = 45000",
            "0 = 0",
            "0ms = 0",
            "007s = 7000",
            "'  2s ' = 2000",
            "36000h = 129600000000",
    })
    void parses(String text, long millis) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "''                      | it is empty",
            "'   '                   | it is empty",
            "-5s                     | it is negative",
            "-1                      | it is negative",
            "soon                    | expected a whole number at 'soon'",
            "ms                      | expected a whole number at 'ms'",
            "+5s                     | expected a whole number at '+5s'",
            "5x                      | unknown unit 'x'; the units are ms, s, m and h",
            "2d                      | unknown unit 'd'; the units are ms, s, m and h",
            "1H                      | unknown unit 'H'; the units are ms, s, m and h",
            "1.5h                    | unexpected '.' after a number",
            "5 s                     | unexpected ' ' after a number",
            "1h30                    | the last number has no unit",
            "30m1h                   | write each unit once, largest first, e.g. 1h30m",
            "1h1h                    | write each unit once, largest first, e.g. 1h30m",
            "PT1H                    | expected a whole number at 'PT1H'",
            "9999999999999999999     | it is too long",
            "99999999999999999h      | it is too long",
            "999999999999999999h     | it is too long",
            "2562047788015215h1h     | write each unit once, largest first, e.g. 1h30m",
            "2562047788015215h60m    | it is too long",
    })
    void rejects(String text, String reason) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(YamlNodes.quote(text) + " is not a duration: " + reason);
    }

    @Test
    void quotesOddTextSafely() {
        assertThatThrownBy(() -> Durations.parse("5\u001b[2J"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'5\\u001b[2J' is not a duration");
    }

    @Test
    void formatsWithTheLargestUnitsSoParseReadsItBack() {
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(Durations.format(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(Durations.format(Duration.ofSeconds(60))).isEqualTo("1m");
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(Durations.format(Duration.ofHours(49))).isEqualTo("49h");
        assertThat(Durations.format(Duration.ofMillis(3_723_004))).isEqualTo("1h2m3s4ms");
        assertThat(Durations.format(Duration.ofNanos(1500))).isEqualTo("0s");
        for (Duration d : new Duration[] {Duration.ZERO, Duration.ofMillis(1), Duration.ofMillis(61_001), Duration.ofHours(24)}) {
            assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
        }
        assertThatThrownBy(() -> Durations.format(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
