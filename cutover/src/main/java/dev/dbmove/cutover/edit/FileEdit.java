package dev.dbmove.cutover.edit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code rewrite:} entry of the cutover: either {@code set:} keys of a config file, or a
 * {@code replace:} regular expression over it. {@link #plan()} checks everything and computes the
 * new text without touching the file; {@link #apply} writes the planned text.
 *
 * <p>For {@code set:}, YAML, JSON and INI files must already have every key (a missing one is a
 * problem naming the keys that exist); in {@code .env} and {@code .properties} files a missing
 * key is appended at the end, and the plan's summary says so.
 *
 * @param path    the file; never null
 * @param format  the format of a {@code set:} edit; null to tell it from the file name
 * @param set     key path to new value, in order; null for a {@code replace:} edit
 * @param replace the pattern and replacement; null for a {@code set:} edit
 */
public record FileEdit(Path path, ConfigFormat format, Map<String, String> set, RegexReplace replace) {
    public FileEdit {
        Objects.requireNonNull(path, "path");
        if ((set == null) == (replace == null)) {
            throw new IllegalArgumentException("a file edit has either set: or replace:, exactly one");
        }
        if (set != null && set.isEmpty()) {
            throw new IllegalArgumentException("set: has no keys");
        }
        if (replace != null && format != null) {
            throw new IllegalArgumentException("format applies to set: edits only");
        }
        set = set == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(set));
    }

    public static FileEdit set(Path path, ConfigFormat format, Map<String, String> set) {
        return new FileEdit(path, format, set, null);
    }

    public static FileEdit replace(Path path, RegexReplace replace) {
        return new FileEdit(path, null, null, replace);
    }

    /**
     * Reads the file and works out the edit. Problems are collected, not thrown: the file is
     * missing, not a regular file, unreadable, not writable (nor its directory, where the new
     * content is written first), owned by another user than the one running dbmove (not root),
     * not UTF-8, of unknown format; a key cannot be set; the pattern matches nothing; or the
     * edit would change nothing. Nothing on disk is created or changed.
     */
    public PlannedEdit plan() {
        List<EditProblem> problems = new ArrayList<>();
        String unusable = !Files.exists(path) ? "the file does not exist"
                : !Files.isRegularFile(path) ? "it is not a regular file"
                : !Files.isReadable(path) ? "the file is not readable by user " + user() : null;
        if (unusable != null) {
            problems.add(problem(unusable, "correct the path in rewrite:, or create the file or make it readable"));
            return new PlannedEdit(path, "", "", "", "", problems);
        }
        checkWritable(problems);
        TextFile file;
        try {
            file = TextFile.decode(Files.readAllBytes(path), latin1Allowed());
        } catch (EditException e) {
            problems.add(problem(e.getMessage(), e.fix()));
            return new PlannedEdit(path, "", "", "", "", problems);
        } catch (IOException e) {
            problems.add(problem("the file cannot be read: " + e.getMessage(), "make it readable by user " + user()));
            return new PlannedEdit(path, "", "", "", "", problems);
        }
        String before = file.text();
        boolean bom = before.startsWith("\uFEFF");
        StringBuilder summary = new StringBuilder();
        String edited = edit(bom ? before.substring(1) : before, problems, summary);
        String after = bom ? "\uFEFF" + edited : edited;
        if (problems.isEmpty() && after.equals(before)) {
            problems.add(set != null
                    ? problem("every key already has the value asked for, so the edit would change nothing",
                            "check that this rewrite: entry names the right file; if the file was already rewritten, remove the entry")
                    : problem("the replacement leaves the file as it is (" + summary + ")",
                            "check the pattern: it should match the old text, not the new one"));
        }
        return new PlannedEdit(path, before, after, UnifiedDiff.of(path.toString(), before, after),
                problems.isEmpty() ? summary.toString() : "", problems);
    }

    /**
     * Writes the planned text over the file, atomically, after a backup. Refuses when the file
     * no longer holds the text the plan was made from.
     *
     * @param backupDir where the backup goes; null for beside the file
     * @return the backup, which {@link AtomicFileWriter#restore} puts back
     * @throws IllegalArgumentException when the plan is for another file or has problems
     * @throws EditException            when the file changed since it was planned
     * @throws IOException              when it cannot be written; the message names the file and reason
     */
    public Path apply(PlannedEdit plan, Path backupDir) throws IOException, EditException {
        return apply(plan, backupDir, new AtomicFileWriter());
    }

    /** As {@link #apply(PlannedEdit, Path)}, through the given writer (whose clock names the backup). */
    public Path apply(PlannedEdit plan, Path backupDir, AtomicFileWriter writer) throws IOException, EditException {
        if (!plan.path().equals(path)) {
            throw new IllegalArgumentException("the plan is for " + plan.path() + ", not " + path);
        }
        if (!plan.ok()) {
            throw new IllegalArgumentException("the plan for " + path + " has problems: " + plan.problems().get(0).problem());
        }
        TextFile now = TextFile.decode(Files.readAllBytes(path), latin1Allowed());
        if (!now.text().equals(plan.before())) {
            throw new EditException("the file changed after dbmove planned the edit, so the planned content would undo that change",
                    "run the cutover again, so that the edit is planned against the current content");
        }
        return writer.replace(path, now.encode(plan.after()), backupDir);
    }

    /** Whether the file holds this text now, read as {@link #plan()} reads it; false when it cannot be read. */
    public boolean holds(String text) {
        try {
            return TextFile.decode(Files.readAllBytes(path), latin1Allowed()).text().equals(text);
        } catch (IOException | EditException e) {
            return false;
        }
    }

    private String edit(String text, List<EditProblem> problems, StringBuilder summary) {
        if (replace != null) {
            try {
                RegexReplace.Result result = replace.apply(text);
                summary.append("replaces ").append(result.matches()).append(result.matches() == 1 ? " match" : " matches")
                        .append(" of '").append(replace.pattern()).append("'");
                return result.text();
            } catch (EditException e) {
                problems.add(problem(e.getMessage(), e.fix()));
                return text;
            }
        }
        ConfigFormat resolved = format != null ? format : ConfigFormat.detect(path, text).orElse(null);
        if (resolved == null) {
            problems.add(problem("dbmove cannot tell the file's format from its name",
                    "add format: (yaml, json, properties, env or ini) to this rewrite: entry, or use replace:"));
            return text;
        }
        ConfigEditor editor = resolved.editor();
        List<String> changed = new ArrayList<>();
        List<String> added = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        String current = text;
        for (Map.Entry<String, String> entry : set.entrySet()) {
            LinkedHashMap<String, String> one = new LinkedHashMap<>();
            one.put(entry.getKey(), entry.getValue());
            try {
                String next = editor.apply(current, one);
                // Editing keeps or shrinks the line count; only an appended key adds a line.
                List<String> list = next.equals(current) ? unchanged
                        : Lines.split(next).size() > Lines.split(current).size() ? added : changed;
                list.add(entry.getKey());
                current = next;
            } catch (EditException e) {
                problems.add(problem(e.getMessage(), e.fix()));
            }
        }
        List<String> parts = new ArrayList<>();
        if (!changed.isEmpty()) {
            parts.add("sets " + String.join(", ", changed));
        }
        if (!added.isEmpty()) {
            parts.add("adds " + String.join(", ", added) + " at the end (not in the file before)");
        }
        if (!unchanged.isEmpty()) {
            parts.add("leaves " + String.join(", ", unchanged) + " (already set)");
        }
        summary.append(String.join("; ", parts));
        return current;
    }

    private void checkWritable(List<EditProblem> problems) {
        if (!Files.isWritable(path)) {
            problems.add(problem("the file is not writable by user " + user(),
                    "give user " + user() + " write permission on it, or run dbmove as its owner"));
        }
        try {
            Path real = path.toRealPath();
            Path dir = real.getParent();
            if (!Files.isWritable(dir)) {
                problems.add(problem("its directory " + dir + " is not writable by user " + user()
                                + "; dbmove writes the new content to a temporary file there and renames it over the file, so that no reader sees half a file",
                        "make " + dir + " writable by " + user() + ", or run dbmove as root"));
            }
            String owner = Files.getOwner(real).getName();
            if (!user().equals("root") && !owner.equals(user())) {
                problems.add(problem("the file belongs to " + owner + ", and user " + user()
                                + " cannot give the rewritten file that owner (the application might lose access to it)",
                        "run dbmove as root or as " + owner));
            }
        } catch (UnsupportedOperationException e) {
            // No owners on this file system: nothing to keep.
        } catch (IOException e) {
            problems.add(problem("cannot check who may write the file: " + e.getMessage(), "check the file's permissions"));
        }
    }

    private boolean latin1Allowed() {
        return format == ConfigFormat.PROPERTIES
                || format == null && set != null && ConfigFormat.detect(path, "").orElse(null) == ConfigFormat.PROPERTIES;
    }

    private EditProblem problem(String problem, String fix) {
        return new EditProblem(path, problem, fix == null ? "correct the rewrite: entry" : fix);
    }

    private static String user() {
        return System.getProperty("user.name");
    }
}
