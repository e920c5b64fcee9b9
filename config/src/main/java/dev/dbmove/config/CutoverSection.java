package dev.dbmove.config;

import dev.dbmove.core.DidYouMean;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the optional {@code cutover} section. Its texts are read as templates: the
 * {@link Placeholders} stay for the cutover to fill in, {@code ${env:...}} and
 * {@code ${file:...}} are resolved as everywhere else.
 */
final class CutoverSection {
    static final List<String> KEYS = List.of("maxLagSeconds", "requireValidation", "stop", "freeze", "drainTimeout",
            "verify", "sequences", "rewrite", "start", "health");
    static final List<String> COMMAND_KEYS = List.of("run", "timeout", "env");
    static final List<String> REWRITE_KEYS = List.of("file", "format", "set", "replace");
    static final List<String> REPLACE_KEYS = List.of("pattern", "with");
    static final List<String> HEALTH_KEYS = List.of("http", "run", "expect", "within", "env");

    private static final String ENV_EXAMPLE = "DB_PASSWORD: \"${target.password}\"";
    private static final String SET_EXAMPLE = "set: {production.host: \"${target.host}\"}";
    private static final String REPLACE_EXAMPLE = "replace: {pattern: \"host = .*\", with: \"host = ${target.host}\"}";
    private static final String URL_EXAMPLE = "http: http://127.0.0.1:8080/health";
    private static final String SMOKE_TEST_EXAMPLE = "run: /usr/local/bin/smoke-test";

    /** What one kind of list item is, for reading and for messages. */
    private record Item<T>(String singular, String plural, String shape, String example, List<String> keys,
                           Function<YamlMapping, T> read) {
    }

    private final ScalarReader scalars;
    private final ProblemList problems;
    private final Path baseDir;

    /** @param baseDir where relative rewrite paths start: the job file's directory */
    CutoverSection(ScalarReader scalars, ProblemList problems, Path baseDir) {
        this.scalars = scalars;
        this.problems = problems;
        this.baseDir = baseDir;
    }

    /** The defaults when the section is absent; null after recording a problem. */
    CutoverSettings read(YamlMapping parent) {
        Optional<NodeTuple> entry = parent.entry("cutover");
        if (entry.isEmpty() || YamlNodes.isNull(entry.get().getValueNode())) {
            return CutoverSettings.DEFAULT;
        }
        Node node = entry.get().getValueNode();
        if (!(node instanceof MappingNode mapping)) {
            problems.add(node, "cutover", "expected a mapping, found " + YamlNodes.kind(node, true),
                    "write the settings indented below 'cutover:', e.g. `cutover: {maxLagSeconds: 5}`");
            return null;
        }
        int problemsBefore = problems.size();
        YamlMapping cutover = new YamlMapping(mapping, "cutover", KEYS, problems);
        CutoverSettings defaults = CutoverSettings.DEFAULT;

        Long maxLagSeconds = scalars.integer(cutover, "maxLagSeconds", 0, CutoverSettings.MAX_LAG_SECONDS,
                defaults.maxLagSeconds(), "maxLagSeconds: 5",
                "the cutover refuses to start while replication lags further behind");
        Optional<Duration> requireValidation = scalars.durationOrNone(cutover, "requireValidation",
                CutoverSettings.MIN_REQUIRE_VALIDATION, CutoverSettings.MAX_REQUIRE_VALIDATION,
                defaults.requireValidation(), "requireValidation: 1h");
        List<Command> stop = commands(cutover, "stop", "systemctl stop shop-web");
        CutoverSettings.Freeze freeze = choice(cutover, "freeze", CutoverSettings.Freeze.values(), defaults.freeze(),
                CutoverSettings.Freeze::configName, "freeze mode",
                "use `freeze: auto` (the source is made read-only while the last changes drain)"
                        + " or `freeze: none` (it stays writable; the stop commands must stop every writer)");
        Duration drainTimeout = scalars.duration(cutover, "drainTimeout", Command.MIN_TIMEOUT, Command.MAX_TIMEOUT,
                defaults.drainTimeout(), "drainTimeout: 2m");
        CutoverSettings.Verify verify = choice(cutover, "verify", CutoverSettings.Verify.values(), defaults.verify(),
                CutoverSettings.Verify::configName, "verify mode",
                "use `verify: changed` (compare the rows changed since the last validation), `verify: all`"
                        + " (compare every table) or `verify: none` (compare nothing)");
        CutoverSettings.Sequences sequences = choice(cutover, "sequences", CutoverSettings.Sequences.values(),
                defaults.sequences(), CutoverSettings.Sequences::configName, "sequences mode",
                "use `sequences: auto` (move the target's sequences past the copied values)"
                        + " or `sequences: none` (leave them as they are)");
        List<Rewrite> rewrite = items(cutover, "rewrite", new Item<>("rewrite", "rewrites",
                "a mapping with 'file' and 'set' or 'replace'", "- file: /etc/shop/database.yml", REWRITE_KEYS, this::rewrite));
        List<Command> start = commands(cutover, "start", "systemctl start shop-web");
        List<HealthCheck> health = items(cutover, "health", new Item<>("health check", "health checks",
                "a mapping with 'http' or 'run'", "- " + URL_EXAMPLE, HEALTH_KEYS, this::healthCheck));

        if (problems.size() > problemsBefore) {
            return null;
        }
        return new CutoverSettings(maxLagSeconds.intValue(), requireValidation, stop, freeze, drainTimeout, verify,
                sequences, rewrite, start, health);
    }

