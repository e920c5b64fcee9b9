package dev.dbmove.cutover.edit;

import java.util.LinkedHashMap;

/**
 * Sets values in the text of one config file format and leaves every other byte as it was.
 * Implementations are pure functions: no file system, no state.
 */
public interface ConfigEditor {
    /**
     * The text with each key of {@code set} given its value, applied in the map's order.
     * A value that is already what {@code set} asks for is left untouched, so an edit that
     * changes nothing returns a string equal to {@code original}.
     *
     * @param original the whole file, line endings included; never null
     * @param set      key path to new value, both never null
     * @return the edited text; never null
     * @throws EditException naming the first key that cannot be set and why
     */
    String apply(String original, LinkedHashMap<String, String> set) throws EditException;
}
