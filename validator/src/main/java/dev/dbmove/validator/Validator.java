package dev.dbmove.validator;

import dev.dbmove.config.JobConfig;
import dev.dbmove.config.ValidationSettings;
import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.DbmoveException;
import dev.dbmove.core.ErrorCode;
import dev.dbmove.core.db.DataSources;
import dev.dbmove.core.db.Jdbc;
import dev.dbmove.core.dialect.CanonicalText;
import dev.dbmove.core.state.StateStore;
import dev.dbmove.core.state.ValidationState;

import com.zaxxer.hikari.HikariDataSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code dbmove validate}: compares every selected table between source and target with server-side chunk
 * checksums, pinpoints differing rows and columns, re-checks them while replication runs, optionally copies them
 * again ({@code --repair}), and records each table's result in the job's state in the target.
 * <p>
 * {@code validation.parallelism} workers each hold one source and one target connection; a worker cuts the next
 * chunk of any table whose cursor is free, so chunks of one table and different tables are compared at once. On each
 * chunk the source and the target compute at the same time.
 */
public final class Validator {
    /**
     * @param tables the tables to compare (names in the source), null for every table the job selects
     * @param repair copy differing rows again from the source, then compare them again
     */
    public record Options(List<String> tables, boolean repair) {
        public Options {
            tables = tables == null ? null : List.copyOf(tables);
        }
    }

    private final JobConfig job;
    private final Options options;
    private final ValidationListener listener;
    private final Clock clock;
    private final ValidationSettings settings;
    private final AppliedCheck applied;

    /** A job a dbmove replicator process replicates (or none does). */
    public Validator(JobConfig job, Options options, ValidationListener listener, Clock clock) {
        this(job, options, listener, clock, null);
    }

    /** @param applied what replication has applied to the target; null for a dbmove replicator process's state */
    public Validator(JobConfig job, Options options, ValidationListener listener, Clock clock, AppliedCheck applied) {
        this.job = job;
        this.options = options;
        this.listener = listener;
        this.clock = clock;
        this.settings = job.validation();
        this.applied = applied;
    }