    private List<Command> commands(YamlMapping cutover, String key, String example) {
        return items(cutover, key, new Item<>("command", "commands", "a mapping with 'run'", "- run: " + example,
                COMMAND_KEYS, item -> command(item, example)));
    }

    /** The items of a list, each a mapping; empty when the key is absent or has no value, null after recording a problem. */
    private <T> List<T> items(YamlMapping cutover, String key, Item<T> item) {
        Optional<NodeTuple> entry = cutover.entry(key);
        if (entry.isEmpty() || YamlNodes.isNull(entry.get().getValueNode())) {
            return List.of();
        }
        Node node = entry.get().getValueNode();
        String path = cutover.pathOf(key);
        if (!(node instanceof SequenceNode list)) {
            problems.add(node, path, "expected a list of " + item.plural() + ", found " + YamlNodes.kind(node, true),
                    "write one `" + item.example() + "` item per " + item.singular() + " below '" + key + ":', or `"
                            + key + ": []` for none");
            return null;
        }
        List<T> items = new ArrayList<>();
        boolean failed = false;
        for (int i = 0; i < list.getValue().size(); i++) {
            Node itemNode = list.getValue().get(i);
            String itemPath = path + "[" + i + "]";
            if (!(itemNode instanceof MappingNode mapping)) {
                problems.add(itemNode, itemPath, "expected " + item.shape() + ", found " + YamlNodes.kind(itemNode, true),
                        "write each " + item.singular() + " as a mapping, e.g. `" + item.example() + "`");
                failed = true;
                continue;
            }
            T value = item.read().apply(new YamlMapping(mapping, itemPath, item.keys(), problems));
            failed |= value == null;
            items.add(value);
        }
        return failed ? null : items;
    }

    private Command command(YamlMapping command, String example) {
        int problemsBefore = problems.size();
        String run = scalars.requiredTemplate(command, "run", "run: " + example);
        Duration timeout = scalars.duration(command, "timeout", Command.MIN_TIMEOUT, Command.MAX_TIMEOUT,
                Command.DEFAULT_TIMEOUT, "timeout: 60s");
        Map<String, String> env = env(command);
        return problems.size() > problemsBefore ? null : new Command(run, timeout, env);
    }

    /** A command's environment: the one place where a password placeholder may appear. Null after recording a problem. */
    private Map<String, String> env(YamlMapping command) {
        Optional<NodeTuple> entry = command.entry("env");
        if (entry.isEmpty() || YamlNodes.isNull(entry.get().getValueNode())) {
            return Map.of();
        }
        Node node = entry.get().getValueNode();
        String path = command.pathOf("env");
        if (!(node instanceof MappingNode mapping)) {
            // Not quoted: `env: PGPASSWORD=...` would show the value.
            problems.add(node, path, "expected a mapping of environment variables to values, found "
                    + YamlNodes.kind(node, false), "write e.g. `env: {" + ENV_EXAMPLE + "}`");
            return null;
        }
        YamlMapping env = YamlMapping.anyKeys(mapping, path, "DB_PASSWORD", problems);
        Map<String, String> values = new LinkedHashMap<>();
        boolean failed = false;
        for (String name : env.keys()) {
            NodeTuple tuple = env.entry(name).orElseThrow();
            String variablePath = env.pathOf(name);
            if (!Command.ENV_NAME.matcher(name).matches()) {
                problems.add(tuple.getKeyNode(), variablePath, YamlNodes.quote(name) + " is not an environment variable name",
                        "use letters, digits and '_' only, not starting with a digit, e.g. `" + ENV_EXAMPLE + "`");
                failed = true;
                continue;
            }
            if (YamlNodes.isNull(tuple.getValueNode())) {
                problems.add(tuple.getKeyNode(), variablePath, "'" + name + "' has no value",
                        "give it a value, e.g. `" + ENV_EXAMPLE + "`, or `" + name + ": \"\"` for an empty one");
                failed = true;
                continue;
            }
            String value = scalars.template(tuple.getValueNode(), variablePath, ENV_EXAMPLE, name);
            failed |= value == null;
            values.put(name, value);
        }
        return failed ? null : values;
    }

