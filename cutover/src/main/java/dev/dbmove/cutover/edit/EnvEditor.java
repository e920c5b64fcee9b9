package dev.dbmove.cutover.edit;

import dev.dbmove.cutover.edit.Lines.Line;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sets variables in a {@code .env} file: {@code KEY=value} lines, optionally after
 * {@code export}, with unquoted, {@code '...'} or {@code "..."} values and {@code #} comments.
 * The key is the variable name. An edited line keeps its {@code export}, the spacing around
 * {@code =}, and its trailing comment. A variable set on several lines is set on each.
 *
 * <p>Readers of .env files (the shell, docker compose, python-dotenv, node's dotenv) agree only
 * on simple quoting, so the new value keeps the old quoting style when that style holds it
 * literally: a plain value stays plain when it has only letters, digits and {@code _./:@%+,=-}
 * (a shell gives meaning to the rest: blanks, {@code # ~ ; & | * ?}, quotes, {@code $}...);
 * otherwise it is double-quoted, or single-quoted when it contains
 * {@code $}, a backslash, a double quote or a backtick (which some readers expand or unescape
 * inside double quotes). A value with line breaks, or with a single quote together with
 * {@code $} or a backtick, is refused.
 *
 * <p>A variable that does not exist is appended at the end of the file, written like the file's
 * last assignment ({@code export} or not, spacing around {@code =}).
 */
final class EnvEditor implements ConfigEditor {
    private static final Pattern ASSIGNMENT = Pattern.compile("(\\s*(?:export\\s+)?)([A-Za-z_][A-Za-z0-9_.-]*)(\\s*=[ \\t]*)(.*)");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private enum Quote { NONE, SINGLE, DOUBLE }

    private record Entry(int line, String key, String lead, String assign, int valueStart, int valueEnd, Quote quote, String value, boolean multiLine) {
    }

    @Override
    public String apply(String original, LinkedHashMap<String, String> set) throws EditException {
        List<Line> lines = new ArrayList<>(Lines.split(original));
        List<Entry> entries = entries(lines);
        List<String> appended = new ArrayList<>();
        for (Map.Entry<String, String> edit : set.entrySet()) {
            String key = edit.getKey();
            String value = edit.getValue();
            List<Entry> found = entries.stream().filter(e -> e.key().equals(key)).toList();
            if (found.isEmpty()) {
                if (!NAME.matcher(key).matches()) {
                    throw new EditException("'" + key + "' is not a valid variable name for a .env file",
                            "use letters, digits and underscores, not starting with a digit");
                }
                Entry last = entries.isEmpty() ? null : entries.get(entries.size() - 1);
                String lead = last == null || !last.lead().contains("export") ? "" : "export ";
                appended.add(lead + key + (last == null ? "=" : last.assign()) + render(key, value, Quote.NONE));
            }
            for (Entry entry : found) {
                if (entry.multiLine()) {
                    throw new EditException("the value of " + key + " spans several lines; dbmove rewrites one-line values only",
                            "write the value of " + key + " on one line and run again");
                }
                if (!entry.value().equals(value)) {
                    String content = lines.get(entry.line()).content();
                    String edited = content.substring(0, entry.valueStart()) + render(key, value, entry.quote()) + content.substring(entry.valueEnd());
                    lines.set(entry.line(), lines.get(entry.line()).withContent(edited));
                }
            }
        }
        String text = Lines.join(lines);
        for (String line : appended) {
            text = Lines.append(text, line);
        }
        return text;
    }

    private static List<Entry> entries(List<Line> lines) {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String content = lines.get(i).content();
            Matcher m = ASSIGNMENT.matcher(content);
            if (!m.matches()) {
                continue;
            }
            int start = m.start(4);
            char first = start < content.length() ? content.charAt(start) : '\0';
            if (first == '"' || first == '\'') {
                int close = closingQuote(content, start + 1, first);
                if (close < 0) {
                    int end = i + 1;
                    while (end < lines.size() && closingQuote(lines.get(end).content(), 0, first) < 0) {
                        end++;
                    }
                    entries.add(new Entry(i, m.group(2), m.group(1), m.group(3), start, content.length(), Quote.NONE, null, true));
                    i = end;
                    continue;
                }
                String body = content.substring(start + 1, close);
                entries.add(new Entry(i, m.group(2), m.group(1), m.group(3), start, close + 1,
                        first == '"' ? Quote.DOUBLE : Quote.SINGLE, first == '"' ? unescapeDouble(body) : body, false));
            } else {
                int end = start;
                for (int k = start; k < content.length() && !(content.charAt(k) == '#' && k > start && isBlank(content.charAt(k - 1))); k++) {
                    if (!isBlank(content.charAt(k))) {
                        end = k + 1;
                    }
                }
                entries.add(new Entry(i, m.group(2), m.group(1), m.group(3), start, end, Quote.NONE, content.substring(start, end), false));
            }
        }
        return entries;
    }

    /** The value as it must be written: see the class comment for the choice of quotes. */
    private static String render(String key, String value, Quote old) throws EditException {
        if (Lines.hasControl(value)) {
            throw new EditException("the new value of " + key + " contains a line break or control character, which .env readers do not agree on",
                    "set a value without line breaks");
        }
        boolean plain = value.chars().allMatch(c -> Character.isLetterOrDigit(c) || "_./:@%+,=-".indexOf(c) >= 0);
        boolean literalInDouble = value.chars().noneMatch(c -> "$\\\"`".indexOf(c) >= 0);
        boolean singleOk = value.indexOf('\'') < 0;
        if (old == Quote.NONE && plain) {
            return value;
        }
        if (old == Quote.SINGLE && singleOk) {
            return "'" + value + "'";
        }
        if (literalInDouble) {
            return "\"" + value + "\"";
        }
        if (singleOk) {
            return "'" + value + "'";
        }
        if (value.indexOf('$') < 0 && value.indexOf('`') < 0) {
            return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        throw new EditException("the new value of " + key + " contains both a single quote and $ or `, which no .env quoting keeps literal in every reader",
                "set the value in the application's environment another way, or use replace: with the exact text you want");
    }

    /** Index of the closing quote at or after {@code from}, or -1; inside double quotes a backslash escapes the next character. */
    private static int closingQuote(String s, int from, char quote) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote == '"' && c == '\\') {
                i++;
            } else if (c == quote) {
                return i;
            }
        }
        return -1;
    }

    private static String unescapeDouble(String body) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                char e = body.charAt(++i);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case '\\', '"', '\'', '$', '`' -> out.append(e);
                    default -> out.append('\\').append(e);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
