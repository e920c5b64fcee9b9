package dev.dbmove.replicator.state;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.Endpoint;
import dev.dbmove.core.JobNames;
import dev.dbmove.core.Secret;
import dev.dbmove.core.TlsMode;
import dev.dbmove.core.TlsSettings;
import io.debezium.config.Configuration;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateStorePropertiesTest {
    private static final String PASSWORD = "s3cr3t-Pa55";
    private static final Endpoint PG = new Endpoint(DatabaseType.POSTGRESQL, "db.example", 6432, "shop", "sales",
            "dbmove", Secret.of(PASSWORD), new TlsSettings(TlsMode.VERIFY_FULL, Path.of("/etc/ca.pem")));
    private static final Endpoint MARIADB = new Endpoint(DatabaseType.MARIADB, "10.0.0.9", 3306, "shop", null,
            "root", Secret.EMPTY, TlsSettings.DEFAULT);
    private static final JobNames NAMES = new JobNames("shop-move");

    @Test
    void bothStoresReadBackTheTargetTheyWereGiven() {
        for (Endpoint target : new Endpoint[] {PG, MARIADB}) {
            Map<String, String> offsets = StateStoreProperties.offsetStore(target, NAMES);
            Map<String, String> history = StateStoreProperties.schemaHistory(target, NAMES);
            assertThat(offsets).containsEntry("offset.storage", TargetOffsetBackingStore.class.getName());
            assertThat(history).containsEntry("schema.history.internal", TargetSchemaHistory.class.getName());
            assertThat(StateStoreProperties.read(offsets, StateStoreProperties.OFFSET_PREFIX))
                    .isEqualTo(new StateStoreProperties.Target(target, NAMES));
            assertThat(StateStoreProperties.read(history, StateStoreProperties.HISTORY_PREFIX))
                    .isEqualTo(new StateStoreProperties.Target(target, NAMES));
        }
    }

    @Test
    void debeziumMasksThePasswordWhereverItPrintsTheConfiguration() {
        Map<String, String> props = new HashMap<>(StateStoreProperties.offsetStore(PG, NAMES));
        props.putAll(StateStoreProperties.schemaHistory(PG, NAMES));
        assertThat(props.values()).contains(PASSWORD);
        Configuration config = Configuration.from(props);
        assertThat(config.withMaskedPasswords().asMap().values()).doesNotContain(PASSWORD);
        assertThat(config.toString()).doesNotContain(PASSWORD);
        // The history's own view (Debezium hands it the subset under schema.history.internal.).
        assertThat(config.subset("schema.history.internal.", false).toString()).doesNotContain(PASSWORD);
    }

    @Test
    void aMissingOrBadPropertyIsNamedAndNoValueIsQuoted() {
        Map<String, String> props = new HashMap<>(StateStoreProperties.offsetStore(PG, NAMES));
        props.remove("offset.storage.dbmove.host");
        assertThatThrownBy(() -> StateStoreProperties.read(props, StateStoreProperties.OFFSET_PREFIX))
                .hasMessageContaining("offset.storage.dbmove.host is missing")
                .hasMessageNotContaining(PASSWORD);
        props.put("offset.storage.dbmove.host", "h");
        props.put("offset.storage.dbmove.type", "oracle");
        assertThatThrownBy(() -> StateStoreProperties.read(props, StateStoreProperties.OFFSET_PREFIX))
                .hasMessageContaining("offset.storage.dbmove.type is invalid").hasMessageContaining("postgresql");
        props.put("offset.storage.dbmove.type", "postgresql");
        props.put("offset.storage.dbmove.job", "Bad Name");
        assertThatThrownBy(() -> StateStoreProperties.read(props, StateStoreProperties.OFFSET_PREFIX))
                .hasMessageContaining("offset.storage.dbmove.job is invalid");
    }
}
