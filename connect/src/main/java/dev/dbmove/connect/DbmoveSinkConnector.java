package dev.dbmove.connect;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * dbmove's apply on Kafka Connect: reads Debezium's change topics and writes the target
 * with the same code, dialects and state schema as {@code dbmove replicate} in embedded mode.
 * Every task gets the same configuration; Kafka spreads the topics' partitions over them.
 */
public final class DbmoveSinkConnector extends SinkConnector {
    private Map<String, String> properties;

    @Override
    public void start(Map<String, String> props) {
        new SinkSettings(props); // refuses a bad configuration now, where the REST call that made it sees it
        this.properties = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return DbmoveSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return Collections.nCopies(maxTasks, properties);
    }

    @Override
    public void stop() {
        // tasks hold the connections
    }

    @Override
    public ConfigDef config() {
        return SinkSettings.DEFINITION;
    }

    @Override
    public String version() {
        return DbmoveSinkTask.VERSION;
    }
}
