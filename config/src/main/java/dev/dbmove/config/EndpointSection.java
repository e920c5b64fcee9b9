package dev.dbmove.config;

import dev.dbmove.core.DidYouMean;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.Endpoint;
import dev.dbmove.core.Secret;
import dev.dbmove.core.TlsMode;
import dev.dbmove.core.TlsSettings;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads the {@code source} or {@code target} section into an {@link Endpoint}. */
final class EndpointSection {
    static final List<String> KEYS = List.of("type", "host", "port", "database", "schema", "user", "password", "tls");
    static final List<String> TLS_KEYS = List.of("mode", "ca");

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");

    private final ScalarReader scalars;
    private final ProblemList problems;
    private final Path baseDir;

    EndpointSection(ScalarReader scalars, ProblemList problems, Path baseDir) {
        this.scalars = scalars;
        this.problems = problems;
        this.baseDir = baseDir;
    }

    /** Null when the section is missing or has problems, which are then recorded. */
    Endpoint read(YamlMapping parent, String side) {
        String example = "type: mysql, host: db.example.com, database: app, user: dbmove";
        Optional<NodeTuple> entry = parent.entry(side);
        if (entry.isEmpty()) {
            problems.add(parent.node(), side, "missing required key '" + side + "'",
                    "add `" + side + ": {" + example + "}`" + parent.where()
                            + " (`dbmove init` writes a commented example)");
            return null;
        }
        Node node = entry.get().getValueNode();
        if (!(node instanceof MappingNode mappingNode)) {
            problems.add(YamlNodes.isNull(node) ? entry.get().getKeyNode() : node, side,
                    "expected the connection settings, found " + YamlNodes.kind(node, true),
                    "indent the settings below '" + side + ":', at least type, host, database and user");
            return null;
        }
        int problemsBefore = problems.size();
        YamlMapping mapping = new YamlMapping(mappingNode, side, KEYS, problems);

        DatabaseType type = type(mapping);
        String host = scalars.required(mapping, "host", "host: db.example.com");
        Integer port = port(mapping, type);
        String database = scalars.required(mapping, "database", "database: app");
        String schema = schema(mapping, type);
        String user = scalars.required(mapping, "user", "user: dbmove");
        String password = scalars.secret(mapping, "password", "password: ${env:" + JobFileTemplate.passwordVariable(side) + "}");
        TlsSettings tls = tls(mapping);

        if (problems.size() > problemsBefore) {
            return null;
        }
        return new Endpoint(type, host, port, database, schema, user, Secret.of(password), tls);
    }

    private DatabaseType type(YamlMapping mapping) {
        String name = scalars.required(mapping, "type", "type: " + DatabaseType.allowedNames());
        if (name == null) {
            return null;
        }
        Optional<DatabaseType> type = DatabaseType.fromConfigName(name);
        if (type.isEmpty()) {
            problems.add(valueNode(mapping, "type"), mapping.pathOf("type"), "unknown database type " + YamlNodes.quote(name),
                    suggestion(name, Arrays.stream(DatabaseType.values()).map(DatabaseType::configName).toList())
                            + "use one of: " + DatabaseType.allowedNames());
        }
        return type.orElse(null);
    }

    private Integer port(YamlMapping mapping, DatabaseType type) {
        String text = scalars.optional(mapping, "port", "port: 5432");
        if (text == null) {
            return type == null ? null : type.defaultPort();
        }
        String trimmed = text.trim();
        if (DIGITS.matcher(trimmed).matches()) {
            int port = Integer.parseInt(trimmed);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        }
        problems.add(valueNode(mapping, "port"), mapping.pathOf("port"), YamlNodes.quote(text) + " is not a port number",
                "use a whole number from 1 to 65535"
                        + (type == null ? "" : ", or leave port out for " + type.defaultPort() + ", the default for " + type));
        return null;
    }

    private String schema(YamlMapping mapping, DatabaseType type) {
        String schema = scalars.optional(mapping, "schema", "schema: public");
        if (schema != null && type != null && type.isMySqlFamily()) {
            problems.add(mapping.entry("schema").orElseThrow().getKeyNode(), mapping.pathOf("schema"),
                    "'schema' does not apply to " + type + ": in MySQL and MariaDB the database is the schema",
                    "remove 'schema' and name the schema you mean in 'database'");
            return null;
        }
        return schema;
    }

    private TlsSettings tls(YamlMapping mapping) {
        Optional<NodeTuple> entry = mapping.entry("tls");
        if (entry.isEmpty() || YamlNodes.isNull(entry.get().getValueNode())) {
            return TlsSettings.DEFAULT;
        }
        String path = mapping.pathOf("tls");
        if (!(entry.get().getValueNode() instanceof MappingNode node)) {
            problems.add(entry.get().getValueNode(), path,
                    "expected a mapping with 'mode' and optionally 'ca', found " + YamlNodes.kind(entry.get().getValueNode(), true),
                    "write the settings indented below 'tls:', e.g. `tls: {mode: require}`");
            return null;
        }
        YamlMapping tls = new YamlMapping(node, path, TLS_KEYS, problems);
        TlsMode mode = tlsMode(tls);
        Path caFile = caFile(tls);
        return mode == null ? null : new TlsSettings(mode, caFile);
    }

    private TlsMode tlsMode(YamlMapping tls) {
        String name = scalars.optional(tls, "mode", "mode: require");
        if (name == null) {
            return TlsSettings.DEFAULT.mode();
        }
        Optional<TlsMode> mode = TlsMode.fromConfigName(name);
        if (mode.isEmpty()) {
            problems.add(valueNode(tls, "mode"), tls.pathOf("mode"), "unknown TLS mode " + YamlNodes.quote(name),
                    suggestion(name, Arrays.stream(TlsMode.values()).map(TlsMode::configName).toList())
                            + "use one of: " + TlsMode.allowedNames());
        }
        return mode.orElse(null);
    }

    /** The CA file is checked now: a bad path found only at connect time would fail a running job. */
    private Path caFile(YamlMapping tls) {
        String ca = scalars.optional(tls, "ca", "ca: /etc/ssl/certs/db-ca.pem");
        if (ca == null) {
            return null;
        }
        Node at = valueNode(tls, "ca");
        Path given;
        try {
            given = Path.of(ca);
        } catch (InvalidPathException e) {
            problems.add(at, tls.pathOf("ca"), YamlNodes.quote(ca) + " is not a valid file path",
                    "name the PEM file with the CA certificate");
            return null;
        }
        Path path = baseDir.resolve(given).normalize();
        Optional<String> reason = FileAccess.whyUnreadable(path);
        if (reason.isPresent()) {
            problems.add(at, tls.pathOf("ca"), "cannot read CA file " + path + ": " + reason.get(),
                    FileAccess.fixFor(reason.get(), path, !given.isAbsolute(), baseDir));
            return null;
        }
        return path;
    }

    private static String suggestion(String typed, List<String> names) {
        return DidYouMean.closest(typed, names).map(near -> "did you mean '" + near + "'? ").orElse("");
    }

    private static Node valueNode(YamlMapping mapping, String key) {
        return mapping.entry(key).orElseThrow().getValueNode();
    }
}
