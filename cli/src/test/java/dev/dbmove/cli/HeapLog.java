package dev.dbmove.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heap of a child dbmove, read from its GC log ({@code -Xlog:gc}): every collection logs the
 * heap in use before and after it, so the largest "before" is the most the heap held (garbage
 * included) and the largest "after" the most that was still in use after a collection.
 * <p>
 * For a look at a run: {@code -Dbigdata.jvm="..."} adds JVM options to the child (after the
 * launcher's {@code -Xmx512m}, so {@code -Xmx1g} replaces it; {@code @DIR@} is the test's
 * directory), e.g. {@code -XX:StartFlightRecording=filename=@DIR@/run.jfr,settings=profile,dumponexit=true}
 * with {@code -Dbigdata.nokill} (a killed JVM writes no recording) to see what allocates.
 */
record HeapLog(Path file) {
    /** A collection's line: {@code GC(12) Pause Young (Normal) (G1 Evacuation Pause) 301M->120M(512M) 4.1ms}. */
    private static final Pattern PAUSE = Pattern.compile("GC\\(\\d+\\) Pause .*?(\\d+)M->(\\d+)M\\((\\d+)M\\)");
    private static final Pattern XMX = Pattern.compile("-Xmx(\\d+)([mMgG])");

    /** The figures of a run, against its heap limit. */
    record Peak(long beforeMb, long liveMb, long capacityMb, int collections, boolean fullCollections, long limitMb) {
        @Override
        public String toString() {
            return "peak heap " + beforeMb + " MB in use (at most " + liveMb + " MB still in use after a collection) of "
                    + limitMb + " MB, " + collections + " collections" + (fullCollections ? ", full collections among them" : "");
        }
    }

    /** The JVM options that write this log. */
    List<String> jvmOptions() {
        // As the launcher does: a JVM out of memory is killed, not left half-working.
        List<String> options = new java.util.ArrayList<>(List.of("-Xlog:gc:file=" + file));
        if (System.getProperty("bigdata.nokill") == null) {
            options.add("-XX:OnOutOfMemoryError=kill -9 %p");
        }
        String extra = System.getProperty("bigdata.jvm");
        if (extra != null && !extra.isBlank()) {
            options.addAll(List.of(extra.replace("@DIR@", file.getParent().toString()).split(" ")));
        }
        return options;
    }

    /** The child's heap limit in MB: the launcher's 512, or the last -Xmx of {@code -Dbigdata.jvm}. */
    static long limitMb() {
        long limit = 512;
        Matcher m = XMX.matcher(System.getProperty("bigdata.jvm", ""));
        while (m.find()) {
            limit = Long.parseLong(m.group(1)) * (m.group(2).equalsIgnoreCase("g") ? 1024 : 1);
        }
        return limit;
    }

    Peak peak() throws IOException {
        long before = 0;
        long live = 0;
        long capacity = 0;
        int collections = 0;
        boolean full = false;
        if (!Files.exists(file)) {
            return new Peak(0, 0, 0, 0, false, limitMb());
        }
        for (String line : Files.readAllLines(file)) {
            Matcher m = PAUSE.matcher(line);
            if (m.find()) {
                collections++;
                before = Math.max(before, Long.parseLong(m.group(1)));
                live = Math.max(live, Long.parseLong(m.group(2)));
                capacity = Math.max(capacity, Long.parseLong(m.group(3)));
                full |= line.contains("Pause Full");
            }
        }
        return new Peak(before, live, capacity, collections, full, limitMb());
    }
}
