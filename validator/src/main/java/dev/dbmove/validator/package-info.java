/**
 * Proves per table that source and target hold the same rows: chunked, server-side
 * count + checksum over a canonical text form of every value, bisection of differing
 * chunks down to rows, and re-checks of rows still in flight (see DESIGN.md). Built with
 * the validate issue; the module exists now so that the dependency graph is fixed:
 * validator depends on core and config only.
 */
package dev.dbmove.validator;
