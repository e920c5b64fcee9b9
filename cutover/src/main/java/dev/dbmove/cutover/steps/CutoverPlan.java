package dev.dbmove.cutover.steps;

import dev.dbmove.config.CutoverSettings;
import dev.dbmove.config.HealthCheck;
import dev.dbmove.config.Rewrite;
import dev.dbmove.core.DatabaseType;
import dev.dbmove.cutover.edit.PlannedEdit;
import dev.dbmove.cutover.runbook.Step;
import dev.dbmove.cutover.runbook.StepKind;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The steps of a job's cutover, from its {@code cutover:} section, in the order they run:
 * check replication, stop the applications, freeze the source, drain, verify, stop the
 * replicator, foreign keys (when replication left them out), sequences, rewrite each file, start the applications, each health check, and with
 * {@code --finish} (PostgreSQL sources) drop the replication slot.
 *
 * @param steps the runbook's steps
 */
public record CutoverPlan(List<Step> steps) {
    /** The name of the step {@code --finish} adds. */
    public static final String DROP_SLOT = DropSlotStep.NAME;

    public CutoverPlan {
        steps = List.copyOf(steps);
    }

    /**
     * @param finish whether the plan ends by dropping a PostgreSQL source's slot and publication
     */
    public static CutoverPlan of(Cutover cutover, Verifier verifier, boolean finish) {
        Objects.requireNonNull(verifier, "verifier");
        CutoverSettings settings = cutover.job().cutover();
        List<Step> steps = new ArrayList<>();
        steps.add(new ReadinessStep(cutover));
        if (!settings.stop().isEmpty()) {
            steps.add(new CommandsStep("stop applications", StepKind.STOP, settings.stop(), settings.start(), cutover));
        }
        if (settings.freeze() == CutoverSettings.Freeze.AUTO) {
            steps.add(new FreezeStep(cutover));
        }
        steps.add(new DrainStep(cutover));
        if (settings.verify() != CutoverSettings.Verify.NONE) {
            steps.add(new VerifyStep(cutover, verifier));
        }
        steps.add(new StopReplicatorStep(cutover));
        if (cutover.replication().leavesForeignKeys()) {
            steps.add(new ForeignKeysStep(cutover));
        }
        if (settings.sequences() == CutoverSettings.Sequences.AUTO) {
            steps.add(new SequencesStep(cutover));
        }
        Set<String> names = new HashSet<>();
        List<Rewrite> rewrites = settings.rewrite();
        for (int i = 0; i < rewrites.size(); i++) {
            RewriteStep probe = new RewriteStep("rewrite", i + 1, rewrites.get(i), cutover);
            steps.add(new RewriteStep(unique(names, "rewrite " + probe.file()), i + 1, rewrites.get(i), cutover));
        }
        if (!settings.start().isEmpty()) {
            steps.add(new CommandsStep("start applications", StepKind.START, settings.start(), settings.stop(), cutover));
        }
        List<HealthCheck> health = settings.health();
        for (int i = 0; i < health.size(); i++) {
            HealthCheck check = health.get(i);
            String what = check.http().orElseGet(() -> check.run().orElseThrow());
            steps.add(new HealthStep(unique(names, "health " + what), check, cutover));
        }
        if (finish && cutover.job().source().type() == DatabaseType.POSTGRESQL) {
            steps.add(new DropSlotStep(cutover));
        }
        return new CutoverPlan(steps);
    }

    /** Only the step {@code --finish} adds, for a cutover that completed without it; no step when the source is not PostgreSQL. */
    public static CutoverPlan finishing(Cutover cutover) {
        return new CutoverPlan(cutover.job().source().type() == DatabaseType.POSTGRESQL
                ? List.of(new DropSlotStep(cutover)) : List.of());
    }

    /** The config file edits as they would be made now, for {@code --dry-run}'s diffs. */
    public List<PlannedEdit> edits() {
        return steps.stream().filter(RewriteStep.class::isInstance).map(s -> ((RewriteStep) s).plan()).toList();
    }

    private static String unique(Set<String> taken, String name) {
        String candidate = name;
        for (int n = 2; !taken.add(candidate); n++) {
            candidate = name + " (" + n + ")";
        }
        return candidate;
    }
}
