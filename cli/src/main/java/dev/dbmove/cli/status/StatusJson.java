package dev.dbmove.cli.status;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbmove.cli.Json;
import dev.dbmove.core.status.JobStatus;
import dev.dbmove.core.status.TableStatus;
import dev.dbmove.core.status.Waiting;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * {@code dbmove status --json}: one JSON object. Its field names are a contract scripts rely on: add fields, never
 * rename or remove one. Numbers are JSON numbers, unknown values JSON null, times ISO-8601 UTC strings
 * ({@code 2026-11-21T10:00:00Z}); seconds of lag have 3 decimals, rates and percentages 1, ETAs are whole seconds.
 */
public final class StatusJson {
    private StatusJson() {
    }

    /** The job's status as one pretty-printed JSON object. */
    public static String render(JobStatus s) {
        return Json.write(tree(s));
    }

    /**
     * The status with what the running replicator waits for (a server it cannot reach), as field
     * {@code waiting}: {@code side}, {@code endpoint}, {@code reason}, {@code since}, {@code attempt},
     * {@code nextTry}, {@code pid}.
     */
    public static String render(JobStatus s, Waiting waiting) {
        return render(s, waiting, null);
    }

    /**
     * The same, and for a job on Kafka Connect field {@code kafka}: {@code group}, {@code totalLag},
     * {@code partitions} (each {@code topic}, {@code partition}, {@code endOffset}, {@code committed},
     * {@code applied}, {@code lag}; -1 for none yet) or {@code problem}.
     */
    public static String render(JobStatus s, Waiting waiting, KafkaStatus kafka) {
        ObjectNode job = tree(s);
        if (waiting != null) {
            job.set("waiting", waiting(waiting));
        }
        if (kafka != null) {
            ObjectNode k = Json.object();
            k.put("group", kafka.group());
            var connectors = k.putArray("connectors");
            for (KafkaStatus.Connector c : kafka.connectors()) {
                ObjectNode n = connectors.addObject();
                n.put("name", c.name());
                n.put("state", c.state());
                c.tasks().forEach(n.putArray("tasks")::add);
            }
            if (kafka.problem() != null) {
                k.put("problem", kafka.problem());
            } else {
                k.put("totalLag", kafka.totalLag());
                var list = k.putArray("partitions");
                for (var p : kafka.partitions()) {
                    ObjectNode n = list.addObject();
                    n.put("topic", p.topic());
                    n.put("partition", p.partition());
                    n.put("endOffset", p.endOffset());
                    n.put("committed", p.committed());
                    n.put("applied", p.applied());
                    n.put("lag", p.lag());
                }
            }
            job.set("kafka", k);
        }
        return Json.write(job);
    }

    /**
     * The target cannot be read (so neither can the job's state) but the job's replicator runs on this
     * machine and waits for it: the job, {@code targetProblem} and {@code waiting}.
     */
    public static String renderWaiting(String jobName, Waiting waiting, String targetProblem) {
        ObjectNode job = Json.object();
        job.put("job", jobName);
        job.put("targetProblem", targetProblem);
        job.set("waiting", waiting(waiting));
        return Json.write(job);
    }

    private static ObjectNode waiting(Waiting w) {
        ObjectNode n = Json.object();
        n.put("side", w.side());
        n.put("endpoint", w.endpoint());
        n.put("reason", w.reason());
        time(n, "since", w.since());
        n.put("attempt", w.attempt());
        time(n, "nextTry", w.nextTry());
        n.put("pid", w.pid());
        return n;
    }

    static ObjectNode tree(JobStatus s) {
        ObjectNode job = Json.object();
        job.put("job", s.job());
        job.put("phase", s.phase());
        time(job, "asOf", s.asOf());
        job.set("replicator", replicator(s.replicator()));
        decimal(job, "lagSeconds", s.lagSeconds(), 3);
        job.put("sourcePosition", s.sourcePosition());
        job.put("appliedPosition", s.appliedPosition());
        job.put("positionLag", s.positionLag());
        job.put("positionLagUnit", s.positionLagUnit());
        time(job, "appliedCommitTime", s.appliedCommitTime());
        decimal(job, "eventsPerSecond", s.eventsPerSecond(), 1);
        ArrayNode history = job.putArray("eventsPerSecondHistory");
        for (Double v : s.eventsPerSecondHistory()) {
            BigDecimal d = round(v, 1);
            if (d == null) {
                history.addNull();
            } else {
                history.add(d);
            }
        }
        job.put("lastError", s.lastError());
        job.put("sourceProblem", s.sourceProblem());
        ArrayNode tables = job.putArray("tables");
        for (TableStatus t : s.tables()) {
            tables.add(table(t));
        }
        return job;
    }

    private static ObjectNode replicator(JobStatus.ReplicatorProcess r) {
        ObjectNode n = Json.object();
        if (r == null) {
            n.put("running", false);
            for (String f : new String[] {"host", "pid", "startedAt", "stoppedAt", "heartbeatAt", "note"}) {
                n.putNull(f);
            }
            return n;
        }
        n.put("running", r.running());
        n.put("host", r.host());
        n.put("pid", r.pid());
        time(n, "startedAt", r.startedAt());
        time(n, "stoppedAt", r.stoppedAt());
        time(n, "heartbeatAt", r.heartbeatAt());
        n.put("note", r.note());
        return n;
    }

    private static ObjectNode table(TableStatus t) {
        ObjectNode n = Json.object();
        n.put("name", t.name());
        n.put("phase", t.phase());
        n.put("rowsCopied", t.rowsCopied());
        n.put("rowsEstimated", t.rowsEstimated());
        decimal(n, "percentCopied", t.percentCopied(), 1);
        decimal(n, "copyRowsPerSecond", t.copyRowsPerSecond(), 1);
        decimal(n, "etaSeconds", t.etaSeconds(), 0);
        n.put("inserts", t.inserts());
        n.put("updates", t.updates());
        n.put("deletes", t.deletes());
        n.put("ddl", t.ddl());
        decimal(n, "lagSeconds", t.lagSeconds(), 3);
        n.put("lastError", t.lastError());
        n.put("validation", t.validation());
        time(n, "validatedAt", t.validatedAt());
        return n;
    }

    private static void time(ObjectNode n, String field, Instant t) {
        if (t == null) {
            n.putNull(field);
        } else {
            n.put(field, t.toString());
        }
    }

    private static void decimal(ObjectNode n, String field, Double v, int decimals) {
        BigDecimal d = round(v, decimals);
        if (d == null) {
            n.putNull(field);
        } else {
            n.put(field, d);
        }
    }

    /**
     * Rounded to at most {@code decimals} places, written without exponent and always with a decimal point
     * ({@code 2.5}, {@code 0.0}, {@code 10000000.0}) so that every reader sees a floating-point number; null for
     * null, NaN and infinities.
     */
    private static BigDecimal round(Double v, int decimals) {
        if (v == null || !Double.isFinite(v)) {
            return null;
        }
        BigDecimal d = BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_UP).stripTrailingZeros();
        return d.scale() < 1 ? d.setScale(1, RoundingMode.UNNECESSARY) : d;
    }
}
