package dev.dbmove.cutover.edit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegexReplaceTest {
    private static final String LEGACY = """
            # legacy settings
            $settings['database_host'] = 'db1.internal'
            $settings['database_port'] = 3306
            $settings['cache_host'] = 'db1.internal'
            """;

    @Test
    void replacesEveryMatchAndCountsThem() throws EditException {
        RegexReplace.Result result = new RegexReplace("database_host'\\] = '.*'", "database_host'] = 'db2.internal'").apply(LEGACY);

        assertThat(result.matches()).isEqualTo(1);
        assertThat(result.text()).isEqualTo(LEGACY.replace("database_host'] = 'db1.internal'", "database_host'] = 'db2.internal'"));
        assertThat(new RegexReplace("db1\\.internal", "db2.internal").apply(LEGACY).matches()).isEqualTo(2);
    }

    @Test
    void linesAnchorsAndGroupsWork() throws EditException {
        RegexReplace replace = new RegexReplace("^(\\$settings\\['database_port'\\] = )\\d+$", "$15432");

        assertThat(replace.apply(LEGACY).text()).contains("$settings['database_port'] = 5432\n");
        assertThat(replace.apply(Golden.crlf(LEGACY)).text()).contains("$settings['database_port'] = 5432\r\n");
    }

    @Test
    void patternThatMatchesNothingIsAnErrorNamingIt() {
        assertThatThrownBy(() -> new RegexReplace("database_hots", "x").apply(LEGACY))
                .isInstanceOf(EditException.class)
                .hasMessage("the replace pattern 'database_hots' matches nothing");
    }

    @Test
    void invalidPatternOrReplacementIsAnError() {
        assertThatThrownBy(() -> new RegexReplace("database_host[", "x").apply(LEGACY))
                .hasMessageStartingWith("the replace pattern 'database_host[' is not a valid regular expression: Unclosed character class");
        assertThatThrownBy(() -> new RegexReplace("database_(host)", "$2").apply(LEGACY))
                .hasMessageStartingWith("the replacement '$2' for pattern 'database_(host)' is invalid: No group 2");
    }
}
