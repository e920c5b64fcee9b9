package dev.dbmove.cutover.steps;

import dev.dbmove.config.CutoverSettings;
import dev.dbmove.core.state.TableState;
import dev.dbmove.core.state.ValidationState;
import dev.dbmove.cutover.runbook.StepContext;
import dev.dbmove.cutover.runbook.StepKind;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The final verify, once drained: source and target compared with the validator, every table
 * ({@code verify: all}) or the tables changed since their last clean validation ({@code changed}).
 * A difference fails the step, and the cutover rolls back.
 */
final class VerifyStep extends OneWayStep {
    static final String NAME = "verify";
    /**
     * A table counts as changed when its last applied change was committed on the source after its
     * validation began, less this margin: the validator's clock and the source's may disagree.
     */
    static final Duration CLOCK_MARGIN = Duration.ofMinutes(1);

    private final Cutover cutover;
    private final Verifier verifier;

    VerifyStep(Cutover cutover, Verifier verifier) {
        super(NAME, StepKind.VERIFY);
        this.cutover = cutover;
        this.verifier = verifier;
    }



    @Override
    public String describe() {
        return NAME + ": compare " + (cutover.job().cutover().verify() == CutoverSettings.Verify.ALL ? "every table"
                : "the tables changed since their last clean validation") + "; a difference rolls the cutover back";
    }


    @Override
    public void run(StepContext context) throws Exception {
        List<String> tables = cutover.job().cutover().verify() == CutoverSettings.Verify.ALL ? null : changedTables();
        if (tables != null && tables.isEmpty()) {
            context.progress("no table changed since its last clean validation");
            return;
        }
        context.progress("comparing " + (tables == null ? "every table" : tables.size() + " table(s): " + String.join(", ", tables)));
        Verifier.Verdict verdict = verifier.verify(tables);
        if (!verdict.identical()) {
            throw new IllegalStateException("source and target differ: " + verdict.summary());
        }
        context.progress(verdict.summary());
    }

    /** The tables with a change applied since their last clean validation began, or never validated clean. */
    List<String> changedTables() {
        Map<String, ValidationState> validations = cutover.state().validations();
        return cutover.state().tables().stream().filter(t -> changedSince(t, validations.get(t.table())))
                .map(TableState::table).toList();
    }

    private static boolean changedSince(TableState table, ValidationState validation) {
        if (validation == null || !validation.identical()) {
            return true;
        }
        Instant began = validation.startedAt() != null ? validation.startedAt() : validation.finishedAt();
        return began == null || table.lastCommitTs() != null && table.lastCommitTs().isAfter(began.minus(CLOCK_MARGIN));
    }

    @Override
    public void check(StepContext context) {
        // run() throws on a difference
    }


}
