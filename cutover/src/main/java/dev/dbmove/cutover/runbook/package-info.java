/**
 * The cutover runbook: ordered {@link dev.dbmove.cutover.runbook.Step}s, each with a preflight,
 * an action, a check and an undo, run by the {@link dev.dbmove.cutover.runbook.Runbook}, which
 * journals every step so that another process can resume the run or roll it back.
 *
 * <p>The journal is kept twice, through a {@link dev.dbmove.cutover.runbook.CompositeJournal}: in
 * the job's state schema in the target ({@link dev.dbmove.cutover.runbook.StateJournal}) and in a
 * local file ({@link dev.dbmove.cutover.runbook.FileJournal}). Each run has a UUID; the entries
 * about the run as a whole record its {@link dev.dbmove.cutover.runbook.RunOutcome}, the others
 * what happened to a step ({@link dev.dbmove.cutover.runbook.StepEvent}). The
 * {@link dev.dbmove.cutover.runbook.DowntimeReport} is computed from the journal's times.
 */
package dev.dbmove.cutover.runbook;
