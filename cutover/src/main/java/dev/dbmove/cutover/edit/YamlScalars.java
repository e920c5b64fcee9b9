package dev.dbmove.cutover.edit;

import java.util.regex.Pattern;

/**
 * How a YAML reader will take a plain (unquoted) scalar, and how to write a value so that it
 * reads back as exactly that string. The rules are YAML 1.1's (SnakeYAML, Ruby's Psych, PyYAML),
 * widened where 1.2 or a popular reader differ, because a value read as the wrong type is a
 * broken application, while a needless pair of quotes is harmless.
 */
final class YamlScalars {
    /** What a plain scalar resolves to. */
    enum Type { STRING, NULL, BOOL, INT, FLOAT, TIMESTAMP, OTHER }

    private static final Pattern NULL = Pattern.compile("~|null|Null|NULL|");
    private static final Pattern BOOL = Pattern.compile(
            "y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF");
    private static final Pattern INT = Pattern.compile(
            "[-+]?(0b[01_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_,]*|[1-9][0-9_]*(:[0-5]?[0-9])+)");
    private static final Pattern FLOAT = Pattern.compile(
            "[-+]?([0-9][0-9_,]*)?\\.[0-9._]*([eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+"
                    + "|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");
    private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?");
    /** Characters that give a plain scalar another meaning when they come first. */
    private static final String INDICATORS = ",[]{}#&*!|>'\"%@`";

    private YamlScalars() {
    }

    static Type typeOf(String plain) {
        if (NULL.matcher(plain).matches()) {
            return Type.NULL;
        }
        if (BOOL.matcher(plain).matches()) {
            return Type.BOOL;
        }
        if (INT.matcher(plain).matches()) {
            return Type.INT;
        }
        if (FLOAT.matcher(plain).matches()) {
            return Type.FLOAT;
        }
        if (TIMESTAMP.matcher(plain).matches()) {
            return Type.TIMESTAMP;
        }
        if (plain.equals("=") || plain.equals("<<")) {
            return Type.OTHER;
        }
        return Type.STRING;
    }

    /** True when the value, written unquoted after {@code key: }, is read back as these characters (whatever type they resolve to). */
    static boolean plainSafe(String value) {
        if (value.isEmpty() || !value.strip().equals(value) || Lines.hasControl(value) || value.indexOf('\t') >= 0
                || value.indexOf('\uFEFF') >= 0) {
            return false;
        }
        char first = value.charAt(0);
        if (INDICATORS.indexOf(first) >= 0) {
            return false;
        }
        if ((first == '-' || first == '?' || first == ':') && (value.length() == 1 || value.charAt(1) == ' ' || first != '-')) {
            return false;
        }
        return !value.contains(": ") && !value.endsWith(":") && !value.contains(" #");
    }

    /**
     * A double-quoted scalar: the one style that can hold any string. A JSON string is one (YAML's double-quoted
     * escapes include JSON's), written with DEL and the byte-order mark escaped, which YAML wants escaped.
     */
    static String doubleQuoted(String value) {
        return JsonOutline.quote(value);
    }

    /** A single-quoted scalar, or null when the value holds a character single quotes cannot carry on one line. */
    static String singleQuoted(String value) {
        if (Lines.hasControl(value) || value.indexOf('\t') >= 0) {
            return null;
        }
        return "'" + value.replace("'", "''") + "'";
    }

    /** The characters a double-quoted scalar's body stands for. */
    static String unescapeDouble(String body) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\' || i + 1 == body.length()) {
                out.append(c);
                continue;
            }
            char e = body.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't', '\t' -> out.append('\t');
                case 'r' -> out.append('\r');
                case '0' -> out.append('\0');
                case 'x' -> i = appendCode(out, body, i, 2);
                case 'u' -> i = appendCode(out, body, i, 4);
                case 'U' -> i = appendCode(out, body, i, 8);
                default -> out.append(e);
            }
        }
        return out.toString();
    }

    private static int appendCode(StringBuilder out, String body, int at, int digits) {
        int end = Math.min(body.length(), at + 1 + digits);
        try {
            out.appendCodePoint(Integer.parseInt(body.substring(at + 1, end), 16));
        } catch (IllegalArgumentException e) {
            // Malformed escape: keep it as written; only used to compare with the new value.
            out.append(body, at - 1, end);
        }
        return end - 1;
    }
}
