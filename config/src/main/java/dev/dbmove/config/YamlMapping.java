package dev.dbmove.config;

import dev.dbmove.core.DidYouMean;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One mapping of the job file, checked against the keys allowed at its place: unknown,
 * duplicate and non-text keys are reported as the mapping is opened, so each section
 * reader only deals with the keys it knows.
 */
final class YamlMapping {
    private final MappingNode node;
    private final String path;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    /** @param path dotted key path of this mapping, empty for the document itself */
    YamlMapping(MappingNode node, String path, List<String> allowedKeys, ProblemList problems) {
        this(node, path, allowedKeys, allowedKeys.get(0), problems);
    }

    /**
     * A mapping whose keys the user chooses, such as environment variables: any name is
     * allowed, only duplicate, merge and non-text keys are problems.
     *
     * @param exampleKey a key for fixes, e.g. {@code PGPASSWORD}
     */
    static YamlMapping anyKeys(MappingNode node, String path, String exampleKey, ProblemList problems) {
        return new YamlMapping(node, path, null, exampleKey, problems);
    }

    /** @param allowedKeys null when any key is allowed */
    private YamlMapping(MappingNode node, String path, List<String> allowedKeys, String exampleKey, ProblemList problems) {
        this.node = node;
        this.path = path;
        for (NodeTuple tuple : node.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalarKey) || YamlNodes.isNull(keyNode)) {
                problems.add(keyNode, path, "a key must be a name, not " + YamlNodes.kind(keyNode, false),
                        "write the key as a plain name followed by ':', e.g. `" + exampleKey + ": ...`");
                continue;
            }
            String key = scalarKey.getValue();
            if (Tag.MERGE.equals(scalarKey.getTag())) {
                // Merging would hide where a value came from, and every error here names a line.
                problems.add(keyNode, pathOf(key), "YAML merge keys ('<<') are not supported in job files",
                        "write the keys out in full" + where());
                continue;
            }
            NodeTuple first = entries.get(key);
            if (first != null) {
                problems.add(keyNode, pathOf(key), "duplicate key " + YamlNodes.quote(key),
                        "keep one of them; " + YamlNodes.quote(key) + " is first set at line "
                                + (first.getKeyNode().getStartMark().getLine() + 1));
                continue;
            }
            if (allowedKeys != null && !allowedKeys.contains(key)) {
                problems.add(keyNode, pathOf(key), "unknown key " + YamlNodes.quote(key),
                        DidYouMean.closest(key, allowedKeys)
                                .map(near -> "did you mean '" + near + "'?")
                                .orElse("remove it or correct its name; the keys allowed" + where() + " are: "
                                        + String.join(", ", allowedKeys)));
            }
            // Unknown keys are kept too, so a duplicate of one is still reported.
            entries.put(key, tuple);
        }
    }

    MappingNode node() {
        return node;
    }

    String path() {
        return path;
    }

    /** The key and value as written; empty when the key is absent. */
    Optional<NodeTuple> entry(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    /** The keys as written, in file order; duplicates once, non-text and merge keys left out. */
    List<String> keys() {
        return List.copyOf(entries.keySet());
    }

    String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Where in the file this mapping is, for fixes such as "add `host: ...` under source". */
    String where() {
        return path.isEmpty() ? " at the top level" : " under " + path;
    }
}
