package dev.dbmove.config;

import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.util.Optional;

/**
 * Reads text values: checks that a value is a single scalar, interpolates it, and records
 * a located problem when either fails. Every method returns null after recording a problem,
 * so callers go on checking the rest of the file.
 */
final class ScalarReader {
    private final Interpolator interpolator;
    private final ProblemList problems;

    ScalarReader(Interpolator interpolator, ProblemList problems) {
        this.interpolator = interpolator;
        this.problems = problems;
    }

    /** @param example a complete line for fixes, e.g. {@code host: db.example.com} */
    String required(YamlMapping mapping, String key, String example) {
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
        String text = text(value, path, example, false);
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

    /** One scalar, interpolated; null after recording a problem. */
    String text(Node value, String path, String example, boolean secret) {
        if (!(value instanceof ScalarNode scalar)) {
            problems.add(value, path, "expected text, found " + YamlNodes.kind(value, false),
                    "write a single value, e.g. `" + example + "`");
            return null;
        }
        try {
            return interpolator.resolve(scalar.getValue(), secret);
        } catch (Interpolator.Failure failure) {
            problems.add(value, path, failure.problem(), failure.fix());
            return null;
        }
    }
}
