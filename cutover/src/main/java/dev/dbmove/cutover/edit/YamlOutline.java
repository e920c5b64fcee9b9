package dev.dbmove.cutover.edit;

import dev.dbmove.cutover.edit.Lines.Line;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The block-mapping keys of a YAML text, found by indentation alone: which line holds which key
 * path. Only what an edit needs is recognised. Keys inside sequences are seen (so that they are
 * not mistaken for mapping keys) but cannot be addressed; the content of block scalars and of
 * values continued on further lines is skipped.
 */
final class YamlOutline {
    /** A key line. {@code children} is set when nested lines follow: "mapping" or "sequence". */
    static final class Node {
        final int line;
        final int indent;
        final List<String> path;
        final boolean addressable;
        final int colon;
        final boolean inlineValue;
        String children;

        Node(int line, int indent, List<String> path, boolean addressable, int colon, boolean inlineValue) {
            this.line = line;
            this.indent = indent;
            this.path = path;
            this.addressable = addressable;
            this.colon = colon;
            this.inlineValue = inlineValue;
        }
    }

    /** An open block: a key (node set) or a sequence or complex-key item (node null). */
    private record Frame(int indent, Node node) {
    }

    private record Key(String name, int colon) {
    }

    private final List<Node> nodes = new ArrayList<>();
    private int documents;
    private boolean flowRoot;

    private YamlOutline() {
    }

    static YamlOutline scan(List<Line> lines) {
        YamlOutline outline = new YamlOutline();
        outline.read(lines);
        return outline;
    }

    private void read(List<Line> lines) {
        Deque<Frame> stack = new ArrayDeque<>();
        int skipDeeperThan = -1;
        boolean contentInDocument = false;
        for (int i = 0; i < lines.size(); i++) {
            String content = lines.get(i).content();
            if (skipDeeperThan >= 0) {
                if (content.isBlank() || Lines.indent(content) > skipDeeperThan) {
                    continue;
                }
                skipDeeperThan = -1;
            }
            String stripped = content.strip();
            if (stripped.isEmpty() || stripped.startsWith("#") || content.startsWith("%") || isMarker(content, "...")) {
                continue;
            }
            if (isMarker(content, "---")) {
                contentInDocument = false;
                stack.clear();
                continue;
            }
            if (!contentInDocument) {
                contentInDocument = true;
                documents++;
            }
            int col = Lines.indent(content);
            int dash = -1;
            while (col < content.length() && content.charAt(col) == '-' && isBlankAt(content, col + 1)) {
                dash = col;
                while (!stack.isEmpty() && stack.peek().indent() > col) {
                    stack.pop();
                }
                if (stack.isEmpty() || stack.peek().indent() != col || stack.peek().node() != null) {
                    markChildren(stack, "sequence");
                    stack.push(new Frame(col, null));
                }
                col = Lines.indent(content.substring(col + 1)) + col + 1;
            }
            if (col >= content.length() || content.charAt(col) == '#') {
                continue;
            }
            if (content.charAt(col) == '?' && isBlankAt(content, col + 1)) {
                while (!stack.isEmpty() && stack.peek().indent() >= col) {
                    stack.pop();
                }
                stack.push(new Frame(col, null));
                continue;
            }
            Key key = parseKey(content, col);
            if (key == null) {
                if (stack.isEmpty() && dash < 0 && (content.charAt(col) == '{' || content.charAt(col) == '[')) {
                    flowRoot = true;
                }
                skipDeeperThan = dash >= 0 ? dash : -1;
                continue;
            }
            while (!stack.isEmpty() && stack.peek().indent() >= col) {
                stack.pop();
            }
            markChildren(stack, "mapping");
            List<String> path = new ArrayList<>();
            boolean addressable = true;
            for (var it = stack.descendingIterator(); it.hasNext(); ) {
                Frame frame = it.next();
                if (frame.node() == null) {
                    addressable = false;
                } else {
                    path.add(frame.node().path.get(frame.node().path.size() - 1));
                }
            }
            path.add(key.name());
            boolean inline = hasInlineValue(content.substring(key.colon() + 1));
            Node node = new Node(i, col, List.copyOf(path), addressable, key.colon(), inline);
            nodes.add(node);
            stack.push(new Frame(col, node));
            if (inline) {
                skipDeeperThan = col;
            }
        }
    }