    public ValidationReport run() {
        Instant started = clock.instant();
        try (Connection source = Jdbc.connect(job.source(), "source");
             Connection target = Jdbc.connect(job.target(), "target")) {
            DatabaseType sourceEngine = Jdbc.flavour(source, job.source().type());
            DatabaseType targetEngine = Jdbc.flavour(target, job.target().type());
            Sides.prepare(source, sourceEngine, false);
            Pairing.Plan plan;
            try {
                plan = Pairing.read(job, options.tables(), source, sourceEngine, target, targetEngine);
            } catch (SQLException e) {
                throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "cannot read the catalogs: " + e.getMessage(),
                        "run dbmove check to see what the users lack");
            }
            if (plan.pairs().isEmpty() && plan.unpaired().isEmpty()) {
                throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "no table in " + job.source().address()
                        + " matches tables.include " + job.tables().include(), "correct tables.include or --tables");
            }
            try (HikariDataSource stateSource = DataSources.pool(job.target(), "dbmove-validate-state", 2)) {
                StateStore state = new StateStore(job.target(), job.names(), stateSource);
                state.create();
                PositionGate gate = PositionGate.open(source, sourceEngine, applied != null ? applied
                        : PositionGate.process(state, clock, job.names().replicationSlot()), clock);
                List<TableResult> results = compare(plan, gate, state, sourceEngine, targetEngine);
                return new ValidationReport(results, started, clock.instant(), gate.online());
            }
        } catch (SQLException e) {
            throw new DbmoveException(ErrorCode.INTERNAL, "validation failed: " + e.getMessage(),
                    "run dbmove validate again; if it fails the same way, report it with --verbose output");
        }
    }

    private List<TableResult> compare(Pairing.Plan plan, PositionGate gate, StateStore state, DatabaseType sourceEngine,
                                      DatabaseType targetEngine) {
        Throttle throttle = new Throttle(settings.maxRowsPerSecond());
        List<TableCheck> checks = new ArrayList<>();
        for (TablePair pair : plan.pairs()) {
            checks.add(new TableCheck(pair, settings, gate, throttle, listener, clock));
            listener.tableStarted(pair.name(), pair.estimatedRows());
        }
        Map<String, TableResult> results = new LinkedHashMap<>();
        for (TableResult failed : plan.unpaired()) {
            results.put(failed.table(), failed);
            listener.tableFinished(failed);
            record(state, failed);
        }
        boolean functions = plan.pairs().stream().anyMatch(p -> p.columns().stream().anyMatch(c ->
                CanonicalText.needsPostgresFunctions(new CanonicalText.Side(targetEngine, c.target()),
                        new CanonicalText.Side(sourceEngine, c.source()), false, c.kind())));
        int workers = settings.parallelism();
        ExecutorService pool = Executors.newFixedThreadPool(workers, named("dbmove-validate"));
        ExecutorService targetSide = Executors.newFixedThreadPool(workers, named("dbmove-validate-target"));
        Set<TableCheck> finished = new HashSet<>();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                running.add(pool.submit(() -> {
                    work(checks, finished, results, state, gate, targetSide, sourceEngine, targetEngine, functions);
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DbmoveException(ErrorCode.INTERNAL, "validation interrupted", "run dbmove validate again");
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof DbmoveException d) {
                throw d;
            }
            throw new DbmoveException(ErrorCode.INTERNAL, "validation failed: " + cause, "run dbmove validate again");
        } finally {
            pool.shutdownNow();
            targetSide.shutdownNow();
        }
        List<TableResult> ordered = new ArrayList<>();
        for (TableResult r : plan.unpaired()) {
            ordered.add(r);
        }
        for (TablePair pair : plan.pairs()) {
            ordered.add(results.get(pair.name()));
        }
        return ordered;
    }

    private void work(List<TableCheck> checks, Set<TableCheck> finished, Map<String, TableResult> results,
                      StateStore state, PositionGate gate, ExecutorService targetSide, DatabaseType sourceEngine,
                      DatabaseType targetEngine, boolean functions)
            throws SQLException, InterruptedException {
        try (Sides sides = Sides.open(job.source(), sourceEngine, job.target(), targetEngine, functions)) {
            while (true) {
                TableCheck check = take(checks);
                if (check == null) {
                    break;
                }
                KeyRange range;
                try {
                    range = check.nextChunk(sides);
                } catch (SQLException e) {
                    check.fail(e.getMessage());
                    check.release();
                    finishIfDone(check, finished, results, state, gate, sides);
                    continue;
                }
                check.compare(sides, targetSide, range);
                finishIfDone(check, finished, results, state, gate, sides);
            }
        }
    }

    /** A table with a chunk to hand out; waits while such tables are being cut by other workers; null when none is left. */
    private static TableCheck take(List<TableCheck> checks) throws InterruptedException {
        while (true) {
            for (TableCheck c : checks) {
                if (c.reserve()) {
                    return c;
                }
            }
            if (checks.stream().allMatch(TableCheck::cutUp)) {
                return null;
            }
            Thread.sleep(5);
        }
    }

    private void finishIfDone(TableCheck check, Set<TableCheck> finished, Map<String, TableResult> results,
                              StateStore state, PositionGate gate, Sides sides)
            throws InterruptedException {
        synchronized (finished) {
            if (!check.done() || !finished.add(check)) {
                return;
            }
        }
        String position = gate.sourcePosition();
        long repaired = 0;
        if (options.repair()) {
            List<List<String>> keys = new ArrayList<>(check.differing().keySet());
            if (!keys.isEmpty()) {
                listener.repairing(check.pair.name(), keys.size());
                try {
                    repaired = new Repairer(check.pair).repair(sides, keys);
                    check.recheck(sides, keys);
                    position = gate.sourcePosition();
                } catch (SQLException e) {
                    check.fail("repair failed: " + e.getMessage());
                }
            }
        }
        TableResult result = check.result(position, repaired);
        if (check.tooManyToRemember() && options.repair()) {
            result = result.withError("more than " + TableCheck.REMEMBERED + " rows differ; only the first were"
                    + " repaired: copy the table again (drop it on the target and restart dbmove replicate)");
        }
        synchronized (results) {
            results.put(result.table(), result);
        }
        record(state, result);
        listener.tableFinished(result);
    }

    private void record(StateStore state, TableResult r) {
        String detail = switch (r.result()) {
            case "identical" -> null;
            case "error" -> r.error();
            default -> r.mismatched() + " mismatched, " + r.extraOnSource() + " only on the source, " + r.extraOnTarget()
                    + " only on the target, " + r.pending() + " pending";
        };
        boolean counted = r.error() == null;
        state.recordValidation(new ValidationState(r.table(), r.result(), detail,
                clock.instant().minus(r.took()), clock.instant(),
                counted ? r.sourceRows() : -1, counted ? r.targetRows() : -1, counted ? r.mismatched() : -1,
                counted ? r.extraOnSource() : -1, counted ? r.extraOnTarget() : -1, counted ? r.pending() : -1,
                r.sourcePosition()));
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
