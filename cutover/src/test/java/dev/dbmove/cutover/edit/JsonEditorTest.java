package dev.dbmove.cutover.edit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;

import static dev.dbmove.cutover.edit.Golden.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonEditorTest {
    private static final LinkedHashMap<String, String> SETTINGS = map(
            "database.primary.host", "db2.internal",
            "database.primary.port", "5432",
            "database.primary.ssl", "true",
            "database.primary.password", "n3w\\pass\"é",
            "database.timeout", "30s",
            "database.pool.max", "lots");

    private final ConfigEditor editor = ConfigFormat.JSON.editor();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void onlyTheValueTokensChange() throws EditException {
        assertThat(editor.apply(Golden.read("json/settings.in.json"), SETTINGS)).isEqualTo(Golden.read("json/settings.out.json"));
    }

    @Test
    void crlfLineEndingsAreKept() throws EditException {
        assertThat(editor.apply(Golden.crlf(Golden.read("json/settings.in.json")), SETTINGS))
                .isEqualTo(Golden.crlf(Golden.read("json/settings.out.json")));
    }

    @Test
    void valuesThatAreAlreadySetLeaveTheTextAsItWas() throws EditException {
        String original = Golden.read("json/settings.in.json");

        assertThat(editor.apply(original, map("database.primary.host", "db1.internal", "database.primary.port", "3306",
                "database.primary.ssl", "false", "database.primary.password", "s3cr\"té"))).isEqualTo(original);
    }

    @Test
    void numbersAndBooleansKeepTheirTypeOnlyWhenTheNewTextHasIt() throws Exception {
        String original = "{\"port\": 3306, \"ssl\": false, \"host\": \"db1\", \"none\": null}";

        String edited = editor.apply(original, map("port", "5432", "ssl", "yes", "host", "5432", "none", "x"));

        assertThat(edited).isEqualTo("{\"port\": 5432, \"ssl\": \"yes\", \"host\": \"5432\", \"none\": \"x\"}");
        assertThat(editor.apply(original, map("port", "54x"))).isEqualTo(original.replace("3306", "\"54x\""));
        assertThat(editor.apply(original, map("port", "1.5e3"))).isEqualTo(original.replace("3306", "1.5e3"));
    }

    @Test
    void anyValueReadsBackAsTheSameString() throws Exception {
        for (String value : Golden.TRICKY) {
            String edited = editor.apply(Golden.read("json/settings.in.json"), map("database.primary.host", value));

            JsonNode host = json.readTree(edited).path("database").path("primary").path("host");
            assertThat(host.isTextual()).as(edited).isTrue();
            assertThat(host.asText()).isEqualTo(value);
        }
    }

    @Test
    void missingKeyNamesTheMembersThatExistThere() {
        assertThatThrownBy(() -> editor.apply(Golden.read("json/settings.in.json"), map("database.primary.hots", "x")))
                .isInstanceOf(EditException.class)
                .hasMessage("key database.primary.hots does not exist; the keys in database.primary are host, port, ssl, user, password"
                        + " — did you mean database.primary.host?");
        assertThatThrownBy(() -> editor.apply(Golden.read("json/settings.in.json"), map("db.primary.host", "x")))
                .hasMessage("key db.primary.host does not exist; the keys at the top level are app, database, features");
    }

    @Test
    void objectsArraysAndPathsThroughThemAreRefused() {
        String original = Golden.read("json/settings.in.json");
        assertThatThrownBy(() -> editor.apply(original, map("database.primary", "x")))
                .hasMessage("database.primary is an object, not a single value; its members are host, port, ssl, user, password");
        assertThatThrownBy(() -> editor.apply(original, map("features", "x"))).hasMessageContaining("is an array");
        assertThatThrownBy(() -> editor.apply(original, map("database.replicas.0.host", "x")))
                .hasMessageContaining("goes through database.replicas, which is an array");
        assertThatThrownBy(() -> editor.apply(original, map("app.name", "x")))
                .hasMessageContaining("goes through app, which is a string, not an object");
        assertThatThrownBy(() -> editor.apply("[1, 2]", map("a", "x"))).hasMessageContaining("top level of the file is an array");
    }

    @Test
    void syntaxErrorIsLocated() {
        assertThatThrownBy(() -> editor.apply("{\n  \"a\": 1,\n  \"b\" 2\n}\n", map("a", "2")))
                .hasMessage("the file is not valid JSON: expected ':' at line 3, column 7");
        assertThatThrownBy(() -> editor.apply("{\"a\": 1} x", map("a", "2")))
                .hasMessageContaining("unexpected text after the end");
        assertThatThrownBy(() -> editor.apply("[".repeat(600), map("a", "2")))
                .hasMessageContaining("nested more than 500 levels");
    }

    @Test
    void duplicateMembersAreAllSet() throws EditException {
        assertThat(editor.apply("{\"host\": \"a\", \"host\": \"b\"}", map("host", "c"))).isEqualTo("{\"host\": \"c\", \"host\": \"c\"}");
    }
}
