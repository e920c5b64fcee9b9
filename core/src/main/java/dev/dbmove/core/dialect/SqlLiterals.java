package dev.dbmove.core.dialect;

import java.util.ArrayList;
import java.util.List;

/** String literals of both engines: written so that any text is taken literally, and read back. */
public final class SqlLiterals {

    private SqlLiterals() {
    }

    /** A PostgreSQL string literal (standard_conforming_strings, on by default since 9.1). */
    public static String postgres(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /**
     * A MySQL/MariaDB string literal for a session without the NO_BACKSLASH_ESCAPES SQL mode (the default;
     * statements dbmove generates must run in such a session): quotes and backslashes are doubled.
     */
    public static String mysql(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /**
     * Reads a quoted MySQL/MariaDB string literal starting at {@code start} (the opening quote) with the server's
     * default escaping (doubled quotes and backslash escapes).
     *
     * @return the value and the index just after the closing quote
     */
    public static Parsed parseMySql(String text, int start) {
        return parse(text, start, true);
    }

    /** Reads a quoted PostgreSQL string literal (standard strings: only doubled quotes) starting at {@code start}. */
    public static Parsed parsePostgres(String text, int start) {
        return parse(text, start, false);
    }

    private static Parsed parse(String text, int start, boolean backslashEscapes) {
        char quote = text.charAt(start);
        StringBuilder out = new StringBuilder();
        int i = start + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (backslashEscapes && c == '\\' && i + 1 < text.length()) {
                char n = text.charAt(i + 1);
                out.append(switch (n) {
                    case '0' -> '\0';
                    case 'b' -> '\b';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    case 'Z' -> (char) 26;
                    default -> n;
                });
                i += 2;
            } else if (c == quote) {
                if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    out.append(quote);
                    i += 2;
                } else {
                    return new Parsed(out.toString(), i + 1);
                }
            } else {
                out.append(c);
                i++;
            }
        }
        throw new IllegalArgumentException("unterminated string literal: " + text);
    }

    /** The values of {@code enum('a','b')} or {@code set('a','b')} as MySQL/MariaDB print the column type. */
    public static List<String> mySqlEnumValues(String columnType) {
        int open = columnType.indexOf('(');
        List<String> values = new ArrayList<>();
        if (open < 0) {
            return values;
        }
        int i = open + 1;
        while (i < columnType.length() && columnType.charAt(i) == '\'') {
            Parsed p = parseMySql(columnType, i);
            values.add(p.value());
            i = p.end();
            if (i < columnType.length() && columnType.charAt(i) == ',') {
                i++;
            }
        }
        return values;
    }

    public record Parsed(String value, int end) {
    }
}
