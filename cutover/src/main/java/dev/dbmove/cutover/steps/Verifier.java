package dev.dbmove.cutover.steps;

import java.util.List;

/**
 * Compares source and target for the cutover's final verify. Implemented by the command line
 * with the validator, which the cutover module does not depend on.
 */
public interface Verifier {
    /** What a comparison found. */
    record Verdict(boolean identical, String summary) {
    }

    /**
     * @param tables the source names of the tables to compare; null for every table of the job
     * @throws Exception when the comparison itself could not be made
     */
    Verdict verify(List<String> tables) throws Exception;
}
