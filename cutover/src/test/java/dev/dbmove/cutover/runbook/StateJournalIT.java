package dev.dbmove.cutover.runbook;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbmove.core.JobNames;
import dev.dbmove.core.db.DataSources;
import dev.dbmove.core.state.StateStore;
import dev.dbmove.testkit.ManualClock;
import dev.dbmove.testkit.RealDatabases;
import dev.dbmove.testkit.TestDatabase;
import dev.dbmove.testkit.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The journal in the state schema of a PostgreSQL target, and a crashed run resumed from it. */
@ExtendWith(RealDatabases.class)
class StateJournalIT {
    private static TestDatabase target;
    private static HikariDataSource pool;

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2025-03-01T10:00:00.123456789Z"));
    private final List<String> log = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private StateStore store;

    @BeforeAll
    static void setUp(TestServers servers) {
        target = servers.postgres().createDatabase("cutover_journal");
        pool = DataSources.pool(target.endpoint(), "journal-test", 2);
    }

    @AfterAll
    static void tearDown() {
        if (pool != null) {
            pool.close();
        }
        if (target != null) {
            target.close();
        }
    }

    @BeforeEach
    void createState() {
        store = new StateStore(target.endpoint(), new JobNames("journal_it"), pool);
        store.create();
    }

    @AfterEach
    void dropState() {
        store.dropAll();
    }

    @Test
    void entriesOfEveryKindComeBackAsTheyWereWritten() {
        StateJournal journal = new StateJournal(store);
        assertThat(journal.latestRun()).isEmpty();
        List<JournalEntry> entries = new ArrayList<>();
        entries.add(new JournalEntry("r", 1, null, RunOutcome.RUNNING, clock.instant(), "2 steps: a, b"));
        long seq = 2;
        for (StepEvent event : StepEvent.values()) {
            entries.add(new JournalEntry("r", seq++, "stop shop-web", event, clock.instant().plusSeconds(seq), "d\0 " + event));
        }
        for (RunOutcome outcome : RunOutcome.values()) {
            entries.add(new JournalEntry("r", seq++, null, outcome, clock.instant().plusSeconds(seq), null));
        }
        entries.forEach(journal::append);

        assertThat(journal.read("r")).containsExactlyElementsOf(entries);
        assertThat(journal.latestRun()).contains("r");
        assertThat(journal.where()).isEqualTo("state schema dbmove_journal_it in the target");
    }

    @Test
    void aRunThatCrashedIsResumedFromTheStateJournalAloneAndBothJournalsAgree() {
        TestStep stop = new TestStep("stop web", StepKind.STOP, log, clock).takes(1);
        TestStep freeze = new TestStep("freeze source", StepKind.FREEZE, log, clock).takes(1).crashInRun();
        TestStep start = new TestStep("start web", StepKind.START, log, clock).takes(1);
        List<Step> plan = List.of(stop, freeze, start);
        FileJournal file = new FileJournal(dir.resolve("cutover.jsonl"), warnings::add);
        Journal both = new CompositeJournal(List.of(new StateJournal(store), file), warnings::add);

        assertThatThrownBy(() -> new Runbook(plan, both, clock, Listener.NONE).run(true))
                .isInstanceOf(TestStep.Crash.class);

        StateJournal state = new StateJournal(store);
        String runId = state.latestRun().orElseThrow();
        List<JournalEntry> previous = state.read(runId);
        assertThat(MemoryJournal.lines(previous)).containsExactly("run running", "stop web started", "stop web done",
                "freeze source started");
        Result result = new Runbook(plan, both, clock, Listener.NONE).resume(previous, true);

        assertThat(result.outcome()).isEqualTo(RunOutcome.COMPLETED);
        assertThat(state.read(runId)).isEqualTo(file.read(runId)).isEqualTo(both.read(runId)).hasSize(10);
        assertThat(file.latestRun()).contains(runId);
        assertThat(warnings).isEmpty();
    }
}
