package dev.dbmove.cutover.edit;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where each object member's value lies in a JSON text, by character offsets, so an edit can
 * replace one value token and leave every other character alone. A strict JSON reader
 * otherwise: a syntax error is reported with its line and column.
 */
final class JsonOutline {
    /** Deep enough for any config file; the limit keeps a hostile file from overflowing the stack. */
    private static final int MAX_DEPTH = 500;

    static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

    enum Kind { OBJECT, ARRAY, STRING, NUMBER, TRUE, FALSE, NULL }

    /** A value inside an object; members inside arrays are recorded but cannot be addressed. */
    record Member(List<String> path, Kind kind, int start, int end, boolean addressable) {
    }

    private final String text;
    private final List<Member> members = new ArrayList<>();
    private int pos;
    private Kind root;

    private JsonOutline(String text) {
        this.text = text;
    }

    static JsonOutline parse(String text) throws EditException {
        JsonOutline outline = new JsonOutline(text);
        if (text.startsWith("\uFEFF")) {
            outline.pos = 1;
        }
        outline.root = outline.value(List.of(), true, 0);
        outline.skipWhitespace();
        if (outline.pos < text.length()) {
            throw outline.error("unexpected text after the end of the top-level value");
        }
        return outline;
    }

    /**
     * The value as a JSON string, the inverse of {@link #unquote}: quotes, backslashes and control characters
     * escaped, and DEL and the byte-order mark too, so that the same text is also a YAML double-quoted scalar.
     */
    static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append(c < 0x20 || c == 0x7f || c == '\uFEFF' ? String.format("\\u%04x", (int) c)
                        : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }

    /** The characters a string token (quotes included) stands for. */
    static String unquote(String token) throws EditException {
        return new JsonOutline(token).string();
    }

    Kind root() {
        return root;
    }

    List<Member> find(List<String> path) {
        return members.stream().filter(m -> m.addressable() && m.path().equals(path)).toList();
    }

    Member first(List<String> path) {
        List<Member> found = find(path);
        return found.isEmpty() ? null : found.get(0);
    }

    List<String> childKeys(List<String> prefix) {
        return members.stream()
                .filter(m -> m.addressable() && m.path().size() == prefix.size() + 1 && m.path().subList(0, prefix.size()).equals(prefix))
                .map(m -> m.path().get(prefix.size()))
                .distinct()
                .toList();
    }

    private Kind value(List<String> path, boolean addressable, int depth) throws EditException {
        if (depth > MAX_DEPTH) {
            throw error("values nested more than " + MAX_DEPTH + " levels deep");
        }
        skipWhitespace();
        if (pos >= text.length()) {
            throw error("unexpected end of the file");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{' -> {
                object(path, addressable, depth);
                return Kind.OBJECT;
            }
            case '[' -> {
                array(path, depth);
                return Kind.ARRAY;
            }
            case '"' -> {
                string();
                return Kind.STRING;
            }
            case 't' -> {
                return literal("true", Kind.TRUE);
            }
            case 'f' -> {
                return literal("false", Kind.FALSE);
            }
            case 'n' -> {
                return literal("null", Kind.NULL);
            }
            default -> {
                var number = NUMBER.matcher(text).region(pos, text.length());
                if (!number.lookingAt()) {
                    throw error("unexpected character '" + c + "'");
                }
                pos = number.end();
                return Kind.NUMBER;
            }
        }
    }

    private void object(List<String> path, boolean addressable, int depth) throws EditException {
        pos++;
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a member name in double quotes");
            }
            List<String> memberPath = new ArrayList<>(path);
            memberPath.add(string());
            skipWhitespace();
            expect(':');
            skipWhitespace();
            int start = pos;
            Kind kind = value(memberPath, addressable, depth + 1);
            members.add(new Member(List.copyOf(memberPath), kind, start, pos, addressable));
            skipWhitespace();
            if (peek() == ',') {
                pos++;
            } else if (peek() == '}') {
                pos++;
                return;
            } else {
                throw error("expected ',' or '}'");
            }
        }
    }

    private void array(List<String> path, int depth) throws EditException {
        pos++;
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return;
        }
        for (int index = 0; ; index++) {
            List<String> itemPath = new ArrayList<>(path);
            itemPath.add(Integer.toString(index));
            value(itemPath, false, depth + 1);
            skipWhitespace();
            if (peek() == ',') {
                pos++;
            } else if (peek() == ']') {
                pos++;
                return;
            } else {
                throw error("expected ',' or ']'");
            }
        }
    }

    /** Reads the string at {@code pos} and returns the characters it stands for. */
    private String string() throws EditException {
        StringBuilder out = new StringBuilder();
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw error("a control character inside a string (write it as an escape, e.g. \\n)");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = pos < text.length() ? text.charAt(pos++) : '?';
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (pos + 4 > text.length() || !text.substring(pos, pos + 4).matches("[0-9a-fA-F]{4}")) {
                        throw error("a \\u escape without four hex digits");
                    }
                    out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    pos += 4;
                }
                default -> throw error("an unknown escape \\" + e);
            }
        }
        throw error("a string that is not closed");
    }

    private Kind literal(String word, Kind kind) throws EditException {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected character '" + text.charAt(pos) + "'");
        }
        pos += word.length();
        return kind;
    }

    private void expect(char c) throws EditException {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipWhitespace() {
        while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
    }

    private EditException error(String what) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < Math.min(pos, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new EditException("the file is not valid JSON: " + what + " at line " + line + ", column " + column,
                "correct the JSON syntax there and run again");
    }
}
