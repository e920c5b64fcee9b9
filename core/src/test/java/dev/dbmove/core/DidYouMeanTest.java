package dev.dbmove.core;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DidYouMeanTest {
    private static final List<String> ENDPOINT_KEYS = List.of("type", "host", "port", "database", "schema", "user", "password", "tls");

    @Test
    void findsTyposSwapsAndCaseDifferences() {
        assertThat(DidYouMean.closest("hots", ENDPOINT_KEYS)).contains("host");
        assertThat(DidYouMean.closest("hostt", ENDPOINT_KEYS)).contains("host");
        assertThat(DidYouMean.closest("prot", ENDPOINT_KEYS)).contains("port");
        assertThat(DidYouMean.closest("pasword", ENDPOINT_KEYS)).contains("password");
        assertThat(DidYouMean.closest("databse", ENDPOINT_KEYS)).contains("database");
        assertThat(DidYouMean.closest("dtabse", ENDPOINT_KEYS)).contains("database");
        assertThat(DidYouMean.closest("USER", ENDPOINT_KEYS)).contains("user");
        assertThat(DidYouMean.closest("Schema", ENDPOINT_KEYS)).contains("schema");
    }

    @Test
    void suggestsNothingForUnrelatedWords() {
        assertThat(DidYouMean.closest("db", ENDPOINT_KEYS)).isEmpty();
        assertThat(DidYouMean.closest("certificate", ENDPOINT_KEYS)).isEmpty();
        assertThat(DidYouMean.closest("replication", List.of("job", "source", "target", "tables"))).isEmpty();
        assertThat(DidYouMean.closest("x", List.of("ca", "mode"))).isEmpty();
    }

    @Test
    void shortWordsAllowOnlyOneEdit() {
        assertThat(DidYouMean.closest("hst", ENDPOINT_KEYS)).contains("host");
        assertThat(DidYouMean.closest("hxsx", ENDPOINT_KEYS)).isEmpty();
    }

    @Test
    void distanceCountsAnAdjacentSwapAsOneEdit() {
        assertThat(DidYouMean.distance("hots", "host")).isEqualTo(1);
        assertThat(DidYouMean.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(DidYouMean.distance("", "abc")).isEqualTo(3);
        assertThat(DidYouMean.distance("same", "same")).isZero();
    }
}
