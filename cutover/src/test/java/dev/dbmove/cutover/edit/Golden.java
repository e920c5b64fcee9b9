package dev.dbmove.cutover.edit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;

/** Golden files under src/test/resources/edit/, and small helpers for editor tests. */
final class Golden {
    private Golden() {
    }

    /** A golden file's text, byte for byte (UTF-8). */
    static String read(String name) {
        try (InputStream in = Golden.class.getResourceAsStream("/edit/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no golden file edit/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The text with CRLF line endings. Built from the LF golden files rather than stored, so that
     * no checkout setting can turn the CRLF files into LF ones and let the test pass vacuously.
     */
    static String crlf(String text) {
        return text.replace("\n", "\r\n");
    }

    static LinkedHashMap<String, String> map(String... keysAndValues) {
        LinkedHashMap<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** Values that some format misreads unless written with care: types, indicators, quotes, escapes. */
    static final String[] TRICKY = {
        "db2.internal", "5432", "1.5", "1e3", "0x1F", "017", "1_000", "12:30", ".inf", "2024-01-01",
        "yes", "no", "on", "off", "true", "y", "null", "~", "", " leading", "trailing ", "a: b", "a #b", "a#b", "#x",
        "*x", "&x", "!x", "|x", ">x", "%x", "@x", "`x", "'q'", "\"dq\"", "it's", "- x", "-x", "?x", ":x", "x:",
        "[a]", "{a}", "a, b", "=", "<<", "=x", ":", "tab\there", "é ü 日本", "back\\slash", "\\u0041",
        "postgres://shop:pa$$w0rd@db2.internal:5432/shop?sslmode=require", "line\nbreak", "$HOME", "${X}",
    };
}
