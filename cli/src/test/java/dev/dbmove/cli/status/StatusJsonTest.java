package dev.dbmove.cli.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbmove.core.status.JobStatus;
import dev.dbmove.core.status.TableStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code dbmove status --json}: the field names scripts rely on, and their JSON types. */
class StatusJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void hasEveryFieldOfTheContractWithItsType() throws Exception {
        String json = StatusJson.render(StatusFixtures.shop());
        assertThat(json).contains("\n  \"job\" : \"shop\"").as("pretty printed");
        JsonNode job = MAPPER.readTree(json);

        assertThat(job.isObject()).isTrue();
        assertThat(job.get("job").asText()).isEqualTo("shop");
        assertThat(job.get("phase").asText()).isEqualTo("streaming");
        assertThat(job.get("lagSeconds").isNumber()).isTrue();
        assertThat(job.get("lagSeconds").asDouble()).isEqualTo(2.5);
        assertThat(job.get("sourcePosition").asText()).isEqualTo(StatusFixtures.SOURCE_POSITION);
        assertThat(job.get("appliedPosition").asText()).isEqualTo(StatusFixtures.APPLIED_POSITION);
        assertThat(job.get("positionLag").isIntegralNumber()).isTrue();
        assertThat(job.get("positionLag").asLong()).isEqualTo(1212);
        assertThat(job.get("positionLagUnit").asText()).isEqualTo("bytes");
        assertThat(job.get("eventsPerSecond").isNumber()).isTrue();
        assertThat(job.get("eventsPerSecond").asDouble()).as("rates to one decimal").isEqualTo(123.5);
        assertThat(job.get("eventsPerSecondHistory").isArray()).isTrue();
        assertThat(job.get("eventsPerSecondHistory")).hasSize(6).allSatisfy(v -> assertThat(v.isNumber()).isTrue());
        assertThat(job.get("eventsPerSecondHistory").get(5).asDouble()).isEqualTo(123.5);
        assertTime(job.get("asOf"), StatusFixtures.AS_OF);
        assertTime(job.get("appliedCommitTime"), Instant.parse("2026-11-21T09:59:57.500Z"));
        assertThat(job.get("lastError").isNull()).isTrue();
        assertThat(job.get("sourceProblem").isNull()).isTrue();

        JsonNode replicator = job.get("replicator");
        assertThat(replicator.get("running").isBoolean()).isTrue();
        assertThat(replicator.get("running").booleanValue()).isTrue();
        assertThat(replicator.get("host").asText()).isEqualTo("db1");
        assertThat(replicator.get("pid").isIntegralNumber()).isTrue();
        assertThat(replicator.get("pid").asLong()).isEqualTo(4242);
        assertTime(replicator.get("startedAt"), StatusFixtures.STARTED);
        assertThat(replicator.get("stoppedAt").isNull()).isTrue();
        assertTime(replicator.get("heartbeatAt"), StatusFixtures.AS_OF.minusSeconds(2));
        assertThat(replicator.get("note").asText()).startsWith("running on db1");

        JsonNode tables = job.get("tables");
        assertThat(tables.isArray()).isTrue();
        List<String> names = new ArrayList<>();
        tables.forEach(t -> names.add(t.get("name").asText()));
        assertThat(names).as("needing attention first").containsExactly("orders", "payments", "products", "customers");
        for (JsonNode t : tables) {
            assertThat(t.fieldNames()).toIterable().contains("name", "phase", "rowsCopied", "rowsEstimated",
                    "inserts", "updates", "deletes", "ddl", "lagSeconds", "lastError", "validation",
                    "copyRowsPerSecond", "etaSeconds", "percentCopied", "validatedAt");
            for (String count : new String[] {"rowsCopied", "inserts", "updates", "deletes", "ddl"}) {
                assertThat(t.get(count).isIntegralNumber()).as(count).isTrue();
            }
            assertThat(t.get("validation").isTextual()).isTrue();
        }

        JsonNode orders = tables.get(0);
        assertThat(orders.get("phase").asText()).isEqualTo("paused");
        assertThat(orders.get("lastError").asText()).isEqualTo(StatusFixtures.PAUSED_ERROR);
        assertThat(orders.get("inserts").asLong()).isEqualTo(1200);
        assertThat(orders.get("ddl").asLong()).isEqualTo(1);
        assertThat(orders.get("lagSeconds").isNumber()).isTrue();
        assertThat(orders.get("validatedAt").isNull()).isTrue();

