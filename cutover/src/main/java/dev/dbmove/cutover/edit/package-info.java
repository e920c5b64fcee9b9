/**
 * Rewrites the applications' database settings in their config files during cutover.
 *
 * <p>{@link dev.dbmove.cutover.edit.FileEdit} is the entry point: {@code plan()} reads a file
 * and checks the edit without touching anything, {@code apply(...)} writes it atomically and
 * keeps a backup. Underneath, one {@link dev.dbmove.cutover.edit.ConfigEditor} per
 * {@link dev.dbmove.cutover.edit.ConfigFormat} edits text in, text out: only the edited values
 * change, so comments, blank lines, key order, indentation and line endings survive. That is why
 * no editor parses a file into a tree and writes the tree back.
 */
package dev.dbmove.cutover.edit;