    private Rewrite rewrite(YamlMapping rewrite) {
        int problemsBefore = problems.size();
        String file = file(rewrite);
        Rewrite.Format format = choice(rewrite, "format", Rewrite.Format.values(), null, Rewrite.Format::configName,
                "file format", "use one of: " + orList(Arrays.stream(Rewrite.Format.values()).map(Rewrite.Format::configName).toList()));
        boolean hasSet = rewrite.entry("set").isPresent();
        boolean hasReplace = rewrite.entry("replace").isPresent();
        if (hasSet && hasReplace) {
            problems.add(rewrite.node(), rewrite.path(), "a rewrite has both 'set' and 'replace'",
                    "split it into two rewrites of the same file, one with 'set' and one with 'replace'");
        } else if (!hasSet && !hasReplace) {
            problems.add(rewrite.node(), rewrite.path(), "a rewrite needs 'set' or 'replace'",
                    "add `" + SET_EXAMPLE + "` to set keys of a " + formats() + " file, or `" + REPLACE_EXAMPLE
                            + "` to edit it as text");
        }
        if (hasReplace && !hasSet && format != null) {
            problems.add(rewrite.entry("format").orElseThrow().getKeyNode(), rewrite.pathOf("format"),
                    "'format' applies to 'set'; 'replace' edits the file as text", "remove 'format'");
        }
        Optional<Rewrite.Format> effective = Optional.ofNullable(format);
        if (hasSet && !hasReplace && format == null && file != null && rewrite.entry("format").isEmpty()) {
            effective = Rewrite.Format.forFileName(file);
            if (effective.isEmpty()) {
                problems.add(rewrite.entry("file").orElseThrow().getValueNode(), rewrite.pathOf("file"),
                        "cannot tell the format of " + YamlNodes.quote(file) + " from its name",
                        "add `format: yaml` to this rewrite, or whichever of " + formats() + " the file is written in");
            }
        }
        Map<String, String> set = hasSet ? set(rewrite, effective) : Map.of();
        Replace replace = hasReplace ? replace(rewrite) : null;
        if (problems.size() > problemsBefore) {
            return null;
        }
        return new Rewrite(file, effective, set, Optional.ofNullable(replace));
    }

    /** The path as an absolute text: a relative one starts at the job file's directory, as everywhere in the job file. */
    private String file(YamlMapping rewrite) {
        String file = scalars.requiredTemplate(rewrite, "file", "file: /etc/shop/database.yml");
        if (file == null) {
            return null;
        }
        try {
            return baseDir.resolve(Path.of(file)).normalize().toString();
        } catch (InvalidPathException e) {
            problems.add(rewrite.entry("file").orElseThrow().getValueNode(), rewrite.pathOf("file"),
                    YamlNodes.quote(file) + " is not a valid file path", "name the file to rewrite, e.g. `file: /etc/shop/database.yml`");
            return null;
        }
    }

