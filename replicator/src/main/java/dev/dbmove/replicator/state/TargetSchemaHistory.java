package dev.dbmove.replicator.state;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbmove.core.db.DataSources;
import dev.dbmove.core.state.StateStore;
import io.debezium.config.Configuration;
import io.debezium.document.DocumentReader;
import io.debezium.document.DocumentWriter;
import io.debezium.relational.history.AbstractSchemaHistory;
import io.debezium.relational.history.HistoryRecord;
import io.debezium.relational.history.HistoryRecordComparator;
import io.debezium.relational.history.SchemaHistoryException;
import io.debezium.relational.history.SchemaHistoryListener;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * Debezium's schema history (the DDL a MySQL/MariaDB connector has seen, which it replays
 * on restart to know the tables' shape at the restart position) in the target's state
 * schema ({@code schema_history}), one JSON document per record, in order. The connector
 * creates this class by name and configures it from the properties of
 * {@link StateStoreProperties#schemaHistory}.
 */
public final class TargetSchemaHistory extends AbstractSchemaHistory {
    private final DocumentWriter writer = DocumentWriter.defaultWriter();
    private final DocumentReader reader = DocumentReader.defaultReader();

    private StateStoreProperties.Target target;
    private HikariDataSource pool;
    private StateStore store;

    public TargetSchemaHistory() {
        // created by class name
    }

    @Override
    public synchronized void configure(Configuration config, HistoryRecordComparator comparator,
                                       SchemaHistoryListener listener, boolean useCatalogBeforeSchema) {
        super.configure(config, comparator, listener, useCatalogBeforeSchema);
        target = StateStoreProperties.read(config.asMap(), StateStoreProperties.HISTORY_PREFIX);
    }

    @Override
    public synchronized void start() {
        super.start();
        if (target == null) {
            throw new IllegalStateException("configure() must come before start()");
        }
        if (pool == null) {
            pool = DataSources.pool(target.endpoint(), "state-history", 1);
            store = new StateStore(target.endpoint(), target.names(), pool);
        }
        store.create();
        logger.info("Debezium schema history is kept in {} on {}", store.schema(), target.endpoint().address());
    }

    @Override
    public synchronized void stop() {
        if (pool != null) {
            pool.close();
            pool = null;
            store = null;
        }
        super.stop();
    }

    @Override
    protected synchronized void storeRecord(HistoryRecord record) throws SchemaHistoryException {
        if (record == null) {
            return;
        }
        String text;
        try {
            text = writer.write(record.document());
        } catch (IOException e) {
            throw new SchemaHistoryException("cannot serialise a schema history record", e);
        }
        try {
            started().appendHistory(text);
        } catch (RuntimeException e) {
            throw new SchemaHistoryException("cannot store a schema history record: " + e.getMessage(), e);
        }
    }

    @Override
    protected synchronized void recoverRecords(Consumer<HistoryRecord> records) {
        started().forEachHistory(text -> {
            try {
                records.accept(new HistoryRecord(reader.read(text)));
            } catch (IOException e) {
                throw new SchemaHistoryException("a schema history record in " + store.schema() + " is not JSON", e);
            }
        });
    }

    @Override
    public synchronized boolean storageExists() {
        return started().exists();
    }

    @Override
    public synchronized boolean exists() {
        return started().exists() && store.hasHistory();
    }

    @Override
    public synchronized void initializeStorage() {
        started().create();
    }

    private StateStore started() {
        if (store == null) {
            throw new IllegalStateException("the dbmove schema history is not running");
        }
        return store;
    }

    @Override
    public String toString() {
        return target == null ? "dbmove schema history (unconfigured)"
                : "dbmove schema history in " + target.names().stateSchema() + " on " + target.endpoint().address();
    }
}