    /** Refuses texts whose keys this outline cannot place with certainty. */
    void requireEditable() throws EditException {
        if (documents > 1) {
            throw new EditException("the file holds " + documents + " YAML documents (separated by ---); dbmove sets keys only in single-document files",
                    "use replace: with a pattern for this file");
        }
        if (flowRoot) {
            throw new EditException("the file is written in YAML flow style ({...} or [...]); dbmove sets keys only in block-style mappings",
                    "use replace: with a pattern for this file");
        }
    }

    /** Every addressable key line with exactly this path (more than one only in a file with duplicate keys). */
    List<Node> find(List<String> path) {
        return nodes.stream().filter(n -> n.addressable && n.path.equals(path)).toList();
    }

    Node first(List<String> path) {
        List<Node> found = find(path);
        return found.isEmpty() ? null : found.get(0);
    }

    /** The keys directly under {@code prefix} (the top-level keys for an empty prefix), in file order. */
    List<String> childKeys(List<String> prefix) {
        return nodes.stream()
                .filter(n -> n.addressable && n.path.size() == prefix.size() + 1 && n.path.subList(0, prefix.size()).equals(prefix))
                .map(n -> n.path.get(prefix.size()))
                .distinct()
                .toList();
    }

    private static void markChildren(Deque<Frame> stack, String kind) {
        if (!stack.isEmpty() && stack.peek().node() != null && stack.peek().node().children == null) {
            stack.peek().node().children = kind;
        }
    }

    private static boolean isMarker(String content, String marker) {
        return content.startsWith(marker) && isBlankAt(content, 3);
    }

    private static boolean isBlankAt(String s, int i) {
        return i >= s.length() || s.charAt(i) == ' ' || s.charAt(i) == '\t';
    }

    /** True when text follows the colon on the key's own line: anything but anchors, tags and a comment. */
    static boolean hasInlineValue(String afterColon) {
        return propertiesEnd(afterColon, 0) < afterColon.length() && afterColon.charAt(propertiesEnd(afterColon, 0)) != '#';
    }

    /** Index after leading blanks and any anchors ({@code &name}) and tags ({@code !tag}) that start a value. */
    static int propertiesEnd(String s, int from) {
        int i = skipBlanks(s, from);
        while (i < s.length() && (s.charAt(i) == '&' || s.charAt(i) == '!')) {
            while (i < s.length() && !isBlankAt(s, i)) {
                i++;
            }
            i = skipBlanks(s, i);
        }
        return i;
    }

    static int skipBlanks(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /** Index of the quote that closes the scalar opened at {@code start}, or -1 when it is not on this line. */
    static int closingQuote(String s, int start) {
        char quote = s.charAt(start);
        for (int i = start + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote == '"' && c == '\\') {
                i++;
            } else if (c == quote) {
                if (quote == '\'' && i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }

    private static Key parseKey(String content, int col) {
        char first = content.charAt(col);
        if (first == '"' || first == '\'') {
            int end = closingQuote(content, col);
            if (end < 0) {
                return null;
            }
            int colon = skipBlanks(content, end + 1);
            if (colon >= content.length() || content.charAt(colon) != ':' || !isBlankAt(content, colon + 1)) {
                return null;
            }
            String body = content.substring(col + 1, end);
            return new Key(first == '"' ? YamlScalars.unescapeDouble(body) : body.replace("''", "'"), colon);
        }
        if ("[]{},#&*!|>%@`".indexOf(first) >= 0) {
            return null;
        }
        for (int j = col; j < content.length(); j++) {
            char c = content.charAt(j);
            if (c == '#' && j > col && isBlankAt(content, j - 1)) {
                return null;
            }
            if (c == ':' && isBlankAt(content, j + 1)) {
                return new Key(content.substring(col, j).strip(), j);
            }
        }
        return null;
    }
}
