package dev.dbmove.core;

import java.util.Objects;

/**
 * A password or other credential. It prints as a mask everywhere (toString, records
 * that hold it, logs); only {@link #reveal()} gives the value, for the driver.
 */
public final class Secret {
    public static final Secret EMPTY = new Secret("");
    private static final String MASK = "******";

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return value == null || value.isEmpty() ? EMPTY : new Secret(value);
    }

    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    /** Replaces every occurrence of this secret in a text, for messages that quote a server or driver. */
    public String maskIn(String text) {
        if (text == null || value.length() < 3) {
            return text;
        }
        return text.replace(value, MASK);
    }

    @Override
    public String toString() {
        return value.isEmpty() ? "" : MASK;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
