package dev.dbmove.cutover.edit;

import dev.dbmove.cutover.edit.Lines.Line;
import dev.dbmove.cutover.edit.YamlOutline.Node;
import dev.dbmove.cutover.edit.YamlScalars.Type;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sets scalar values in YAML block mappings. A key path is split on dots into nested keys
 * ({@code production.host}), so a key that itself contains a dot cannot be named. Only the value
 * on the key's line changes: its anchor or tag, the space before it, its trailing comment and
 * every other line stay as they were.
 *
 * <p>The value keeps its quoting style. A value that was plain stays plain unless YAML would read
 * the new text differently: it is double-quoted when it contains {@code ": "} or {@code " #"},
 * starts with an indicator character, has surrounding spaces, or would turn a string into a
 * boolean, number, null or date ({@code yes}, {@code 5432}, {@code ~}), or give an empty value
 * such a type; a number replacing a number (a boolean replacing a boolean) stays plain.
 *
 * <p>A path that does not exist is an error naming the keys that do exist where the path ends;
 * keys are never added. Refused with a message: aliases, block scalars ({@code |}, {@code >}),
 * values continued on further lines, flow collections on the path, paths through sequences,
 * multi-document files.
 */
final class YamlEditor implements ConfigEditor {
    private enum Style { PLAIN, SINGLE, DOUBLE }

    @Override
    public String apply(String original, LinkedHashMap<String, String> set) throws EditException {
        List<Line> lines = new ArrayList<>(Lines.split(original));
        YamlOutline outline = YamlOutline.scan(lines);
        if (!set.isEmpty()) {
            outline.requireEditable();
        }
        for (Map.Entry<String, String> edit : set.entrySet()) {
            List<String> path = KeyPaths.split(edit.getKey());
            List<Node> found = outline.find(path);
            if (found.isEmpty()) {
                throw missing(outline, lines, path, edit.getKey());
            }
            for (Node node : found) {
                Line line = lines.get(node.line);
                lines.set(node.line, line.withContent(edited(edit.getKey(), node, lines, edit.getValue())));
            }
        }
        return Lines.join(lines);
    }

    /** The scalar on a key's line: where it lies, how it is quoted, and the string it stands for. */
    private record Scalar(int start, int end, Style style, String value, boolean tagged) {
    }

    private static String edited(String key, Node node, List<Line> lines, String value) throws EditException {
        if (node.children != null) {
            throw new EditException(key + " is a " + node.children + ", not a single value",
                    node.children.equals("mapping") ? "name one of the keys under " + key : "use replace: to change items of a sequence");
        }
        String content = lines.get(node.line).content();
        Scalar old = scalar(key, node, content);
        if (continues(node, lines)) {
            throw multiLine(key);
        }
        String rendered = render(old, value);
        // Unchanged when a reader gets the same value: for a quoted value the same characters; for a
        // plain one the same text too, since "" after a plain null is a change (null becomes a string).
        if (old.value().equals(value) && (old.style() != Style.PLAIN || rendered.equals(old.value()))) {
            return content;
        }
        String prefix = content.substring(0, old.start());
        String rest = content.substring(old.end());
        if (old.start() == old.end()) {
            // Empty value: "key:" or "key:   # comment"; the new value needs a space before it, and one before the comment.
            prefix = prefix.isEmpty() || isBlank(prefix.charAt(prefix.length() - 1)) ? prefix : prefix + " ";
            return prefix + rendered + (rest.isEmpty() ? "" : " " + rest);
        }
        return prefix + rendered + rest;
    }

