package dev.dbmove.testkit;

import dev.dbmove.core.DatabaseType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Kafka Connect plugin directories, as a Connect installation holds them: under a directory named in
 * the workers' plugin.path, one directory per plugin with the plugin's jars and their dependencies,
 * each loaded by a class loader of its own.
 */
public final class ConnectPlugins {
    /**
     * What a worker has on its own class path and a plugin must not bring: Kafka's jars (Debezium 3.5's
     * own plugin archive ships kafka-clients and connect-api, through debezium-connect-plugins), and,
     * as that archive leaves them out too, Jackson and two annotation-only artifacts.
     */
    private static final List<String> PROVIDED_BY_THE_WORKER = List.of(
            "org.apache.kafka:*",
            "com.fasterxml.jackson.core:jackson-core", "com.fasterxml.jackson.core:jackson-databind",
            "com.fasterxml.jackson.core:jackson-annotations", "com.fasterxml.jackson.datatype:jackson-datatype-jsr310",
            "com.google.guava:listenablefuture", "org.checkerframework:checker-qual");

    private ConnectPlugins() {
    }

    /**
     * Debezium's source connector for this database type ({@code io.debezium:debezium-connector-mariadb},
     * {@code -postgres} or {@code -mysql}, at the version the root pom manages) with its runtime dependencies,
     * less what the worker provides, in {@code pluginPath/debezium-connector-NAME}.
     *
     * @return the plugin's directory
     */
    public static Path debezium(DatabaseType type, Path pluginPath) {
        String artifact = switch (type) {
            case MARIADB -> "debezium-connector-mariadb";
            case POSTGRESQL -> "debezium-connector-postgres";
            case MYSQL -> "debezium-connector-mysql";
        };
        MavenArtifacts maven = MavenArtifacts.fromBuild();
        List<Path> jars = maven.resolve(List.of("io.debezium:" + artifact + ":" + maven.version("debezium.version")),
                PROVIDED_BY_THE_WORKER);
        return install(pluginPath, artifact, jars);
    }

    /** Copies jars into {@code pluginPath/name}, a plugin directory of their own (emptied first). */
    public static Path install(Path pluginPath, String name, List<Path> jars) {
        Path plugin = pluginPath.resolve(name);
        try {
            Binaries.deleteTree(plugin);
            Files.createDirectories(plugin);
            for (Path jar : jars) {
                Files.copy(jar, plugin.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the plugin directory " + plugin, e);
        }
        return plugin;
    }
}
