package dev.dbmove.cli.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code dbmove validate --json}: the field names scripts rely on, and their JSON types. */
class ValidationJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void hasEveryFieldOfTheContractWithItsType() throws Exception {
        String json = ValidationJson.render(ValidationFixtures.mixed());
        assertThat(json).contains("\n  \"identical\" : false").as("pretty printed");
        JsonNode root = MAPPER.readTree(json);

        assertThat(fields(root)).containsExactly("identical", "online", "startedAt", "finishedAt", "seconds", "exitCode",
                "summary", "tables");
        assertThat(root.get("identical").isBoolean()).isTrue();
        assertThat(root.get("online").booleanValue()).isTrue();
        assertThat(root.get("startedAt").asText()).isEqualTo("2026-11-21T10:00:00Z");
        assertThat(root.get("finishedAt").asText()).isEqualTo("2026-11-21T10:00:12.300Z");
        assertThat(root.get("seconds").isNumber()).isTrue();
        assertThat(root.get("seconds").asDouble()).isEqualTo(12.3);
        assertThat(root.get("exitCode").asInt()).as("a table could not be compared").isEqualTo(1);

        JsonNode summary = root.get("summary");
        assertThat(fields(summary)).containsExactly("tables", "identical", "differs", "pendingTables", "errors",
                "sourceRows", "targetRows", "matching", "mismatched", "extraOnSource", "extraOnTarget", "pending",
                "repaired");
        assertThat(summary.get("tables").asInt()).isEqualTo(3);
        assertThat(summary.get("identical").asInt()).isEqualTo(1);
        assertThat(summary.get("differs").asInt()).isEqualTo(1);
        assertThat(summary.get("pendingTables").asInt()).isZero();
        assertThat(summary.get("errors").asInt()).isEqualTo(1);
        assertThat(summary.get("sourceRows").asLong()).isEqualTo(1_234_567);
        assertThat(summary.get("matching").asLong()).isEqualTo(1_234_562);
        assertThat(summary.get("mismatched").asLong()).isEqualTo(4);
        assertThat(summary.get("extraOnSource").asLong()).isEqualTo(1);
        assertThat(summary.get("extraOnTarget").asLong()).isEqualTo(2);
        assertThat(summary.get("pending").asLong()).as("rows").isEqualTo(1);
        assertThat(summary.get("repaired").isIntegralNumber()).isTrue();

        JsonNode tables = root.get("tables");
        assertThat(tables).hasSize(3);
        JsonNode customers = tables.get(0);
        assertThat(fields(customers)).containsExactly("table", "result", "sourceRows", "targetRows", "matching",
                "mismatched", "extraOnSource", "extraOnTarget", "pending", "repaired", "sourcePosition", "seconds",
                "samples");
        assertThat(customers.get("result").asText()).isEqualTo("identical");
        assertThat(customers.get("seconds").asDouble()).isEqualTo(2.345);
        assertThat(customers.get("sourcePosition").asText()).isEqualTo(ValidationFixtures.POSITION);
        assertThat(customers.get("samples")).isEmpty();

        JsonNode orders = tables.get(1);
        assertThat(orders.get("table").asText()).isEqualTo("orders");
        assertThat(orders.get("result").asText()).isEqualTo("differs");
        assertThat(orders.get("mismatched").isIntegralNumber()).isTrue();
        assertThat(orders.has("error")).as("only when the table could not be compared").isFalse();
        JsonNode samples = orders.get("samples");
        assertThat(samples).extracting(s -> s.get("kind").asText())
                .containsExactly("mismatched", "mismatched", "extraOnSource", "extraOnTarget", "pending");
        JsonNode first = samples.get(0);
        assertThat(fields(first)).containsExactly("kind", "key", "columns");
        assertThat(first.get("key").get("id").asText()).isEqualTo("42");
        assertThat(first.get("key").get("id").isTextual()).as("keys are canonical text").isTrue();
        JsonNode amount = first.get("columns").get(0);
        assertThat(fields(amount)).containsExactly("column", "source", "target");
        assertThat(amount.get("column").asText()).isEqualTo("amount");
        assertThat(amount.get("source").asText()).isEqualTo("10.5");
        assertThat(amount.get("target").asText()).isEqualTo("10.6");
        JsonNode note = first.get("columns").get(1);
        assertThat(note.get("source").isNull()).as("SQL NULL").isTrue();
        assertThat(note.get("target").isTextual()).isTrue();
        assertThat(note.get("target").asText()).isEmpty();
        assertThat(first.get("columns").get(2).get("target").asText()).isEqualTo("Ann  ");
        assertThat(samples.get(1).get("columns").get(0).get("source").asText()).isEqualTo("(masked)");
        assertThat(samples.get(1).get("columns").get(1).get("source").asText()).isEqualTo("it's\ta\u0000b\\");
        assertThat(samples.get(2).get("columns")).isEmpty();

        JsonNode audit = tables.get(2);
        assertThat(audit.get("result").asText()).isEqualTo("error");
        assertThat(audit.get("error").asText()).startsWith("cannot compare (not replicated)");
        assertThat(audit.get("sourcePosition").isNull()).isTrue();
        assertThat(audit.get("seconds").asText()).isEqualTo("0.0");
    }

    @Test
    void identicalIsExitZero() throws Exception {
        JsonNode root = MAPPER.readTree(ValidationJson.render(ValidationFixtures.allIdentical()));
        assertThat(root.get("identical").booleanValue()).isTrue();
        assertThat(root.get("online").booleanValue()).isFalse();
        assertThat(root.get("exitCode").asInt()).isZero();
        assertThat(root.get("seconds").asDouble()).isEqualTo(0.4);
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
