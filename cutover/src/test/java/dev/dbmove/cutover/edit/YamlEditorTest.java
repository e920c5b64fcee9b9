package dev.dbmove.cutover.edit;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.util.LinkedHashMap;
import java.util.Map;

import static dev.dbmove.cutover.edit.Golden.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class YamlEditorTest {
    private static final LinkedHashMap<String, String> RAILS = map(
            "production.host", "db2.internal",
            "production.port", "5432",
            "default.adapter", "postgresql",
            "production.username", "shop_app",
            "production.password", "n3w\"pass\\word",
            "production.ssl mode", "verify-full");

    private final ConfigEditor editor = ConfigFormat.YAML.editor();

    @Test
    void railsFileKeepsCommentsOrderAnchorsAndQuoting() throws EditException {
        assertThat(editor.apply(Golden.read("yaml/database.in.yml"), RAILS)).isEqualTo(Golden.read("yaml/database.out.yml"));
    }

    @Test
    void crlfLineEndingsAreKept() throws EditException {
        String edited = editor.apply(Golden.crlf(Golden.read("yaml/database.in.yml")), RAILS);

        assertThat(edited).isEqualTo(Golden.crlf(Golden.read("yaml/database.out.yml")));
    }

    @Test
    void lastLineWithoutNewlineStaysWithout() throws EditException {
        assertThat(editor.apply(Golden.read("yaml/no-final-newline.in.yml"), map("production.host", "db2")))
                .isEqualTo(Golden.read("yaml/no-final-newline.out.yml"));
    }

    @Test
    void valuesThatAreAlreadySetLeaveTheTextAsItWas() throws EditException {
        String original = Golden.read("yaml/database.in.yml");

        String edited = editor.apply(original, map("production.host", "db1.internal", "production.port", "3306",
                "production.username", "shop", "production.password", "s3cr\"t"));

        assertThat(edited).isEqualTo(original);
    }

    @Test
    void editedFileReadsBackWithTheNewValuesAndTypes() throws EditException {
        Map<String, Object> production = section(editor.apply(Golden.read("yaml/database.in.yml"), RAILS), "production");

        assertThat(production).containsEntry("host", "db2.internal").containsEntry("port", 5432)
                .containsEntry("username", "shop_app").containsEntry("password", "n3w\"pass\\word")
                .containsEntry("ssl mode", "verify-full").containsEntry("adapter", "postgresql").containsEntry("ssl", true);
    }

    @Test
    void anyValueReadsBackAsTheSameStringWhateverTheOldQuoting() throws EditException {
        for (String old : new String[] {"host: db1", "host: 'db1'", "host: \"db1\"", "host: db1 # comment", "host:"}) {
            for (String value : Golden.TRICKY) {
                String edited = editor.apply("production:\n  " + old + "\n  port: 3306\n", map("production.host", value));

                Object read = section(edited, "production").get("host");
                assertThat(read).as("%s set to [%s] gives %s", old, value, edited).isEqualTo(value);
                assertThat(edited).as(edited).endsWith("\n  port: 3306\n");
            }
        }
    }

    @Test
    void quotesAreAddedOnlyWhereNeeded() throws EditException {
        assertThat(editor.apply("host: db1\n", map("host", "db2.internal"))).isEqualTo("host: db2.internal\n");
        assertThat(editor.apply("host: db1\n", map("host", "5432"))).isEqualTo("host: \"5432\"\n");
        assertThat(editor.apply("host: db1\n", map("host", "yes"))).isEqualTo("host: \"yes\"\n");
        assertThat(editor.apply("port: 3306\n", map("port", "5432"))).isEqualTo("port: 5432\n");
        assertThat(editor.apply("port: 3306\n", map("port", "db2"))).isEqualTo("port: db2\n");
        assertThat(editor.apply("ssl: on\n", map("ssl", "off"))).isEqualTo("ssl: off\n");
        assertThat(editor.apply("port:\n", map("port", "5432"))).isEqualTo("port: \"5432\"\n");
        assertThat(editor.apply("password:   # none yet\n", map("password", ""))).isEqualTo("password:   \"\" # none yet\n");
        assertThat(editor.apply("password: \"\"\n", map("password", ""))).isEqualTo("password: \"\"\n");
        assertThat(editor.apply("host: db1\n", map("host", "a: b"))).isEqualTo("host: \"a: b\"\n");
        assertThat(editor.apply("host: 'db1'\n", map("host", "it's"))).isEqualTo("host: 'it''s'\n");
        assertThat(editor.apply("host: \"db1\"\n", map("host", "tab\there"))).isEqualTo("host: \"tab\\there\"\n");
        assertThat(editor.apply("url: x\n", map("url", "postgres://shop@db2.internal:5432/shop")))
                .isEqualTo("url: postgres://shop@db2.internal:5432/shop\n");
    }

    @Test
    void anchorsTagsAndCommentsAroundTheValueAreKept() throws EditException {
        String original = "host: &h db1   # main\nport: !!str 3306\nempty:   # fill me\nbare:\n";

        String edited = editor.apply(original, map("host", "db2", "port", "5432", "empty", "x", "bare", "z"));

        assertThat(edited).isEqualTo("host: &h db2   # main\nport: !!str 5432\nempty:   x # fill me\nbare: z\n");
    }

    @Test
    void missingKeyNamesTheKeysThatExistThereAndTheLikelyTypo() {
        assertThatThrownBy(() -> editor.apply(Golden.read("yaml/database.in.yml"), map("production.hots", "db2")))
                .isInstanceOf(EditException.class)
                .hasMessage("key production.hots does not exist; the keys under production are <<, database, username, password, "
                        + "host, port, replicas, notes, ssl mode, ssl — did you mean production.host? "
                        + "(keys merged in with << cannot be set here; set them where they are defined)");
        assertThatThrownBy(() -> editor.apply(Golden.read("yaml/database.in.yml"), map("prodution.host", "db2")))
                .hasMessage("key prodution.host does not exist; the keys at the top level are default, development, production"
                        + " — did you mean production.host?");
    }

    @Test
    void keyMergedInFromAnAnchorCannotBeSetWhereItIsMerged() {
        assertThatThrownBy(() -> editor.apply(Golden.read("yaml/database.in.yml"), map("production.adapter", "postgresql")))
                .hasMessageContaining("key production.adapter does not exist")
                .hasMessageContaining("merged in with <<");
    }

    @Test
    void pathsThatCannotBeFollowedAreRefusedWithTheReason() {
        String yaml = Golden.read("yaml/database.in.yml");
        assertThatThrownBy(() -> editor.apply(yaml, map("production.host.name", "x")))
                .hasMessage("key production.host.name goes through production.host, which holds a single value, not a mapping");
        assertThatThrownBy(() -> editor.apply(yaml, map("production.replicas.host", "x")))
                .hasMessageContaining("goes through production.replicas, which is a sequence");
        assertThatThrownBy(() -> editor.apply(yaml, map("production", "x")))
                .hasMessageStartingWith("production is a mapping, not a single value");
        assertThatThrownBy(() -> editor.apply(yaml, map("production.notes", "x")))
                .hasMessageContaining("multi-line block value");
        assertThatThrownBy(() -> editor.apply(yaml, map("production..host", "x")))
                .hasMessageContaining("empty segment");
    }

    @Test
    void flowStyleMultiLineValuesAndAliasesAreRefused() {
        assertThatThrownBy(() -> editor.apply("production: {host: db1, port: 3306}\n", map("production.host", "db2")))
                .hasMessageContaining("production, which is a flow mapping").extracting(e -> ((EditException) e).fix())
                .asString().contains("block style");
        assertThatThrownBy(() -> editor.apply("hosts: [db1, db2]\n", map("hosts", "db3")))
                .hasMessageContaining("flow collection");
        assertThatThrownBy(() -> editor.apply("a:\n  host: one\n    two\n", map("a.host", "x")))
                .hasMessageContaining("spans several lines");
        assertThatThrownBy(() -> editor.apply("a:\n  host: \"one\n    two\"\n", map("a.host", "x")))
                .hasMessageContaining("spans several lines");
        assertThatThrownBy(() -> editor.apply("host: \"db1\" trailing\n", map("host", "db2")))
                .hasMessage("cannot read the value of host (unexpected text after it: trailing)");
        assertThatThrownBy(() -> editor.apply("base: &b db1\nhost: *b\n", map("host", "db2")))
                .hasMessageContaining("alias (*b)");
        assertThatThrownBy(() -> editor.apply("base: &b\n  host: db1\nprod: *b\n", map("prod.host", "db2")))
                .hasMessage("key prod.host goes through prod, which is an alias (*b) of a mapping defined elsewhere in the file");
        assertThatThrownBy(() -> editor.apply("a: 1\n---\na: 2\n", map("a", "3")))
                .hasMessageContaining("2 YAML documents");
        assertThatThrownBy(() -> editor.apply("{host: db1}\n", map("host", "db2")))
                .hasMessageContaining("flow style");
    }

    @Test
    void textInsideBlockScalarsAndSequencesIsNeverTakenForKeys() throws EditException {
        String yaml = "notes: |\n  host: text\nitems:\n- host: a\n  port: 1\nhost: real\n";

        assertThat(editor.apply(yaml, map("host", "db2"))).isEqualTo(yaml.replace("host: real", "host: db2"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(String yaml, String key) {
        Map<String, Object> root = new Yaml().load(yaml);
        return (Map<String, Object>) root.get(key);
    }
}
