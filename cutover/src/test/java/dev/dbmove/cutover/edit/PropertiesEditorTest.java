package dev.dbmove.cutover.edit;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Properties;

import static dev.dbmove.cutover.edit.Golden.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PropertiesEditorTest {
    private static final LinkedHashMap<String, String> SPRING = map(
            "spring.datasource.url", "jdbc:postgresql://db2.internal:5432/shop",
            "spring.datasource.username", "shop_app",
            "spring.datasource.password", "p\\ss wörd=#!",
            "spring.datasource.hikari.jdbc-url", "jdbc:postgresql://db2.internal:5432/shop",
            "my odd:key", " new",
            "spring.datasource.driver-class-name", "org.postgresql.Driver");

    private final ConfigEditor editor = ConfigFormat.PROPERTIES.editor();

    @Test
    void separatorsCommentsAndOrderAreKeptAndAMissingKeyIsAppended() throws EditException {
        assertThat(editor.apply(Golden.read("properties/app.in.properties"), SPRING))
                .isEqualTo(Golden.read("properties/app.out.properties"));
    }

    @Test
    void crlfLineEndingsAreKeptAlsoForTheAppendedLine() throws EditException {
        assertThat(editor.apply(Golden.crlf(Golden.read("properties/app.in.properties")), SPRING))
                .isEqualTo(Golden.crlf(Golden.read("properties/app.out.properties")));
    }

    @Test
    void editedFileLoadsWithTheNewValues() throws Exception {
        Properties loaded = load(editor.apply(Golden.read("properties/app.in.properties"), SPRING));

        SPRING.forEach((key, value) -> assertThat(loaded.getProperty(key)).as(key).isEqualTo(value));
        assertThat(loaded.getProperty("server.port")).isEqualTo("8080");
    }

    @Test
    void anyValueLoadsBackAsTheSameString() throws Exception {
        for (String separator : new String[] {"=", " = ", ": ", " "}) {
            for (String value : Golden.TRICKY) {
                String edited = editor.apply("a=1\nhost" + separator + "db1\nb=2\n", map("host", value, "new key", value));

                Properties loaded = load(edited);
                assertThat(loaded.getProperty("host")).as(edited).isEqualTo(value);
                assertThat(loaded.getProperty("new key")).as(edited).isEqualTo(value);
                assertThat(loaded).as(edited).hasSize(4);
            }
        }
    }

    @Test
    void valuesThatAreAlreadySetLeaveTheTextAsItWasEvenWhenContinued() throws EditException {
        String original = Golden.read("properties/app.in.properties");

        String edited = editor.apply(original, map("spring.datasource.username", "shop",
                "spring.datasource.hikari.jdbc-url", "jdbc:mysql://db1.internal:3306/shop?useSSL=true&serverTimezone=UTC"));

        assertThat(edited).isEqualTo(original);
    }

    @Test
    void keyAppendedToAFileWithoutFinalNewlineStartsOnItsOwnLine() throws EditException {
        assertThat(editor.apply("a: 1", map("b", "2"))).isEqualTo("a: 1\nb: 2\n");
        assertThat(editor.apply("", map("b", "2"))).isEqualTo("b=2\n");
    }

    @Test
    void keyWithoutSeparatorOrValueGetsTheFilesSeparator() throws EditException {
        assertThat(editor.apply("a : 1\nflag\n", map("flag", "on"))).isEqualTo("a : 1\nflag : on\n");
    }

    @Test
    void everyOccurrenceOfARepeatedKeyIsSet() throws EditException {
        assertThat(editor.apply("host=a\nhost=b\n", map("host", "c"))).isEqualTo("host=c\nhost=c\n");
    }

    @Test
    void keySplitOverLinesIsRefused() {
        assertThatThrownBy(() -> editor.apply("ho\\\n  st=a\n", map("host", "b")))
                .isInstanceOf(EditException.class)
                .hasMessageContaining("split over several lines");
    }

    private static Properties load(String text) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        return properties;
    }
}
