package dev.dbmove.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a {@link KafkaCluster} is set up.
 *
 * @param workers          how many Connect workers, in one group
 * @param pluginPath       the workers' plugin.path: directories each holding one directory per plugin (as
 *                         {@link ConnectPlugins} makes them); connectors are found there and nowhere else
 * @param workerProperties worker settings over KafkaCluster's own (see {@link KafkaCluster})
 * @param brokerProperties broker settings over KafkaCluster's own
 */
public record KafkaClusterOptions(int workers, List<Path> pluginPath, Map<String, String> workerProperties,
                                  Map<String, String> brokerProperties) {
    public KafkaClusterOptions {
        if (workers < 0) {
            throw new IllegalArgumentException("workers must not be negative: " + workers);
        }
        pluginPath = List.copyOf(pluginPath);
        for (Path dir : pluginPath) {
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("a plugin path entry must be a directory (of plugin directories): " + dir);
            }
        }
        workerProperties = Map.copyOf(workerProperties);
        brokerProperties = Map.copyOf(brokerProperties);
    }

    public static KafkaClusterOptions workers(int workers, List<Path> pluginPath) {
        return new KafkaClusterOptions(workers, pluginPath, Map.of(), Map.of());
    }

    /** A broker alone, for tests that only produce and consume. */
    public static KafkaClusterOptions brokerOnly() {
        return workers(0, List.of());
    }

    public KafkaClusterOptions withWorkerProperty(String name, String value) {
        Map<String, String> p = new LinkedHashMap<>(workerProperties);
        p.put(name, value);
        return new KafkaClusterOptions(workers, pluginPath, p, brokerProperties);
    }

    public KafkaClusterOptions withBrokerProperty(String name, String value) {
        Map<String, String> p = new LinkedHashMap<>(brokerProperties);
        p.put(name, value);
        return new KafkaClusterOptions(workers, pluginPath, workerProperties, p);
    }
}