    private static Scalar scalar(String key, Node node, String content) throws EditException {
        int start = YamlOutline.propertiesEnd(content, node.colon + 1);
        boolean tagged = content.substring(node.colon + 1, start).contains("!");
        char first = start < content.length() ? content.charAt(start) : '#';
        Scalar scalar = switch (first) {
            case '#' -> new Scalar(start, start, Style.PLAIN, "", tagged);
            case '*' -> throw new EditException(key + " is an alias (" + content.substring(start).split("\\s")[0]
                    + ") of a value defined elsewhere in the file", "set the key where the anchor (&) is defined instead");
            case '|', '>' -> throw new EditException(key + " has a multi-line block value (" + first + "); dbmove rewrites one-line values only",
                    "write the value of " + key + " on one line and run again, or use replace:");
            case '[', '{' -> throw new EditException(key + " holds a flow collection (" + first + "...), not a single value",
                    "name a key whose value is a single value");
            case '"', '\'' -> {
                int close = YamlOutline.closingQuote(content, start);
                if (close < 0) {
                    throw multiLine(key);
                }
                String body = content.substring(start + 1, close);
                yield first == '"'
                        ? new Scalar(start, close + 1, Style.DOUBLE, YamlScalars.unescapeDouble(body), tagged)
                        : new Scalar(start, close + 1, Style.SINGLE, body.replace("''", "'"), tagged);
            }
            default -> {
                int end = start;
                for (int i = start; i < content.length() && !(content.charAt(i) == '#' && isBlank(content.charAt(i - 1))); i++) {
                    if (!isBlank(content.charAt(i))) {
                        end = i + 1;
                    }
                }
                yield new Scalar(start, end, Style.PLAIN, content.substring(start, end), tagged);
            }
        };
        String rest = content.substring(scalar.end());
        boolean blankOrComment = rest.isBlank() || rest.strip().startsWith("#") && (scalar.end() == start || isBlank(rest.charAt(0)));
        if (!blankOrComment) {
            throw new EditException("cannot read the value of " + key + " (unexpected text after it: " + rest.strip() + ")",
                    "check the YAML syntax of that line");
        }
        return scalar;
    }

    private static String render(Scalar old, String value) {
        return switch (old.style()) {
            case DOUBLE -> YamlScalars.doubleQuoted(value);
            case SINGLE -> {
                String single = YamlScalars.singleQuoted(value);
                yield single != null ? single : YamlScalars.doubleQuoted(value);
            }
            case PLAIN -> {
                Type was = YamlScalars.typeOf(old.value());
                Type becomes = YamlScalars.typeOf(value);
                // An empty old value says nothing about the type the application wants: a quoted "5432" is
                // a string it will most likely accept, an unquoted 012345 password would become 5349.
                boolean sameKind = old.tagged() || becomes == Type.STRING || becomes == was && was != Type.NULL;
                yield YamlScalars.plainSafe(value) && sameKind ? value : YamlScalars.doubleQuoted(value);
            }
        };
    }

    /** True when the next non-blank line is indented deeper than the key: the value goes on there. */
    private static boolean continues(Node node, List<Line> lines) {
        for (int i = node.line + 1; i < lines.size(); i++) {
            String content = lines.get(i).content();
            if (!content.isBlank()) {
                return Lines.indent(content) > node.indent && !content.strip().startsWith("#");
            }
        }
        return false;
    }

    private static EditException multiLine(String key) {
        return new EditException("the value of " + key + " spans several lines; dbmove rewrites one-line values only",
                "write the value of " + key + " on one line and run again, or use replace:");
    }

    private static EditException missing(YamlOutline outline, List<Line> lines, List<String> path, String key) {
        for (int depth = path.size() - 1; depth >= 1; depth--) {
            List<String> prefix = path.subList(0, depth);
            Node parent = outline.first(prefix);
            if (parent == null) {
                continue;
            }
            String name = KeyPaths.join(prefix);
            if ("sequence".equals(parent.children)) {
                return new EditException("key " + key + " goes through " + name + ", which is a sequence; dbmove cannot address its items",
                        "use replace: to change this file");
            }
            if (parent.children == null && parent.inlineValue) {
                String content = lines.get(parent.line).content();
                String value = content.substring(YamlOutline.propertiesEnd(content, parent.colon + 1)).strip();
                if (value.startsWith("*")) {
                    return new EditException("key " + key + " goes through " + name + ", which is an alias (" + value.split("\\s")[0]
                            + ") of a mapping defined elsewhere in the file", "set the key under the anchor (&) that the alias names");
                }
                if (value.startsWith("{")) {
                    return new EditException("key " + key + " goes through " + name + ", which is a flow mapping ({...} on one line); dbmove edits block mappings only",
                            "rewrite " + name + " in block style, one key per line, and run again");
                }
                return new EditException("key " + key + " goes through " + name + ", which holds a single value, not a mapping",
                        "correct the key path");
            }
            return missingUnder(outline, path, key, prefix, "under " + name);
        }
        return missingUnder(outline, path, key, List.of(), "at the top level");
    }

    private static EditException missingUnder(YamlOutline outline, List<String> path, String key, List<String> prefix, String where) {
        List<String> keys = outline.childKeys(prefix);
        String note = keys.contains("<<")
                ? "keys merged in with << cannot be set here; set them where they are defined"
                : "";
        return KeyPaths.missing(key, KeyPaths.join(prefix), path.get(prefix.size()), where, keys, note);
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
