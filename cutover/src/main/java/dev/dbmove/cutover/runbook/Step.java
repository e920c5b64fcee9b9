package dev.dbmove.cutover.runbook;

import java.util.List;

/**
 * One step of a cutover: a preflight, an action, a check and an undo. The {@link Runbook}
 * runs every step's preflight before any action, then each action followed by its check, and
 * on a failure the undos in reverse.
 *
 * <p>Because a cutover may crash at any point and be resumed or rolled back by another
 * process, every part of a step must be safe to repeat:
 * <ul>
 *   <li>{@link #run} may be called again after an earlier call was interrupted or failed, with
 *       the world as that call left it. It must be idempotent: doing it twice is doing it once.
 *       (On {@code --resume} the interrupted step's {@link #check} runs first, and the action
 *       runs again only when the check fails.)</li>
 *   <li>{@link #undo} may be called after a complete, a partial or no action at all, and again
 *       after an earlier undo. It reverses whatever of the action is in effect and nothing else.</li>
 * </ul>
 * A step keeps what it needs to know across processes in the world itself (or in files and
 * tables it owns), never only in memory. Messages of thrown exceptions and preflight problems
 * go to the operator and to the journal as they are: they must not contain secrets.
 */
public interface Step {
    /**
     * The step's name, e.g. {@code stop shop-web}: unique in its runbook and stable from one
     * run to the next, because the journal knows steps by it. Never null or blank.
     */
    String name();

    /** What the step will do, in one line for the plan that {@code --dry-run} prints; no secrets. */
    default String describe() {
        return name();
    }

    /** What the step does, for the downtime report. Never null. */
    StepKind kind();

    /**
     * What would keep the action from working, each worded for the operator (what is wrong, how
     * to fix it); empty when nothing would. Must touch nothing: it runs for every step before
     * any action. Never null.
     */
    List<String> preflight();

    /** The action. Throws when it fails; see the class comment for why it must be idempotent. */
    void run(StepContext context) throws Exception;

    /** Verifies that the action has taken effect, throwing when it has not. Touches nothing. */
    void check(StepContext context) throws Exception;

    /** Reverses the action, whether it completed, ran in part or did nothing; idempotent. */
    void undo(StepContext context) throws Exception;

    /** False when there is nothing to undo (a verification, a health check): {@link #undo} is then never called. */
    default boolean undoable() {
        return true;
    }
}
