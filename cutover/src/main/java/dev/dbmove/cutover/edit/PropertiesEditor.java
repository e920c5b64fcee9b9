package dev.dbmove.cutover.edit;

import dev.dbmove.cutover.edit.Lines.Line;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Sets values in a Java {@code .properties} file, read as {@link java.util.Properties#load}
 * reads it: {@code key=value}, {@code key: value} and {@code key value}, {@code #} and {@code !}
 * comments, backslash escapes, values continued on further lines. The key is the whole property
 * name ({@code spring.datasource.url}), not split on dots.
 *
 * <p>An edited line keeps its key and separator as written; the value is written with the
 * escapes the format needs (a backslash, a leading space, control characters) and non-ASCII
 * characters as {@code \}{@code uXXXX}, which read the same whether the file is loaded as
 * ISO-8859-1 or UTF-8. A value that was continued over several lines is rewritten on one line.
 * A key that appears several times is set everywhere.
 *
 * <p>A key that does not exist is appended at the end of the file, with the separator the
 * file's last property uses.
 */
final class PropertiesEditor implements ConfigEditor {
    /** One property: natural lines {@code first..last}, where its value starts in the first line, and what it reads as. */
    private record Entry(int first, int last, String key, String value, int keyEnd, int valueStart, boolean keySpansLines) {
    }

    @Override
    public String apply(String original, LinkedHashMap<String, String> set) throws EditException {
        List<Line> lines = new ArrayList<>(Lines.split(original));
        List<Entry> entries = entries(lines);
        List<String> appended = new ArrayList<>();
        for (Map.Entry<String, String> edit : set.entrySet()) {
            List<Entry> found = entries.stream().filter(e -> e.key().equals(edit.getKey())).toList();
            if (found.isEmpty()) {
                appended.add(escape(edit.getKey(), true) + separator(lines, entries) + escape(edit.getValue(), false));
            }
            for (Entry entry : found) {
                if (entry.keySpansLines()) {
                    throw new EditException("the key " + edit.getKey() + " is split over several lines with \\; dbmove cannot rewrite it",
                            "join the key onto one line and run again");
                }
                if (!entry.value().equals(edit.getValue())) {
                    String prefix = lines.get(entry.first()).content().substring(0, entry.valueStart());
                    if (entry.valueStart() == entry.keyEnd()) {
                        // A key alone on its line ("flag"): the value needs a separator.
                        prefix += separator(lines, entries);
                    }
                    lines.set(entry.first(), new Line(prefix + escape(edit.getValue(), false), lines.get(entry.last()).eol()));
                    for (int i = entry.first() + 1; i <= entry.last(); i++) {
                        lines.set(i, null);
                    }
                }
            }
        }
        String text = Lines.join(lines.stream().filter(Objects::nonNull).toList());
        for (String line : appended) {
            text = Lines.append(text, line);
        }
        return text;
    }

    private static List<Entry> entries(List<Line> lines) {
        List<Entry> entries = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            String content = lines.get(i).content();
            int keyStart = skipWhitespace(content, 0, content.length());
            if (keyStart == content.length() || content.charAt(keyStart) == '#' || content.charAt(keyStart) == '!') {
                i++;
                continue;
            }
            int last = i;
            StringBuilder logical = new StringBuilder(content.substring(keyStart, withoutContinuation(content)));
            while (continues(lines.get(last).content()) && last + 1 < lines.size()) {
                String next = lines.get(++last).content();
                logical.append(next, skipWhitespace(next, 0, next.length()), withoutContinuation(next));
            }
            int limit = last > i ? withoutContinuation(content) : content.length();
            int[] split = split(content, keyStart, limit);
            int[] logicalSplit = split(logical.toString(), 0, logical.length());
            entries.add(new Entry(i, last,
                    unescape(logical.substring(0, logicalSplit[0])),
                    unescape(logical.substring(logicalSplit[1])),
                    split[0], split[1], last > i && split[0] == limit));
            i = last + 1;
        }
        return entries;
    }

    /** {@code {keyEnd, valueStart}} as {@code Properties.load} finds them: the key ends at the first unescaped '=', ':' or blank. */
    private static int[] split(String s, int from, int limit) {
        int keyEnd = limit;
        int valueStart = limit;
        boolean separator = false;
        boolean backslash = false;
        for (int k = from; k < limit; k++) {
            char c = s.charAt(k);
            if (!backslash && (c == '=' || c == ':' || isWhitespace(c))) {
                keyEnd = k;
                valueStart = k + 1;
                separator = c == '=' || c == ':';
                break;
            }
            backslash = c == '\\' && !backslash;
        }
        while (valueStart < limit) {
            char c = s.charAt(valueStart);
            if (isWhitespace(c)) {
                valueStart++;
            } else if (!separator && (c == '=' || c == ':')) {
                separator = true;
                valueStart++;
            } else {
                break;
            }
        }
        return new int[] {keyEnd, valueStart};
    }

    /** The separator of the last property in the file, so appended lines look like their neighbours. */
    private static String separator(List<Line> lines, List<Entry> entries) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry e = entries.get(i);
            Line line = lines.get(e.first());
            if (line != null && !e.keySpansLines()) {
                String separator = line.content().substring(e.keyEnd(), e.valueStart());
                if (!separator.isEmpty()) {
                    return separator;
                }
            }
        }
        return "=";
    }

    /** True when the line ends in an odd number of backslashes: the next line continues it. */
    private static boolean continues(String content) {
        int count = 0;
        for (int i = content.length() - 1; i >= 0 && content.charAt(i) == '\\'; i--) {
            count++;
        }
        return count % 2 == 1;
    }

    private static int withoutContinuation(String content) {
        return continues(content) ? content.length() - 1 : content.length();
    }

    private static int skipWhitespace(String s, int i, int limit) {
        while (i < limit && isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\f';
    }

    /** The escapes {@code Properties.load} understands: {@code \t \n \r \f}, {@code \}{@code uXXXX}, and a backslash before any other character. */
    static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                out.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 't' -> out.append('\t');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    if (i + 5 <= s.length() && s.substring(i + 1, i + 5).matches("[0-9a-fA-F]{4}")) {
                        out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                        i += 4;
                    } else {
                        out.append("\\u");
                    }
                }
                default -> out.append(e);
            }
        }
        return out.toString();
    }

    /**
     * Writes a key or value so that {@code Properties.load} reads back exactly these characters.
     * In a key every blank and separator is escaped; in a value only what would be lost: leading
     * blanks, and a leading '=' or ':' (taken as the separator after a key followed by a blank).
     */
    static String escape(String s, boolean key) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\f' -> out.append("\\f");
                case ' ' -> out.append(key || i == 0 ? "\\ " : " ");
                case '=', ':' -> out.append(key || i == 0 ? "\\" + c : String.valueOf(c));
                case '#', '!' -> out.append(key && i == 0 ? "\\" + c : String.valueOf(c));
                default -> out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.toString();
    }
}