        JsonNode payments = tables.get(1);
        assertThat(payments.get("rowsEstimated").isNull()).isTrue();
        assertThat(payments.get("percentCopied").isNull()).isTrue();
        assertThat(payments.get("validation").asText()).isEqualTo(TableStatus.DIFFERS);
        assertTime(payments.get("validatedAt"), Instant.parse("2026-11-21T09:45:00Z"));
        assertThat(payments.get("lastError").isNull()).isTrue();

        JsonNode products = tables.get(2);
        assertThat(products.get("rowsCopied").asLong()).isEqualTo(2500);
        assertThat(products.get("rowsEstimated").asLong()).isEqualTo(10_000);
        assertThat(products.get("percentCopied").isNumber()).isTrue();
        assertThat(products.get("percentCopied").asDouble()).isEqualTo(25.0);
        assertThat(products.get("copyRowsPerSecond").isNumber()).isTrue();
        assertThat(products.get("copyRowsPerSecond").asDouble()).isEqualTo(250.0);
        assertThat(products.get("etaSeconds").isNumber()).isTrue();
        assertThat(products.get("etaSeconds").asDouble()).isEqualTo(30.0);
        assertThat(products.get("lagSeconds").isNull()).as("unknown lag").isTrue();
    }

    @Test
    void roundsWithoutExponentsAndKeepsUnknownsNull() throws Exception {
        JobStatus s = new JobStatus("j", "error", StatusFixtures.AS_OF,
                new JobStatus.ReplicatorProcess(false, null, null, null, StatusFixtures.AS_OF, null, "not running"),
                2.12351, null, null, null, null, 12_345_678.96, List.of(0.04, 1.25), null, "boom", "no route to host",
                List.of(new TableStatus("t", "snapshot", 1, 3L, 0.333333, 6.4, 0, 0, 0, 0, Double.NaN, null,
                        TableStatus.NOT_YET, null)));
        String json = StatusJson.render(s);
        assertThat(json).doesNotContainPattern("\\d[eE][+-]?\\d").as("no exponents");
        JsonNode job = MAPPER.readTree(json);
        assertThat(job.get("lagSeconds").asDouble()).isEqualTo(2.124);
        assertThat(job.get("eventsPerSecond").asDouble()).isEqualTo(12_345_679.0);
        assertThat(job.get("eventsPerSecondHistory").get(0).asDouble()).isEqualTo(0.0);
        assertThat(job.get("eventsPerSecondHistory").get(0).isFloatingPointNumber()).isTrue();
        assertThat(job.get("eventsPerSecondHistory").get(1).asDouble()).isEqualTo(1.3);
        for (String f : new String[] {"sourcePosition", "appliedPosition", "positionLag", "positionLagUnit",
                "appliedCommitTime"}) {
            assertThat(job.get(f).isNull()).as(f).isTrue();
        }
        assertThat(job.get("lastError").asText()).isEqualTo("boom");
        assertThat(job.get("sourceProblem").asText()).isEqualTo("no route to host");
        JsonNode replicator = job.get("replicator");
        assertThat(replicator.get("running").isBoolean()).isTrue();
        assertThat(replicator.get("running").booleanValue()).isFalse();
        for (String f : new String[] {"host", "pid", "startedAt", "heartbeatAt"}) {
            assertThat(replicator.get(f).isNull()).as(f).isTrue();
        }
        assertTime(replicator.get("stoppedAt"), StatusFixtures.AS_OF);
        JsonNode t = job.get("tables").get(0);
        assertThat(t.get("copyRowsPerSecond").asDouble()).isEqualTo(0.3);
        assertThat(t.get("etaSeconds").asDouble()).isEqualTo(6.0);
        assertThat(t.get("percentCopied").asDouble()).isEqualTo(33.3);
        assertThat(t.get("lagSeconds").isNull()).as("NaN is no JSON number").isTrue();
    }

    private static void assertTime(JsonNode node, Instant expected) {
        assertThat(node.isTextual()).as("%s is a string", node).isTrue();
        assertThat(node.asText()).endsWith("Z");
        assertThat(Instant.parse(node.asText())).isEqualTo(expected);
    }
}
