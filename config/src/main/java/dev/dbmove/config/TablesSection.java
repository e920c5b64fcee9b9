package dev.dbmove.config;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the optional {@code tables} section; each pattern list may be one string or a list of strings. */
final class TablesSection {
    static final List<String> KEYS = List.of("include", "exclude", "keys");

    private final ScalarReader scalars;
    private final ProblemList problems;

    TablesSection(ScalarReader scalars, ProblemList problems) {
        this.scalars = scalars;
        this.problems = problems;
    }

    /** Every table when the section is absent; null after recording a problem. */
    TableSelection read(YamlMapping parent) {
        Optional<NodeTuple> entry = parent.entry("tables");
        if (entry.isEmpty() || YamlNodes.isNull(entry.get().getValueNode())) {
            return TableSelection.ALL;
        }
        Node node = entry.get().getValueNode();
        if (!(node instanceof MappingNode mappingNode)) {
            problems.add(node, "tables", "expected a mapping with 'include' and 'exclude', found " + YamlNodes.kind(node, true),
                    "write the patterns indented below 'tables:', e.g. `tables: {include: [\"*\"], exclude: [\"audit_*\"]}`");
            return null;
        }
        int problemsBefore = problems.size();
        YamlMapping tables = new YamlMapping(mappingNode, "tables", KEYS, problems);
        List<String> include = patterns(tables, "include", List.of("*"));
        List<String> exclude = patterns(tables, "exclude", List.of());
        if (include != null && include.isEmpty()) {
            problems.add(tables.entry("include").orElseThrow().getValueNode(), "tables.include",
                    "'include' is an empty list, so no table would be moved",
                    "name the tables to move, or write `include: [\"*\"]` for all of them");
        }
        Map<String, List<String>> keys = keys(tables);
        return problems.size() > problemsBefore ? null : new TableSelection(include, exclude, keys);
    }

    /** {@code keys: {audit_log: [logged_at, message]}}: key columns for tables without a key of their own. */
    private Map<String, List<String>> keys(YamlMapping tables) {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        Optional<NodeTuple> entry = tables.entry("keys");
        if (entry.isEmpty() || YamlNodes.isNull(entry.get().getValueNode())) {
            return keys;
        }
        Node node = entry.get().getValueNode();
        String example = "keys: {audit_log: [logged_at, message]}";
        if (!(node instanceof MappingNode mapping)) {
            problems.add(node, "tables.keys", "expected a mapping from table name to key columns, found "
                    + YamlNodes.kind(node, true), "write e.g. `" + example + "`");
            return keys;
        }
        for (NodeTuple tuple : mapping.getValue()) {
            String table = scalars.text(tuple.getKeyNode(), "tables.keys", example, false);
            String path = "tables.keys." + table;
            Node value = tuple.getValueNode();
            List<String> columns = new ArrayList<>();
            if (value instanceof SequenceNode list && !list.getValue().isEmpty()) {
                for (int i = 0; i < list.getValue().size(); i++) {
                    columns.add(pattern(list.getValue().get(i), path + "[" + i + "]", example));
                }
            } else {
                problems.add(value, path, "expected a non-empty list of column names", "write e.g. `" + example + "`");
                continue;
            }
            if (table != null && !columns.contains(null)) {
                keys.put(table, columns);
            }
        }
        return keys;
    }

    private List<String> patterns(YamlMapping tables, String key, List<String> absent) {
        Optional<NodeTuple> entry = tables.entry(key);
        if (entry.isEmpty() || YamlNodes.isNull(entry.get().getValueNode())) {
            return absent;
        }
        Node node = entry.get().getValueNode();
        String path = tables.pathOf(key);
        String example = key + ": [\"orders\", \"audit_*\"]";
        if (node instanceof SequenceNode list) {
            List<String> patterns = new ArrayList<>();
            List<Node> items = list.getValue();
            for (int i = 0; i < items.size(); i++) {
                patterns.add(pattern(items.get(i), path + "[" + i + "]", example));
            }
            return patterns.contains(null) ? null : patterns;
        }
        String single = pattern(node, path, example);
        return single == null ? null : List.of(single);
    }

    private String pattern(Node node, String path, String example) {
        String text = scalars.text(node, path, example, false);
        if (text != null && text.isBlank()) {
            problems.add(node, path, "empty table name or pattern", "remove the entry, or write a table name or a pattern such as \"audit_*\"");
            return null;
        }
        return text;
    }
}
