package dev.dbmove.cutover.edit;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Expected outputs are what GNU diff -u prints for the same texts. */
class UnifiedDiffTest {
    private static final String LETTERS = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\nn\n";

    @Test
    void changesFarApartMakeTwoHunksWithThreeLinesOfContext() {
        String after = LETTERS.replace("d\n", "D\n") + "added";

        assertThat(UnifiedDiff.of("/etc/shop/app.env", LETTERS, after)).isEqualTo("""
                --- a/etc/shop/app.env
                +++ b/etc/shop/app.env
                @@ -1,7 +1,7 @@
                 a
                 b
                 c
                -d
                +D
                 e
                 f
                 g
                @@ -12,3 +12,4 @@
                 l
                 m
                 n
                +added
                \\ No newline at end of file
                """);
    }

    @Test
    void changesSixLinesApartShareOneHunkAndSevenApartDoNot() {
        assertThat(hunkHeaders(UnifiedDiff.of("f", LETTERS, LETTERS.replace("c\n", "C\n").replace("j\n", "J\n"))))
                .containsExactly("@@ -1,13 +1,13 @@");
        assertThat(hunkHeaders(UnifiedDiff.of("f", LETTERS, LETTERS.replace("c\n", "C\n").replace("k\n", "K\n"))))
                .containsExactly("@@ -1,6 +1,6 @@", "@@ -8,7 +8,7 @@");
    }

    @Test
    void rangesOfOneLineAndEmptyRangesAreWrittenAsDiffDoes() {
        assertThat(UnifiedDiff.of("f", "x\ny\n", "y\n")).isEqualTo("--- a/f\n+++ b/f\n@@ -1,2 +1 @@\n-x\n y\n");
        assertThat(UnifiedDiff.of("f", "", "only\n")).isEqualTo("--- a/f\n+++ b/f\n@@ -0,0 +1 @@\n+only\n");
    }

    @Test
    void equalTextsGiveNoDiffButAChangedLineEndingShows() {
        assertThat(UnifiedDiff.of("f", LETTERS, LETTERS)).isEmpty();
        assertThat(UnifiedDiff.of("f", "a\nb\n", "a\r\nb\n")).isEqualTo("--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n-a\n+a\n b\n");
    }

    @Test
    void diffOfRandomEditsRebuildsTheNewTextFromTheOld() {
        Random random = new Random(42);
        for (int round = 0; round < 500; round++) {
            List<String> lines = new ArrayList<>();
            for (int i = random.nextInt(30); i > 0; i--) {
                lines.add("line " + random.nextInt(8) + "\n");
            }
            String before = String.join("", lines);
            for (int edits = random.nextInt(6); edits > 0 && !lines.isEmpty(); edits--) {
                int at = random.nextInt(lines.size());
                switch (random.nextInt(3)) {
                    case 0 -> lines.remove(at);
                    case 1 -> lines.add(at, "new " + random.nextInt(100) + "\n");
                    default -> lines.set(at, "changed " + random.nextInt(100) + "\n");
                }
            }
            String after = String.join("", lines);
            if (random.nextBoolean() && after.endsWith("\n")) {
                after = after.substring(0, after.length() - 1);
            }

            assertThat(patch(before, UnifiedDiff.of("f", before, after))).as("%s -> %s", before, after).isEqualTo(after);
        }
    }

    private static List<String> hunkHeaders(String diff) {
        return diff.lines().filter(line -> line.startsWith("@@")).toList();
    }

    /** Applies a unified diff strictly: every context and removed line must be where the hunk header says. */
    private static String patch(String before, String diff) {
        if (diff.isEmpty()) {
            return before;
        }
        List<Lines.Line> old = Lines.split(before);
        List<String> out = new ArrayList<>();
        String[] rows = diff.split("\n", -1);
        Pattern header = Pattern.compile("@@ -(\\d+)(?:,(\\d+))? \\+(\\d+)(?:,(\\d+))? @@");
        int next = 0;
        for (int r = 2; r < rows.length - 1; r++) {
            Matcher m = header.matcher(rows[r]);
            assertThat(m.matches()).as(rows[r]).isTrue();
            int oldStart = Integer.parseInt(m.group(1));
            int oldCount = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
            int newCount = m.group(4) == null ? 1 : Integer.parseInt(m.group(4));
            int from = oldCount == 0 ? oldStart : oldStart - 1;
            while (next < from) {
                out.add(old.get(next++).text());
            }
            int seenOld = 0;
            int seenNew = 0;
            while (r + 1 < rows.length - 1 && !rows[r + 1].startsWith("@@")) {
                String row = rows[++r];
                boolean noEol = r + 1 < rows.length - 1 && rows[r + 1].equals("\\ No newline at end of file");
                if (noEol) {
                    r++;
                }
                String text = row.substring(1) + (noEol ? "" : "\n");
                if (row.charAt(0) != '+') {
                    assertThat(old.get(next++).text().replace("\r\n", "\n")).isEqualTo(text);
                    seenOld++;
                }
                if (row.charAt(0) != '-') {
                    out.add(text);
                    seenNew++;
                }
            }
            assertThat(seenOld).isEqualTo(oldCount);
            assertThat(seenNew).isEqualTo(newCount);
        }
        while (next < old.size()) {
            out.add(old.get(next++).text());
        }
        return String.join("", out);
    }
}