    /** Keys and values in the order written; null after recording a problem. */
    private Map<String, String> set(YamlMapping rewrite, Optional<Rewrite.Format> format) {
        NodeTuple entry = rewrite.entry("set").orElseThrow();
        Node node = entry.getValueNode();
        String path = rewrite.pathOf("set");
        if (YamlNodes.isNull(node)) {
            problems.add(entry.getKeyNode(), path, "'set' has no value", "name the keys to set, e.g. `" + SET_EXAMPLE + "`");
            return null;
        }
        if (!(node instanceof MappingNode mapping)) {
            problems.add(node, path, "expected a mapping of keys to their new values, found " + YamlNodes.kind(node, true),
                    "write e.g. `" + SET_EXAMPLE + "`");
            return null;
        }
        if (mapping.getValue().isEmpty()) {
            problems.add(node, path, "'set' names no keys", "name the keys to set, e.g. `" + SET_EXAMPLE
                    + "`, or remove the rewrite");
            return null;
        }
        YamlMapping set = YamlMapping.anyKeys(mapping, path, "production.host", problems);
        boolean env = format.equals(Optional.of(Rewrite.Format.ENV));
        Map<String, String> values = new LinkedHashMap<>();
        boolean failed = false;
        for (String raw : set.keys()) {
            NodeTuple tuple = set.entry(raw).orElseThrow();
            String keyPath = set.pathOf(raw);
            String key = scalars.template(tuple.getKeyNode(), keyPath, SET_EXAMPLE, null);
            if (key != null && key.isBlank()) {
                problems.add(tuple.getKeyNode(), keyPath, "empty key", "name the key to set, e.g. `" + SET_EXAMPLE + "`");
                key = null;
            } else if (key != null && env && !Command.ENV_NAME.matcher(key).matches()) {
                problems.add(tuple.getKeyNode(), keyPath, YamlNodes.quote(key) + " is not a variable name for an env file",
                        "use letters, digits and '_' only, not starting with a digit, e.g. `DATABASE_URL`");
                key = null;
            }
            String value = null;
            if (YamlNodes.isNull(tuple.getValueNode())) {
                problems.add(tuple.getKeyNode(), keyPath, YamlNodes.quote(raw) + " has no value",
                        "give it a value, e.g. `production.host: \"${target.host}\"`, or `\"\"` for an empty one");
            } else {
                value = scalars.template(tuple.getValueNode(), keyPath, "production.host: \"${target.host}\"", null);
            }
            if (key == null || value == null) {
                failed = true;
            } else {
                values.put(key, value);
            }
        }
        return failed ? null : values;
    }

    private Replace replace(YamlMapping rewrite) {
        NodeTuple entry = rewrite.entry("replace").orElseThrow();
        Node node = entry.getValueNode();
        String path = rewrite.pathOf("replace");
        if (YamlNodes.isNull(node)) {
            problems.add(entry.getKeyNode(), path, "'replace' has no value", "write e.g. `" + REPLACE_EXAMPLE + "`");
            return null;
        }
        if (!(node instanceof MappingNode mapping)) {
            problems.add(node, path, "expected a mapping with 'pattern' and 'with', found " + YamlNodes.kind(node, true),
                    "write e.g. `" + REPLACE_EXAMPLE + "`");
            return null;
        }
        YamlMapping replace = new YamlMapping(mapping, path, REPLACE_KEYS, problems);
        String pattern = scalars.requiredTemplate(replace, "pattern", "pattern: \"host = .*\"");
        String with = with(replace);
        if (pattern != null) {
            Optional<PatternSyntaxException> error = Replace.syntaxError(pattern);
            if (error.isPresent()) {
                String description = error.get().getDescription();
                int index = error.get().getIndex();
                problems.add(replace.entry("pattern").orElseThrow().getValueNode(), replace.pathOf("pattern"),
                        "invalid regular expression " + YamlNodes.quote(pattern) + ": "
                                + Character.toLowerCase(description.charAt(0)) + description.substring(1)
                                + (index >= 0 && Placeholders.names(pattern).isEmpty() ? " near position " + (index + 1) : ""),
                        "write a Java regular expression; put \\ before ( ) [ ] { } . * + ? ^ $ | \\ to match them as"
                                + " they are (inside \"...\" YAML needs \\\\ for \\)");
                return null;
            }
        }
        return pattern == null || with == null ? null : new Replace(pattern, with);
    }

    /** Required, but may be empty: replacing with nothing deletes what matches. */
    private String with(YamlMapping replace) {
        String example = "with: \"host = ${target.host}\"";
        String fix = "add `" + example + "`" + replace.where() + ", or `with: \"\"` to delete what matches";
        Optional<NodeTuple> entry = replace.entry("with");
        if (entry.isEmpty()) {
            problems.add(replace.node(), replace.pathOf("with"), "missing required key 'with'", fix);
            return null;
        }
        if (YamlNodes.isNull(entry.get().getValueNode())) {
            problems.add(entry.get().getKeyNode(), replace.pathOf("with"), "'with' has no value", fix);
            return null;
        }
        return scalars.template(entry.get().getValueNode(), replace.pathOf("with"), example, null);
    }

