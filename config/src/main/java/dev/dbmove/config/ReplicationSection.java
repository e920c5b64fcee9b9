package dev.dbmove.config;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Reads the optional {@code replication} section. */
final class ReplicationSection {
    static final List<String> KEYS = List.of("schema", "zeroDates", "fullLoad", "engine", "kafkaConnect");
    static final List<String> KAFKA_CONNECT_KEYS = List.of("connectUrl", "bootstrapServers", "topicPrefix", "tasksMax",
            "partitions");

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
        ReplicationSettings.Engine engine = choice(replication, "engine", ReplicationSettings.Engine.values(),
                ReplicationSettings.Engine.EMBEDDED, ReplicationSettings.Engine::configName,
                "use `engine: embedded` (Debezium inside dbmove replicate) or `engine: kafka-connect` (an existing"
                        + " Kafka Connect cluster, set in replication.kafkaConnect)");
        KafkaConnectSettings kafkaConnect = null;
        Optional<NodeTuple> kc = replication.entry("kafkaConnect");
        if (engine == ReplicationSettings.Engine.KAFKA_CONNECT) {
            if (kc.isEmpty() || YamlNodes.isNull(kc.get().getValueNode())) {
                problems.add(replication.entry("engine").orElseThrow().getValueNode(), "replication.kafkaConnect",
                        "engine: kafka-connect needs replication.kafkaConnect", "add `kafkaConnect: {connectUrl:"
                                + " http://connect:8083, bootstrapServers: kafka:9092}` under replication");
                return null;
            }
            kafkaConnect = kafkaConnect(kc.get().getValueNode());
            if (kafkaConnect == null) {
                return null;
            }
        } else if (kc.isPresent() && engine != null) {
            problems.add(kc.get().getKeyNode(), "replication.kafkaConnect", "kafkaConnect is set but the engine is "
                    + engine.configName(), "add `engine: kafka-connect` to replication, or remove kafkaConnect");
            return null;
        }
        return schema == null || zeroDates == null || fullLoad == null || engine == null ? null
                : new ReplicationSettings(schema, zeroDates, fullLoad, engine, kafkaConnect);
    }

    private KafkaConnectSettings kafkaConnect(Node node) {
        if (!(node instanceof MappingNode mapping)) {
            problems.add(node, "replication.kafkaConnect", "expected a mapping, found " + YamlNodes.kind(node, true),
                    "write `kafkaConnect: {connectUrl: http://connect:8083, bootstrapServers: kafka:9092}`");
            return null;
        }
        YamlMapping kc = new YamlMapping(mapping, "replication.kafkaConnect", KAFKA_CONNECT_KEYS, problems);
        String url = scalars.required(kc, "connectUrl", "connectUrl: http://connect:8083");
        String bootstrap = scalars.required(kc, "bootstrapServers", "bootstrapServers: kafka:9092");
        String prefix = scalars.optional(kc, "topicPrefix", "topicPrefix: dbmove_orders");
        Long tasks = scalars.integer(kc, "tasksMax", 1, 1000, 1, "tasksMax: 4", "the sink connector's tasks.max");
        Long partitions = scalars.integer(kc, "partitions", 1, 10_000, tasks == null ? 1 : tasks, "partitions: 8",
                "partitions of each change topic; more partitions let more sink tasks work at once");
        List<java.net.URI> connectUrls = new java.util.ArrayList<>();
        if (url != null) {
            for (String one : url.split(",")) {
                try {
                    java.net.URI u = new java.net.URI(one.trim());
                    if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                        throw new java.net.URISyntaxException(one, "not an http(s) address with a host");
                    }
                    connectUrls.add(u);
                } catch (java.net.URISyntaxException e) {
                    problems.add(kc.entry("connectUrl").orElseThrow().getValueNode(), "replication.kafkaConnect.connectUrl",
                            "not an http(s) URL: " + YamlNodes.quote(one.trim()), "write the REST address of a Connect"
                                    + " worker, e.g. `connectUrl: http://connect:8083`, or several, comma-separated");
                    connectUrls = null;
                    break;
                }
            }
        }
        if (prefix != null && !prefix.matches("[A-Za-z0-9_.-]{1,200}")) {
            problems.add(kc.entry("topicPrefix").orElseThrow().getValueNode(), "replication.kafkaConnect.topicPrefix",
                    YamlNodes.quote(prefix) + " is not a valid Kafka topic prefix", "use letters, digits, '.', '_'"
                            + " and '-', e.g. `topicPrefix: dbmove_orders`");
            prefix = null;
            return null;
        }
        if (connectUrls == null || connectUrls.isEmpty() || bootstrap == null || tasks == null || partitions == null) {
            return null;
        }
        return new KafkaConnectSettings(connectUrls, bootstrap.trim(), prefix, tasks.intValue(), partitions.intValue());
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
                        case "engine" -> "replication engine";
                        default -> key + " rule";
                    } + " " + YamlNodes.quote(text), fix);
            return null;
        }
        return value.get();
    }
}
