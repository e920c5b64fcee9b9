package dev.dbmove.config;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Reads the optional {@code replication} section. */
final class ReplicationSection {
    static final List<String> KEYS = List.of("schema");

    private final ScalarReader scalars;
    private final ProblemList problems;

    ReplicationSection(ScalarReader scalars, ProblemList problems) {
        this.scalars = scalars;
        this.problems = problems;
    }

    ReplicationSettings read(YamlMapping parent) {
        Optional<NodeTuple> entry = parent.entry("replication");
        if (entry.isEmpty() || YamlNodes.isNull(entry.get().getValueNode())) {
            return ReplicationSettings.DEFAULT;
        }
        Node node = entry.get().getValueNode();
        if (!(node instanceof MappingNode mapping)) {
            problems.add(node, "replication", "expected a mapping, found " + YamlNodes.kind(node, true),
                    "write the settings indented below 'replication:', e.g. `replication: {schema: existing}`");
            return null;
        }
        YamlMapping replication = new YamlMapping(mapping, "replication", KEYS, problems);
        String schema = scalars.optional(replication, "schema", "schema: existing");
        if (schema == null) {
            return ReplicationSettings.DEFAULT;
        }
        Optional<ReplicationSettings.SchemaMode> mode = Arrays.stream(ReplicationSettings.SchemaMode.values())
                .filter(m -> m.configName().equals(schema.trim())).findFirst();
        if (mode.isEmpty()) {
            problems.add(replication.entry("schema").orElseThrow().getValueNode(), "replication.schema",
                    "unknown schema mode " + YamlNodes.quote(schema),
                    "use `schema: create` (dbmove creates the target tables) or `schema: existing` (they exist already)");
            return null;
        }
        return new ReplicationSettings(mode.get());
    }
}
