package dev.dbmove.cutover.edit;

import dev.dbmove.core.DidYouMean;
import dev.dbmove.cutover.edit.Lines.Line;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Sets values in an INI file (MySQL option files, php.ini, and the like): {@code [section]}
 * headers, then {@code key = value} or {@code key=value} lines, {@code ;} and {@code #}
 * comments. A path is {@code section.key}, or a bare {@code key} for keys before the first
 * section; a section name may itself contain dots. Everything before the value (indentation,
 * key, spacing around {@code =}) and a trailing comment stay as written. A key set several times
 * (or in a repeated section) is set everywhere.
 *
 * <p>A quoted value stays quoted. Because INI readers disagree about quotes and escapes, a value
 * that would need quoting to survive unquoted (surrounding blanks, a comment character after a
 * blank, a leading quote) is refused rather than guessed, as is one with a line break.
 *
 * <p>A path that does not exist is an error naming the sections, or the keys of the section,
 * that do exist; keys are never added.
 */
final class IniEditor implements ConfigEditor {
    /** A key line; {@code valueStart == -1} for a key without {@code =} (a flag such as {@code skip-networking}). */
    private record Entry(int line, String section, String key, int valueStart, int valueEnd, char quote, String value) {
        String path() {
            return section == null ? key : section + "." + key;
        }
    }

    @Override
    public String apply(String original, LinkedHashMap<String, String> set) throws EditException {
        List<Line> lines = new ArrayList<>(Lines.split(original));
        List<Entry> entries = new ArrayList<>();
        Set<String> sections = new LinkedHashSet<>();
        boolean includes = read(lines, entries, sections);
        for (Map.Entry<String, String> edit : set.entrySet()) {
            String path = edit.getKey();
            List<Entry> found = entries.stream().filter(e -> e.path().equals(path)).toList();
            if (found.isEmpty()) {
                throw missing(path, entries, sections, includes);
            }
            for (Entry entry : found) {
                if (entry.valueStart() < 0) {
                    throw new EditException(path + " is a key without a value (no '='); dbmove sets key = value lines only",
                            "write it as " + entry.key() + " = <value> and run again, or use replace:");
                }
                if (!entry.value().equals(edit.getValue())) {
                    String content = lines.get(entry.line()).content();
                    String edited = content.substring(0, entry.valueStart()) + render(path, edit.getValue(), entry.quote())
                            + content.substring(entry.valueEnd());
                    lines.set(entry.line(), lines.get(entry.line()).withContent(edited));
                }
            }
        }
        return Lines.join(lines);
    }

    /** Fills entries and section names; true when the file includes other files (MySQL's !include). */
    private static boolean read(List<Line> lines, List<Entry> entries, Set<String> sections) {
        String section = null;
        boolean includes = false;
        for (int i = 0; i < lines.size(); i++) {
            String content = lines.get(i).content();
            String stripped = content.strip();
            if (stripped.isEmpty() || stripped.startsWith(";") || stripped.startsWith("#")) {
                continue;
            }
            if (stripped.startsWith("!")) {
                includes = true;
                continue;
            }
            if (stripped.startsWith("[") && stripped.indexOf(']') > 0) {
                section = stripped.substring(1, stripped.indexOf(']')).strip();
                sections.add(section);
                continue;
            }
            int equals = firstOf(content, "=:");
            if (equals < 0) {
                entries.add(new Entry(i, section, stripped, -1, -1, '\0', null));
                continue;
            }
            String key = content.substring(0, equals).strip();
            int start = equals + 1;
            while (start < content.length() && isBlank(content.charAt(start))) {
                start++;
            }
            char first = start < content.length() ? content.charAt(start) : '\0';
            int close = first == '"' || first == '\'' ? content.indexOf(first, start + 1) : -1;
            if (close > 0 && (close + 1 == content.length() || isBlank(content.charAt(close + 1)))) {
                entries.add(new Entry(i, section, key, start, close + 1, first, content.substring(start + 1, close)));
                continue;
            }
            int end = start;
            for (int k = start; k < content.length() && !(isComment(content.charAt(k)) && isBlank(content.charAt(k - 1))); k++) {
                if (!isBlank(content.charAt(k))) {
                    end = k + 1;
                }
            }
            entries.add(new Entry(i, section, key, start, end, '\0', content.substring(start, end)));
        }
        return includes;
    }

    private static String render(String path, String value, char quote) throws EditException {
        if (Lines.hasControl(value)) {
            throw new EditException("the new value of " + path + " contains a line break or control character, which an INI value cannot hold",
                    "set a one-line value");
        }
        if (quote != '\0') {
            if (value.indexOf(quote) >= 0) {
                throw new EditException("the new value of " + path + " contains the quote character (" + quote + ") its old value is quoted with",
                        "use replace: with the exact text you want");
            }
            return quote + value + quote;
        }
        boolean needsQuotes = !value.strip().equals(value) || value.contains(" ;") || value.contains(" #") || value.contains("\t;")
                || value.contains("\t#") || value.startsWith("\"") || value.startsWith("'") || value.startsWith(";") || value.startsWith("#");
        if (needsQuotes) {
            throw new EditException("the new value of " + path + " would need quotes (it has surrounding blanks, a comment character or a leading quote), and INI readers disagree on quoting",
                    "quote the old value in the file by hand (key = \"...\") so dbmove keeps the quotes, or use replace:");
        }
        return value;
    }

    private static EditException missing(String path, List<Entry> entries, Set<String> sections, boolean includes) {
        String note = includes ? "this file includes other files with !include; dbmove edits only this one" : "";
        String section = sections.stream()
                .filter(s -> path.startsWith(s + ".") && path.length() > s.length() + 1)
                .reduce((a, b) -> a.length() >= b.length() ? a : b)
                .orElse(null);
        if (section != null) {
            List<String> keys = keysOf(entries, section);
            return KeyPaths.missing(path, section, path.substring(section.length() + 1), "in [" + section + "]", keys, note);
        }
        int dot = path.lastIndexOf('.');
        if (dot < 0) {
            return KeyPaths.missing(path, "", path, "before the first section", keysOf(entries, null), note);
        }
        String typed = path.substring(0, dot);
        String hint = DidYouMean.closest(typed, sections).map(s -> " — did you mean [" + s + "]?").orElse("");
        return new EditException("key " + path + " does not exist: there is no section [" + typed + "]; the sections are "
                + (sections.isEmpty() ? "none" : String.join(", ", sections)) + hint + (note.isEmpty() ? "" : " (" + note + ")"),
                "correct the path (section.key); dbmove changes only keys that are already in the file");
    }

    private static List<String> keysOf(List<Entry> entries, String section) {
        return entries.stream().filter(e -> Objects.equals(e.section(), section)).map(Entry::key).distinct().toList();
    }

    private static int firstOf(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isComment(char c) {
        return c == ';' || c == '#';
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
