package dev.dbmove.replicator.e2e;

import dev.dbmove.config.JobConfig;
import dev.dbmove.core.TableId;
import dev.dbmove.replicator.Replicator;
import dev.dbmove.replicator.apply.ChangeApplier;
import dev.dbmove.replicator.engine.ReplicationListener;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** A replicator running in a background thread of the test, with what it reported. */
final class ReplicationRun implements AutoCloseable, ReplicationListener {
    private final Replicator replicator;
    private final Thread thread;
    private final CountDownLatch snapshotDone = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    final AtomicLong rowsCopied = new AtomicLong();
    final AtomicLong changesApplied = new AtomicLong();
    private final java.util.List<String> messages = new java.util.concurrent.CopyOnWriteArrayList<>();

    ReplicationRun(JobConfig job) {
        this.replicator = new Replicator(job, this);
        this.thread = new Thread(() -> {
            try {
                replicator.run();
            } catch (Throwable t) {
                failure.set(t);
                snapshotDone.countDown();
            }
        }, "test-replicator");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void committed(Map<TableId, ChangeApplier.TableCounts> counts, Instant lastSourceCommit) {
        counts.values().forEach(c -> {
            rowsCopied.addAndGet(c.rowsCopied());
            changesApplied.addAndGet(c.inserts() + c.updates() + c.deletes());
        });
    }

    @Override
    public void message(String line) {
        messages.add(line);
    }

    /** The messages replication printed so far. */
    java.util.List<String> messages() {
        return java.util.List.copyOf(messages);
    }

    @Override
    public void snapshotCompleted() {
        snapshotDone.countDown();
    }

    @Override
    public void started(List<TableId> tables, Map<TableId, Long> estimatedRows, boolean snapshot) {
        if (!snapshot) {
            snapshotDone.countDown();
        }
    }

    void awaitSnapshot(Duration timeout) throws InterruptedException {
        if (!snapshotDone.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the snapshot did not complete within " + timeout + "; messages: " + messages
                    + "; replication threads:\n" + threadDump());
        }
        rethrow();
    }

    /** Where dbmove's and Debezium's threads are, for a copy that never ends (an intermittent failure seen twice). */
    static String threadDump() {
        StringBuilder out = new StringBuilder();
        Thread.getAllStackTraces().forEach((t, stack) -> {
            String name = t.getName();
            if (name.startsWith("dbmove") || name.startsWith("test-replicator") || name.contains("debezium")
                    || name.contains("engine") || name.startsWith("pool-")) {
                out.append(name).append(" (").append(t.getState()).append(")\n");
                for (int i = 0; i < Math.min(stack.length, 25); i++) {
                    out.append("    at ").append(stack[i]).append('\n');
                }
            }
        });
        return out.toString();
    }

    /** Waits until replication stopped with an error, and returns it. */
    Throwable awaitFailure(Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
        Throwable t = failure.getAndSet(null);
        if (t == null) {
            throw new AssertionError("replication did not stop with an error within " + timeout);
        }
        return t;
    }

    void rethrow() {
        Throwable t = failure.get();
        if (t != null) {
            throw new AssertionError("replication failed: " + t.getMessage(), t);
        }
    }

    /** Waits until the table holds the same rows (these columns, by this key) on both sides. */
    void awaitSameRows(Duration timeout, dev.dbmove.testkit.TestDatabase source, dev.dbmove.testkit.TestDatabase target,
                       String table, List<String> columns, List<String> key) throws InterruptedException {
        awaitUntil(timeout, () -> dev.dbmove.testkit.TableContents.compare(source.endpoint(), target.endpoint(), table,
                columns, key));
    }

    /** Polls until the condition holds or the timeout passes; fails with the last state it saw. */
    void awaitUntil(Duration timeout, java.util.function.Supplier<List<String>> differences) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> last = List.of();
        while (System.nanoTime() < deadline) {
            rethrow();
            last = differences.get();
            if (last.isEmpty()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("source and target still differ after " + timeout + ":\n  "
                + String.join("\n  ", last.subList(0, Math.min(20, last.size()))));
    }

    @Override
    public void close() throws InterruptedException {
        replicator.stop();
        replicator.awaitTerminated(60, TimeUnit.SECONDS);
        thread.join(60_000);
        rethrow();
    }
}
