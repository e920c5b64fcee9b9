package dev.dbmove.config;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Reads the optional {@code validation} section. */
final class ValidationSection {
    static final List<String> KEYS = List.of("parallelism", "chunkTime", "maxRowsPerSecond", "settleTimeout", "samples", "mask");

    private final ScalarReader scalars;
    private final ProblemList problems;

    ValidationSection(ScalarReader scalars, ProblemList problems) {
        this.scalars = scalars;
        this.problems = problems;
    }

    /** The defaults when the section is absent; null after recording a problem. */
    ValidationSettings read(YamlMapping parent) {
        Optional<NodeTuple> entry = parent.entry("validation");
        if (entry.isEmpty() || YamlNodes.isNull(entry.get().getValueNode())) {
            return ValidationSettings.DEFAULT;
        }
        Node node = entry.get().getValueNode();
        if (!(node instanceof MappingNode mapping)) {
            problems.add(node, "validation", "expected a mapping, found " + YamlNodes.kind(node, true),
                    "write the settings indented below 'validation:', e.g. `validation: {parallelism: 4}`");
            return null;
        }
        int problemsBefore = problems.size();
        YamlMapping validation = new YamlMapping(mapping, "validation", KEYS, problems);
        ValidationSettings defaults = ValidationSettings.DEFAULT;

        Long parallelism = scalars.integer(validation, "parallelism", ValidationSettings.MIN_PARALLELISM,
                ValidationSettings.MAX_PARALLELISM, defaults.parallelism(), "parallelism: 4",
                "each chunk compared at once holds one source and one target connection");
        Duration chunkTime = scalars.duration(validation, "chunkTime", ValidationSettings.MIN_CHUNK_TIME,
                ValidationSettings.MAX_CHUNK_TIME, defaults.chunkTime(), "chunkTime: 500ms");
        Long maxRowsPerSecond = scalars.integer(validation, "maxRowsPerSecond", 0, Long.MAX_VALUE,
                defaults.maxRowsPerSecond(), "maxRowsPerSecond: 50000", "0 means no limit");
        Duration settleTimeout = scalars.duration(validation, "settleTimeout", Duration.ZERO,
                ValidationSettings.MAX_SETTLE_TIMEOUT, defaults.settleTimeout(), "settleTimeout: 60s");
        Long samples = scalars.integer(validation, "samples", 0, ValidationSettings.MAX_SAMPLES, defaults.samples(),
                "samples: 10", "0 lists no keys, only the counts");
        List<String> mask = scalars.textList(validation, "mask", defaults.mask(), "column pattern",
                "mask: [\"*password*\", \"users.ssn\"]");

        if (problems.size() > problemsBefore) {
            return null;
        }
        return new ValidationSettings(parallelism.intValue(), chunkTime, maxRowsPerSecond, settleTimeout,
                samples.intValue(), mask);
    }
}
