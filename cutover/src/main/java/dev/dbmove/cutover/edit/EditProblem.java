package dev.dbmove.cutover.edit;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Why a planned file edit cannot be made, found before anything is touched.
 *
 * @param file    the file; never null
 * @param problem what is wrong and why it matters; never null
 * @param fix     what to do about it; never null
 */
public record EditProblem(Path file, String problem, String fix) {
    public EditProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(fix, "fix");
    }

    /** The file and problem, and on its own line the fix: what a person reads. */
    public String describe() {
        return file + ": " + problem + "\n  fix: " + fix;
    }
}
