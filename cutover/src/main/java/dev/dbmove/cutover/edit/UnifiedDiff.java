package dev.dbmove.cutover.edit;

import dev.dbmove.cutover.edit.Lines.Line;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff of two texts, as {@code diff -u} and {@code git diff} print it: {@code ---} and
 * {@code +++} headers, {@code @@ -l,n +l,n @@} hunks with three lines of context, and
 * {@code \ No newline at end of file} after a last line without one. Lines are compared with
 * their line endings, so a changed ending shows as a changed line.
 */
public final class UnifiedDiff {
    private static final int CONTEXT = 3;
    /** Above this many cells the middle of the texts is shown as removed and re-added instead of aligned (config files never get there). */
    private static final long MAX_TABLE = 25_000_000L;

    private enum Kind { SAME, REMOVED, ADDED }

    /** One line of the script, with how many old and new lines come before it. */
    private record Op(Kind kind, Line line, int oldIndex, int newIndex) {
    }

    private UnifiedDiff() {
    }

    /**
     * The diff, or an empty string when the texts are equal.
     *
     * @param path shown in the headers as {@code a/path} and {@code b/path} (a leading slash is dropped, as git does)
     */
    public static String of(String path, String before, String after) {
        if (before.equals(after)) {
            return "";
        }
        List<Op> ops = script(Lines.split(before), Lines.split(after));
        String shown = path.startsWith("/") ? path.substring(1) : path;
        StringBuilder out = new StringBuilder("--- a/").append(shown).append('\n')
                .append("+++ b/").append(shown).append('\n');
        int i = 0;
        while (i < ops.size()) {
            if (ops.get(i).kind() == Kind.SAME) {
                i++;
                continue;
            }
            int start = Math.max(0, i - CONTEXT);
            int lastChange = i;
            int j = i;
            while (j < ops.size() && (ops.get(j).kind() != Kind.SAME || j - lastChange <= 2 * CONTEXT)) {
                if (ops.get(j).kind() != Kind.SAME) {
                    lastChange = j;
                }
                j++;
            }
            int end = Math.min(ops.size(), lastChange + 1 + CONTEXT);
            hunk(out, ops.subList(start, end));
            i = end;
        }
        return out.toString();
    }

    private static void hunk(StringBuilder out, List<Op> ops) {
        int oldCount = (int) ops.stream().filter(op -> op.kind() != Kind.ADDED).count();
        int newCount = (int) ops.stream().filter(op -> op.kind() != Kind.REMOVED).count();
        out.append("@@ -").append(range(ops.get(0).oldIndex(), oldCount))
                .append(" +").append(range(ops.get(0).newIndex(), newCount)).append(" @@\n");
        for (Op op : ops) {
            out.append(switch (op.kind()) {
                case SAME -> ' ';
                case REMOVED -> '-';
                case ADDED -> '+';
            }).append(op.line().content()).append('\n');
            if (op.line().eol().isEmpty()) {
                out.append("\\ No newline at end of file\n");
            }
        }
    }

    /** "l,n" with l one-based, "l" alone when n is 1, and for an empty range the line before it. */
    private static String range(int before, int count) {
        if (count == 1) {
            return Integer.toString(before + 1);
        }
        return (count == 0 ? before : before + 1) + "," + count;
    }

    /** The edit script: a longest common subsequence of lines, after the common head and tail are set aside. */
    private static List<Op> script(List<Line> a, List<Line> b) {
        int head = 0;
        while (head < a.size() && head < b.size() && a.get(head).equals(b.get(head))) {
            head++;
        }
        int tail = 0;
        while (tail < a.size() - head && tail < b.size() - head
                && a.get(a.size() - 1 - tail).equals(b.get(b.size() - 1 - tail))) {
            tail++;
        }
        int n = a.size() - head - tail;
        int m = b.size() - head - tail;
        List<Op> ops = new ArrayList<>();
        for (int k = 0; k < head; k++) {
            ops.add(new Op(Kind.SAME, a.get(k), k, k));
        }
        int i = 0;
        int j = 0;
        if ((long) n * m <= MAX_TABLE) {
            int[][] lcs = new int[n + 1][m + 1];
            for (int x = n - 1; x >= 0; x--) {
                for (int y = m - 1; y >= 0; y--) {
                    lcs[x][y] = a.get(head + x).equals(b.get(head + y)) ? lcs[x + 1][y + 1] + 1 : Math.max(lcs[x + 1][y], lcs[x][y + 1]);
                }
            }
            while (i < n && j < m) {
                if (a.get(head + i).equals(b.get(head + j))) {
                    ops.add(new Op(Kind.SAME, a.get(head + i), head + i++, head + j++));
                } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
                    ops.add(new Op(Kind.REMOVED, a.get(head + i), head + i++, head + j));
                } else {
                    ops.add(new Op(Kind.ADDED, b.get(head + j), head + i, head + j++));
                }
            }
        }
        while (i < n) {
            ops.add(new Op(Kind.REMOVED, a.get(head + i), head + i++, head + j));
        }
        while (j < m) {
            ops.add(new Op(Kind.ADDED, b.get(head + j), head + i, head + j++));
        }
        for (int k = 0; k < tail; k++) {
            ops.add(new Op(Kind.SAME, a.get(head + n + k), head + n + k, head + m + k));
        }
        return ops;
    }
}