    private HealthCheck healthCheck(YamlMapping check) {
        int problemsBefore = problems.size();
        boolean hasHttp = check.entry("http").isPresent();
        boolean hasRun = check.entry("run").isPresent();
        if (hasHttp && hasRun) {
            problems.add(check.node(), check.path(), "a health check has both 'http' and 'run'",
                    "split it into two checks, one with 'http' and one with 'run'");
        } else if (!hasHttp && !hasRun) {
            problems.add(check.node(), check.path(), "a health check needs 'http' or 'run'",
                    "add `" + URL_EXAMPLE + "` to wait for an HTTP status, or `" + SMOKE_TEST_EXAMPLE
                            + "` to wait for a command to exit with status 0");
        }
        String http = hasHttp ? url(check) : null;
        String run = hasRun ? scalars.requiredTemplate(check, "run", SMOKE_TEST_EXAMPLE) : null;
        Long expect = 0L;
        if (hasHttp) {
            expect = scalars.integer(check, "expect", HealthCheck.MIN_STATUS, HealthCheck.MAX_STATUS,
                    HealthCheck.DEFAULT_EXPECT, "expect: 200", "the HTTP status that passes the check");
        } else if (hasRun && check.entry("expect").isPresent()) {
            problems.add(check.entry("expect").orElseThrow().getKeyNode(), check.pathOf("expect"),
                    "'expect' applies to http checks; a run check passes when its command exits with status 0",
                    "remove 'expect'");
        }
        Duration within = scalars.duration(check, "within", Command.MIN_TIMEOUT, Command.MAX_TIMEOUT,
                HealthCheck.DEFAULT_WITHIN, "within: 60s");
        Map<String, String> env = Map.of();
        if (hasRun) {
            env = env(check);
        } else if (hasHttp && check.entry("env").isPresent()) {
            problems.add(check.entry("env").orElseThrow().getKeyNode(), check.pathOf("env"),
                    "'env' applies to run checks; an http check runs no command", "remove 'env'");
        }
        if (problems.size() > problemsBefore) {
            return null;
        }
        return new HealthCheck(Optional.ofNullable(http), Optional.ofNullable(run), expect.intValue(), within, env);
    }

    private String url(YamlMapping check) {
        String url = scalars.requiredTemplate(check, "http", URL_EXAMPLE);
        if (url == null) {
            return null;
        }
        Optional<String> reason = HealthCheck.whyNotUrl(url);
        if (reason.isPresent()) {
            problems.add(check.entry("http").orElseThrow().getValueNode(), check.pathOf("http"),
                    YamlNodes.quote(url) + " is not an http or https URL: " + reason.get(),
                    "write the whole URL, e.g. `" + URL_EXAMPLE + "`");
            return null;
        }
        return url;
    }

    /** One of an enum's values by its name in the job file; {@code absent} when the key is absent, null after recording a problem. */
    private <E> E choice(YamlMapping mapping, String key, E[] values, E absent, Function<E, String> name,
                         String what, String fix) {
        int problemsBefore = problems.size();
        String text = scalars.optional(mapping, key, key + ": " + name.apply(values[0]));
        if (text == null) {
            return problems.size() > problemsBefore ? null : absent;
        }
        Optional<E> value = Arrays.stream(values).filter(v -> name.apply(v).equals(text.trim())).findFirst();
        if (value.isEmpty()) {
            List<String> names = Arrays.stream(values).map(name).toList();
            problems.add(mapping.entry(key).orElseThrow().getValueNode(), mapping.pathOf(key),
                    "unknown " + what + " " + YamlNodes.quote(text),
                    DidYouMean.closest(text.trim(), names).map(near -> "did you mean '" + near + "'? ").orElse("") + fix);
            return null;
        }
        return value.get();
    }

    private static String formats() {
        return orList(Arrays.stream(Rewrite.Format.values()).map(Rewrite.Format::configName).toList());
    }

    /** {@code a, b or c}. */
    private static String orList(List<String> words) {
        if (words.size() == 1) {
            return words.get(0);
        }
        return String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1);
    }
}
