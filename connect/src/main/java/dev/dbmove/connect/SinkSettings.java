package dev.dbmove.connect;

import dev.dbmove.config.JobConfig;
import dev.dbmove.config.JobFileLoader;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * The sink connector's configuration: the job file itself (as {@code dbmove replicate} read
 * it, so both sides agree on tables, keys and the target), and Debezium's topic prefix.
 * Secrets in the job file stay references ({@code ${env:NAME}}, {@code ${file:PATH}}),
 * resolved on the worker; paths in it must exist on the worker and be absolute.
 */
final class SinkSettings {
    static final String JOB = "dbmove.job.yaml";
    static final String TOPIC_PREFIX = "dbmove.topic.prefix";

    static final ConfigDef DEFINITION = new ConfigDef()
            .define(JOB, ConfigDef.Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, ConfigDef.Importance.HIGH,
                    "the dbmove job file's text (dbmove replicate writes it); secrets in it as ${env:NAME} are read on"
                            + " the worker")
            .define(TOPIC_PREFIX, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, ConfigDef.Importance.HIGH,
                    "the Debezium source connector's topic.prefix");

    private final AbstractConfig config;

    SinkSettings(Map<String, String> properties) {
        this.config = new AbstractConfig(DEFINITION, properties);
    }

    String topicPrefix() {
        return config.getString(TOPIC_PREFIX);
    }

    /** The job, loaded as dbmove loads a job file, with the worker's environment. */
    JobConfig job() {
        String text = config.getPassword(JOB).value();
        Path file = null;
        try {
            file = Files.createTempFile("dbmove-sink-", ".yaml",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, text);
            return new JobFileLoader(System::getenv).load(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the job file for reading: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new ConfigException(JOB, "(the job file)", e.getMessage());
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temporary file; the next start writes another
                }
            }
        }
    }
}
