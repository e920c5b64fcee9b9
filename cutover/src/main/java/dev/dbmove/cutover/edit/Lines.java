package dev.dbmove.cutover.edit;

import java.util.ArrayList;
import java.util.List;

/**
 * A text cut into lines that keep their own line ending, so that an edited line keeps CRLF in
 * a CRLF file and the last line keeps having none if it had none.
 */
final class Lines {
    private Lines() {
    }

    /** One line: its text without the ending, and the ending ("\n", "\r\n", "\r" or "" at the end of the text). */
    record Line(String content, String eol) {
        String text() {
            return content + eol;
        }

        Line withContent(String newContent) {
            return new Line(newContent, eol);
        }
    }

    static List<Line> split(String text) {
        List<Line> lines = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                int end = i;
                i += c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n' ? 2 : 1;
                lines.add(new Line(text.substring(start, end), text.substring(end, i)));
                start = i;
            } else {
                i++;
            }
        }
        if (start < text.length()) {
            lines.add(new Line(text.substring(start), ""));
        }
        return lines;
    }

    static String join(List<Line> lines) {
        StringBuilder out = new StringBuilder();
        for (Line line : lines) {
            out.append(line.content()).append(line.eol());
        }
        return out.toString();
    }

    /** The ending the text uses (its first one), for lines dbmove adds; "\n" when the text has none. */
    static String newline(String text) {
        for (Line line : split(text)) {
            if (!line.eol().isEmpty()) {
                return line.eol();
            }
        }
        return "\n";
    }

    /**
     * The text with {@code line} added at the end, after a line break if the text's last line
     * lacked one.
     */
    static String append(String text, String line) {
        String eol = newline(text);
        boolean needsBreak = !text.isEmpty() && !text.endsWith("\n") && !text.endsWith("\r");
        return text + (needsBreak ? eol : "") + line + eol;
    }

    /** Number of leading spaces (tabs do not indent in YAML, and INI or .env indentation is kept as is). */
    static int indent(String content) {
        int i = 0;
        while (i < content.length() && content.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    /** True when the string holds a character that cannot stand in a one-line value: a line break or another control character. */
    static boolean hasControl(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                return true;
            }
        }
        return false;
    }
}
