package dev.dbmove.config;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Reads the optional {@code replication} section. */
final class ReplicationSection {
    static final List<String> KEYS = List.of("schema", "zeroDates", "fullLoad");

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
        ReplicationSettings.SchemaMode schema = choice(replication, "schema", ReplicationSettings.SchemaMode.values(),
                ReplicationSettings.SchemaMode.CREATE, ReplicationSettings.SchemaMode::configName,
                "use `schema: create` (dbmove creates the target tables) or `schema: existing` (they exist already)");
        ReplicationSettings.ZeroDates zeroDates = choice(replication, "zeroDates", ReplicationSettings.ZeroDates.values(),
                ReplicationSettings.ZeroDates.FAIL, ReplicationSettings.ZeroDates::configName,
                "use `zeroDates: fail` (refuse while the source holds MySQL zero dates) or `zeroDates: to-null` (copy them as NULL)");
        ReplicationSettings.FullLoad fullLoad = choice(replication, "fullLoad", ReplicationSettings.FullLoad.values(),
                ReplicationSettings.FullLoad.FAST, ReplicationSettings.FullLoad::configName,
                "use `fullLoad: fast` (dbmove's parallel readers into COPY / LOAD DATA) or `fullLoad: debezium`"
                        + " (Debezium's snapshot)");
        return schema == null || zeroDates == null || fullLoad == null ? null
                : new ReplicationSettings(schema, zeroDates, fullLoad);
    }

    private <E> E choice(YamlMapping replication, String key, E[] values, E absent,
                         java.util.function.Function<E, String> name, String fix) {
        String text = scalars.optional(replication, key, key + ": " + name.apply(absent));
        if (text == null) {
            return absent;
        }
        Optional<E> value = Arrays.stream(values).filter(v -> name.apply(v).equals(text.trim())).findFirst();
        if (value.isEmpty()) {
            problems.add(replication.entry(key).orElseThrow().getValueNode(), "replication." + key,
                    "unknown " + switch (key) {
                        case "schema" -> "schema mode";
                        case "fullLoad" -> "full-load method";
                        default -> key + " rule";
                    } + " " + YamlNodes.quote(text), fix);
            return null;
        }
        return value.get();
    }
}
