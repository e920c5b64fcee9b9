/**
 * The cutover runbook engine: ordered, journaled, resumable steps, each with a preflight,
 * an action, a check and an undo (see DESIGN.md). Built with the cutover issue; it reads
 * lag and validation results through the state store in the target, never through
 * replicator classes, so it depends on core and config only.
 */
package dev.dbmove.cutover;
