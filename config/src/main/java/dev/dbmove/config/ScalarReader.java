package dev.dbmove.config;

import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads text values: checks that a value is a single scalar, interpolates it, and records
 * a located problem when either fails. Every method returns null after recording a problem,
 * so callers go on checking the rest of the file.
 */
final class ScalarReader {
    /** At most 18 digits, so any match fits a long; longer numbers are out of every range here. */
    private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]{1,18}");

    private final Interpolator interpolator;
    private final ProblemList problems;

    ScalarReader(Interpolator interpolator, ProblemList problems) {
        this.interpolator = interpolator;
        this.problems = problems;
    }

    /** @param example a complete line for fixes, e.g. {@code host: db.example.com} */
    String required(YamlMapping mapping, String key, String example) {
        return required(mapping, key, example, value -> text(value, mapping.pathOf(key), example, false));
    }

    /** As {@link #required}, for a value of the cutover section: a template, see {@link #template}. */
    String requiredTemplate(YamlMapping mapping, String key, String example) {
        return required(mapping, key, example, value -> template(value, mapping.pathOf(key), example, null));
    }

    private String required(YamlMapping mapping, String key, String example, Function<Node, String> read) {
        Optional<NodeTuple> entry = mapping.entry(key);
        String path = mapping.pathOf(key);
        if (entry.isEmpty()) {
            problems.add(mapping.node(), path, "missing required key '" + key + "'",
                    "add `" + example + "`" + mapping.where());
            return null;
        }
        Node value = entry.get().getValueNode();
        if (YamlNodes.isNull(value)) {
            problems.add(entry.get().getKeyNode(), path, "'" + key + "' has no value",
                    "give it a value, e.g. `" + example + "`");
            return null;
        }
        String text = read.apply(value);
        if (text != null && text.isBlank()) {
            problems.add(value, path, "'" + key + "' is empty", "give it a value, e.g. `" + example + "`");
            return null;
        }
        return text;
    }

    /** Null when the key is absent, has no value or interpolates to nothing: the caller applies its default. */
    String optional(YamlMapping mapping, String key, String example) {
        return mapping.entry(key)
                .map(NodeTuple::getValueNode)
                .filter(value -> !YamlNodes.isNull(value))
                .map(value -> text(value, mapping.pathOf(key), example, false))
                .filter(text -> !text.isEmpty())
                .orElse(null);
    }

    /**
     * A password: any scalar, taken as text ({@code password: 12345} is "12345"); empty when
     * absent. Problems about it never quote what was written.
     */
    String secret(YamlMapping mapping, String key, String example) {
        Optional<NodeTuple> entry = mapping.entry(key);
        if (entry.isEmpty() || YamlNodes.isNull(entry.get().getValueNode())) {
            return "";
        }
        return text(entry.get().getValueNode(), mapping.pathOf(key), example, true);
    }

    /**
     * A whole number from {@code min} to {@code max}; {@code absent} when the key is absent or
     * has no value, null after recording a problem.
     *
     * @param example a complete line for fixes, e.g. {@code parallelism: 4}
     * @param note    what the fix adds about the value, e.g. "0 means no limit"; may be empty
     */
    Long integer(YamlMapping mapping, String key, long min, long max, long absent, String example, String note) {
        Optional<Node> value = valueOf(mapping, key);
        if (value.isEmpty()) {
            return absent;
        }
        String path = mapping.pathOf(key);
        String range = max == Long.MAX_VALUE ? "of " + min + " or more" : "from " + min + " to " + max;
        String fix = "write a whole number " + range + ", e.g. `" + example + "`" + (note.isEmpty() ? "" : "; " + note);
        if (!(value.get() instanceof ScalarNode)) {
            problems.add(value.get(), path, "expected an integer " + range + ", found " + YamlNodes.kind(value.get(), false), fix);
            return null;
        }
        String text = text(value.get(), path, example, false);
        if (text == null) {
            return null;
        }
        if (text.isEmpty()) {
            return absent; // as in optional(): interpolated to nothing
        }
        String trimmed = text.trim();
        if (INTEGER.matcher(trimmed).matches()) {
            long number = Long.parseLong(trimmed);
            if (number >= min && number <= max) {
                return number;
            }
        }
        problems.add(value.get(), path, "expected an integer " + range + ", found " + YamlNodes.quote(text), fix);
        return null;
    }

    /**
     * A duration as {@link Durations#parse} reads it, from {@code min} to {@code max};
     * {@code absent} when the key is absent or has no value, null after recording a problem.
     *
     * @param example a complete line for fixes, e.g. {@code chunkTime: 500ms}
     */
    Duration duration(YamlMapping mapping, String key, Duration min, Duration max, Duration absent, String example) {
        Optional<Duration> duration = duration(mapping, key, min, max, Optional.of(absent), example, false);
        return duration == null ? null : duration.get();
    }

    /**
     * As {@link #duration}, where the word {@code none} turns the setting off: empty then.
     * Null after recording a problem.
     */
    Optional<Duration> durationOrNone(YamlMapping mapping, String key, Duration min, Duration max,
                                      Optional<Duration> absent, String example) {
        return duration(mapping, key, min, max, absent, example, true);
    }

    private Optional<Duration> duration(YamlMapping mapping, String key, Duration min, Duration max,
                                        Optional<Duration> absent, String example, boolean noneAllowed) {
        Optional<Node> value = valueOf(mapping, key);
        if (value.isEmpty()) {
            return absent;
        }
        String path = mapping.pathOf(key);
        String range = "from " + Durations.format(min) + " to " + Durations.format(max);
        String orNone = noneAllowed ? ", or `" + key + ": none`" : "";
        if (!(value.get() instanceof ScalarNode)) {
            problems.add(value.get(), path, "expected a duration " + range + (noneAllowed ? " or 'none'" : "")
                            + ", found " + YamlNodes.kind(value.get(), false),
                    "write a single duration " + range + ", e.g. `" + example + "`" + orNone);
            return null;
        }
        String text = text(value.get(), path, example, false);
        if (text == null) {
            return null;
        }
        if (text.isEmpty()) {
            return absent; // as in optional(): interpolated to nothing
        }
        if (noneAllowed && text.trim().equals("none")) {
            return Optional.empty();
        }
        Duration duration;
        try {
            duration = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add(value.get(), path, e.getMessage(), "write a duration such as " + Durations.EXAMPLES
                    + " (a bare number means seconds); here " + range + ", e.g. `" + example + "`" + orNone);
            return null;
        }
        if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
            problems.add(value.get(), path, "expected a duration " + range + (noneAllowed ? " or 'none'" : "")
                            + ", found " + YamlNodes.quote(text),
                    "write a duration " + range + ", e.g. `" + example + "`" + orNone);
            return null;
        }
        return Optional.of(duration);
    }

    /**
     * A list of non-blank texts, each interpolated; {@code absent} when the key is absent or
     * has no value, null after recording a problem. One text where a list is expected is a
     * problem too: {@code mask: "*password*"} would otherwise read as a list of one and drop
     * the defaults unnoticed.
     *
     * @param what    what one entry is, for messages, e.g. "column pattern"
     * @param example a complete line for fixes, e.g. {@code mask: ["*password*", "users.ssn"]}
     */
    List<String> textList(YamlMapping mapping, String key, List<String> absent, String what, String example) {
        Optional<Node> value = valueOf(mapping, key);
        if (value.isEmpty()) {
            return absent;
        }
        String path = mapping.pathOf(key);
        if (!(value.get() instanceof SequenceNode list)) {
            problems.add(value.get(), path, "expected a list of " + what + "s, found " + YamlNodes.kind(value.get(), true),
                    "write the entries in square brackets, e.g. `" + example + "`, or `" + key + ": []` for none");
            return null;
        }
        List<String> texts = new ArrayList<>();
        boolean failed = false;
        for (int i = 0; i < list.getValue().size(); i++) {
            Node item = list.getValue().get(i);
            String itemPath = path + "[" + i + "]";
            String text = YamlNodes.isNull(item) ? "" : text(item, itemPath, example, false);
            if (text != null && text.isBlank()) {
                problems.add(item, itemPath, "empty " + what, "remove the entry, or write a " + what + ", e.g. `" + example + "`");
                text = null;
            }
            failed |= text == null;
            texts.add(text);
        }
        return failed ? null : texts;
    }

    /** The value node, empty when the key is absent or has no value. */
    private static Optional<Node> valueOf(YamlMapping mapping, String key) {
        return mapping.entry(key).map(NodeTuple::getValueNode).filter(value -> !YamlNodes.isNull(value));
    }

    /** One scalar, interpolated; null after recording a problem. */
    String text(Node value, String path, String example, boolean secret) {
        return read(value, path, example, raw -> interpolator.resolve(raw, secret));
    }

    /**
     * One scalar of the cutover section, interpolated into a template that keeps the
     * {@link Placeholders}; null after recording a problem.
     *
     * @param variable the environment variable a command's {@code env:} entry sets, where a
     *                 password placeholder is allowed and problems never quote the value; null elsewhere
     */
    String template(Node value, String path, String example, String variable) {
        return read(value, path, example, raw -> interpolator.template(raw, variable));
    }

    private String read(Node value, String path, String example, Resolution resolution) {
        if (!(value instanceof ScalarNode scalar)) {
            problems.add(value, path, "expected text, found " + YamlNodes.kind(value, false),
                    "write a single value, e.g. `" + example + "`");
            return null;
        }
        try {
            return resolution.apply(scalar.getValue());
        } catch (Interpolator.Failure failure) {
            problems.add(value, path, failure.problem(), failure.fix());
            return null;
        }
    }

    private interface Resolution {
        String apply(String raw) throws Interpolator.Failure;
    }
}
