package dev.dbmove.cutover.edit;

/**
 * An edit that cannot be made to a text: a missing key, a value dbmove will not rewrite, a
 * pattern that matches nothing. The message names the key or pattern but not the file, which
 * the caller knows and adds; {@link #fix()} says what to change.
 */
public final class EditException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String fix;

    public EditException(String problem, String fix) {
        super(problem);
        this.fix = fix;
    }

    /** What the operator can do about it; null when there is nothing to suggest. */
    public String fix() {
        return fix;
    }
}
