package dev.dbmove.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A .properties file a person can read (Properties.store would escape every ':' of a URL and date the
 * file), for the configurations of KafkaCluster's children.
 */
final class PropertiesFile {
    private PropertiesFile() {
    }

    static void write(Path file, Map<String, String> properties) throws IOException {
        Files.writeString(file, properties.entrySet().stream()
                .map(e -> escape(e.getKey()) + "=" + escape(e.getValue()))
                .collect(Collectors.joining("\n", "", "\n")));
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n");
    }
}
