package dev.dbmove.cutover.edit;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;

import static dev.dbmove.cutover.edit.Golden.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IniEditorTest {
    private static final LinkedHashMap<String, String> CLIENT = map(
            "client.host", "db2.internal",
            "client.port", "5432",
            "client.user", "shop_app",
            "client.password", "n3w pass",
            "timeout", "60");

    private final ConfigEditor editor = ConfigFormat.INI.editor();

    @Test
    void spacingQuotesCommentsAndRepeatedSectionsAreKept() throws EditException {
        assertThat(editor.apply(Golden.read("ini/my.in.ini"), CLIENT)).isEqualTo(Golden.read("ini/my.out.ini"));
    }

    @Test
    void crlfLineEndingsAreKept() throws EditException {
        assertThat(editor.apply(Golden.crlf(Golden.read("ini/my.in.ini")), CLIENT)).isEqualTo(Golden.crlf(Golden.read("ini/my.out.ini")));
    }

    @Test
    void valuesThatAreAlreadySetLeaveTheTextAsItWas() throws EditException {
        String original = Golden.read("ini/my.in.ini");

        assertThat(editor.apply(original, map("client.host", "db1.internal", "client.password", "s3cret", "mysqld.bind-address", "0.0.0.0")))
                .isEqualTo(original);
    }

    @Test
    void missingKeyOrSectionNamesWhatExists() {
        String original = Golden.read("ini/my.in.ini");
        assertThatThrownBy(() -> editor.apply(original, map("client.hots", "x")))
                .isInstanceOf(EditException.class)
                .hasMessage("key client.hots does not exist; the keys in [client] are host, port, user, password, skip-ssl"
                        + " — did you mean client.host?");
        assertThatThrownBy(() -> editor.apply(original, map("clinet.host", "x")))
                .hasMessage("key clinet.host does not exist: there is no section [clinet]; the sections are client, mysqld"
                        + " — did you mean [client]?");
        assertThatThrownBy(() -> editor.apply(original, map("host", "x")))
                .hasMessage("key host does not exist; the keys before the first section are timeout");
        assertThatThrownBy(() -> editor.apply("!includedir /etc/mysql/conf.d/\n[client]\nuser=a\n", map("client.host", "x")))
                .hasMessageContaining("includes other files");
    }

    @Test
    void valuesThatReadersWouldTakeDifferentlyAreRefused() {
        String original = Golden.read("ini/my.in.ini");
        assertThatThrownBy(() -> editor.apply(original, map("client.skip-ssl", "1"))).hasMessageContaining("without a value");
        assertThatThrownBy(() -> editor.apply(original, map("client.port", "a ;b"))).hasMessageContaining("would need quotes");
        assertThatThrownBy(() -> editor.apply(original, map("client.port", " 1"))).hasMessageContaining("would need quotes");
        assertThatThrownBy(() -> editor.apply(original, map("client.password", "a\"b"))).hasMessageContaining("quote character");
        assertThatThrownBy(() -> editor.apply(original, map("client.password", "a\nb"))).hasMessageContaining("line break");
    }

    @Test
    void sectionNamesMayContainDots() throws EditException {
        assertThat(editor.apply("[db.primary]\nhost=a\n", map("db.primary.host", "b"))).isEqualTo("[db.primary]\nhost=b\n");
    }
}
