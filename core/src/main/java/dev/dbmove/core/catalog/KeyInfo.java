package dev.dbmove.core.catalog;

import java.util.List;

/** A primary key or a unique index: its name and columns in key order. */
public record KeyInfo(String name, List<String> columns, boolean primary) {
    public KeyInfo {
        columns = List.copyOf(columns);
    }
}
