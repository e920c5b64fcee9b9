package dev.dbmove.testkit;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The command line of a Java child process (a Kafka broker, a Connect worker, a Kafka tool) with
 * exactly the given class path, a modest heap and a start-up tuned for a small shared machine.
 *
 * @param log4jConfig the log4j 2 configuration the child logs through
 */
record ChildJvm(List<Path> classPath, String heap, Path log4jConfig) {
    ChildJvm {
        classPath = List.copyOf(classPath);
    }

    List<String> command(String mainClass, String... arguments) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx" + heap,
                // Two cores shared with other builds: one GC thread, and no C2 compiler threads for
                // processes that live a minute.
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-XX:+ExitOnOutOfMemoryError",
                "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + log4jConfig,
                "-cp", classPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)),
                mainClass));
        command.addAll(List.of(arguments));
        return command;
    }
}
