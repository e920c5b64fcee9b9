package dev.dbmove.config;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TableSelectionTest {
    @Test
    void defaultsSelectEveryTable() {
        TableSelection all = new TableSelection(null, null);

        assertThat(all).isEqualTo(TableSelection.ALL);
        assertThat(all.selects("orders")).isTrue();
        assertThat(all.selects("")).isTrue();
        assertThat(all.literalIncludes()).isEmpty();
    }

    @Test
    void excludeWinsOverInclude() {
        TableSelection selection = new TableSelection(List.of("orders", "audit_*"), List.of("audit_*", "orders"));

        assertThat(selection.selects("orders")).isFalse();
        assertThat(selection.selects("audit_log")).isFalse();
    }

    @Test
    void starMatchesAnyRunAndQuestionMarkExactlyOneCharacter() {
        TableSelection selection = new TableSelection(List.of("customer_*", "tmp_?", "*_2024", "a*b*c"), List.of());

        assertThat(selection.selects("customer_")).isTrue();
        assertThat(selection.selects("customer_address")).isTrue();
        assertThat(selection.selects("customers")).isFalse();
        assertThat(selection.selects("tmp_1")).isTrue();
        assertThat(selection.selects("tmp_")).isFalse();
        assertThat(selection.selects("tmp_12")).isFalse();
        assertThat(selection.selects("sales_2024")).isTrue();
        assertThat(selection.selects("sales_2024_old")).isFalse();
        assertThat(selection.selects("abc")).isTrue();
        assertThat(selection.selects("axxbyyczz")).isFalse();
        assertThat(selection.selects("axxbyybc")).isTrue();
    }

    @Test
    void matchingIsCaseSensitiveAndWholeName() {
        TableSelection selection = new TableSelection(List.of("Orders"), List.of());

        assertThat(selection.selects("Orders")).isTrue();
        assertThat(selection.selects("orders")).isFalse();
        assertThat(selection.selects("Orders2")).isFalse();
        assertThat(selection.selects("my_Orders")).isFalse();
    }

    @Test
    void otherCharactersAreLiteralNotRegularExpressions() {
        TableSelection selection = new TableSelection(List.of("a.b", "x$[1]", "sales+"), List.of());

        assertThat(selection.selects("a.b")).isTrue();
        assertThat(selection.selects("axb")).isFalse();
        assertThat(selection.selects("x$[1]")).isTrue();
        assertThat(selection.selects("sales+")).isTrue();
        assertThat(selection.selects("saless")).isFalse();
    }

    @Test
    void questionMarkMatchesOneCharacterOutsideTheBasicPlane() {
        assertThat(new TableSelection(List.of("t?"), List.of()).selects("t\uD83D\uDE00")).isTrue();
    }

    @Test
    void aStarInTheNameIsStillMatchedByAStarInThePattern() {
        assertThat(Glob.matches("*x", "*ax")).isTrue();
        assertThat(Glob.matches("**", "")).isTrue();
        assertThat(Glob.matches("?", "")).isFalse();
    }

    @Test
    void manyStarsDoNotTakeExponentialTime() {
        String name = "a".repeat(10_000);
        assertThat(Glob.matches("*a*a*a*a*a*a*a*a*a*b", name)).isFalse();
    }

    @Test
    void literalIncludesAreTheNamesWithoutWildcards() {
        TableSelection selection = new TableSelection(List.of("orders", "customer_*", "items", "tmp_?"), List.of("orders"));

        assertThat(selection.literalIncludes()).containsExactly("orders", "items");
    }

    @Test
    void listsAreCopiedAndUnmodifiable() {
        List<String> include = new ArrayList<>(List.of("orders"));
        TableSelection selection = new TableSelection(include, List.of());
        include.add("items");

        assertThat(selection.include()).containsExactly("orders");
        assertThat(selection.selects("items")).isFalse();
    }
}
