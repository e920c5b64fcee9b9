package dev.dbmove.config;

import dev.dbmove.core.Endpoint;
import dev.dbmove.core.JobNames;

import org.yaml.snakeyaml.nodes.MappingNode;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Loads a job file (dbmove.yaml) into a {@link JobConfig}. The whole file is checked in one
 * pass and every problem is reported together in one {@link JobFileException}, each with
 * its line, column, key path and fix. Unknown keys are errors: a misspelt optional key
 * would otherwise be ignored silently.
 */
public final class JobFileLoader {
    static final List<String> TOP_KEYS = List.of("job", "source", "target", "tables", "replication", "validation",
            "cutover");

    private final Function<String, String> environment;

    /**
     * @param environment environment variables by name, null when unset; {@code System::getenv}
     *                    in production, so tests can pass a map instead of changing the process
     */
    public JobFileLoader(Function<String, String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /** @throws JobFileException when the file cannot be read or is invalid; its message lists every problem */
    public JobConfig load(Path file) {
        ProblemList problems = new ProblemList(file);
        Optional<MappingNode> root = YamlParser.parse(file, problems);
        if (root.isEmpty()) {
            throw problems.exception();
        }
        Path baseDir = baseDirectory(file);
        ScalarReader scalars = new ScalarReader(new Interpolator(environment, baseDir), problems);
        YamlMapping top = new YamlMapping(root.get(), "", TOP_KEYS, problems);

        String job = job(top, scalars, problems);
        EndpointSection endpoints = new EndpointSection(scalars, problems, baseDir);
        Endpoint source = endpoints.read(top, "source");
        Endpoint target = endpoints.read(top, "target");
        TableSelection tables = new TablesSection(scalars, problems).read(top);
        ReplicationSettings replication = new ReplicationSection(scalars, problems).read(top);
        ValidationSettings validation = new ValidationSection(scalars, problems).read(top);
        CutoverSettings cutover = new CutoverSection(scalars, problems, baseDir).read(top);

        if (!problems.isEmpty()) {
            throw problems.exception();
        }
        return new JobConfig(file, job, source, target, tables, replication, validation, cutover);
    }

    private static String job(YamlMapping top, ScalarReader scalars, ProblemList problems) {
        String job = scalars.required(top, "job", "job: my-move");
        if (job != null && !JobNames.VALID.matcher(job).matches()) {
            problems.add(top.entry("job").orElseThrow().getValueNode(), "job",
                    YamlNodes.quote(job) + " is not a valid job name",
                    "use 1 to 40 lower-case letters, digits, '-' and '_', starting with a letter, e.g. `job: "
                            + suggestJobName(job) + "`; the job name becomes the name of a PostgreSQL"
                            + " replication slot, which allows nothing else");
            return null;
        }
        return job;
    }

    /** The invalid name made valid, so the fix shows the user's own name rather than a stranger's. */
    static String suggestJobName(String invalid) {
        String name = invalid.toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_-]+", "-")
                .replaceAll("^[^a-z]+", "");
        if (name.length() > 40) {
            name = name.substring(0, 40);
        }
        name = name.replaceAll("[-_]+$", "");
        return name.isEmpty() ? "my-move" : name;
    }

    private static Path baseDirectory(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? file.toAbsolutePath().getRoot() : parent;
    }
}
