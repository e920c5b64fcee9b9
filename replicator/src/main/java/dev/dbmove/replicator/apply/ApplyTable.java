package dev.dbmove.replicator.apply;

import dev.dbmove.core.TableId;
import dev.dbmove.core.catalog.ColumnInfo;
import dev.dbmove.core.catalog.TableInfo;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A table as the applier writes it: the target table's columns as its catalog declares
 * them (so values are rendered for the type really there), the key columns, and which
 * columns are written (generated columns are not).
 *
 * @param columns written columns, in target order; {@link ColumnInfo#columnType()} is the target's declaration
 * @param key     key column names, in key order
 * @param coalescible whether changes to one key may be written once with the last value: the row key is the only
 *                    unique key on both sides and no foreign key of the table refers to the table itself
 * @param independent whether, besides, no foreign key on either side is declared on the table or refers to it: then
 *                    its changes within one target transaction may be written in any order relative to other tables'
 *                    changes, and only each key's last change needs writing
 */
public record ApplyTable(TableId source, TableId target, List<ColumnInfo> columns, List<String> key,
                         java.util.Set<String> sourceColumns, boolean coalescible, boolean independent) {
    public ApplyTable {
        columns = List.copyOf(columns);
        key = List.copyOf(key);
        sourceColumns = java.util.Set.copyOf(sourceColumns);
    }

    /**
     * The table to write, from the source's key and the target's catalog: every target
     * column that the target does not generate and that exists in the source.
     *
     * @param referenced whether a foreign key of another table, on either side, refers to this table
     */
    public static ApplyTable of(TableInfo source, TableInfo target, List<String> key, boolean referenced) {
        List<ColumnInfo> written = new ArrayList<>();
        for (ColumnInfo column : target.columns()) {
            // A column the target generates is never written; one the source generates but the target does not
            // (across engine families) gets the values the source computed.
            if (!column.generated() && source.column(column.name()).isPresent()) {
                written.add(column);
            }
        }
        boolean coalescible = onlyKey(source, key) && onlyKey(target, key);
        return new ApplyTable(source.id(), target.id(), written, key,
                source.columns().stream().map(ColumnInfo::name).collect(java.util.stream.Collectors.toSet()),
                coalescible, coalescible && !referenced && source.foreignKeys().isEmpty() && target.foreignKeys().isEmpty());
    }

    /** No unique key but the row key, and no foreign key to the table itself. */
    private static boolean onlyKey(TableInfo table, List<String> key) {
        return table.uniqueKeys().stream().allMatch(k -> k.columns().equals(key))
                && table.foreignKeys().stream().noneMatch(fk -> fk.referencedTable().equals(table.id()));
    }

    /** The row's key values, comparable as a list and as a set member (bytes compare by content). */
    public List<Object> keyValues(Struct row) {
        List<Object> values = new ArrayList<>(key.size());
        for (String k : key) {
            Object v = value(row, k);
            values.add(v instanceof byte[] b ? java.nio.ByteBuffer.wrap(b) : v);
        }
        return values;
    }

    public String stateName() {
        return source.name();
    }

    public List<ColumnInfo> keyColumns() {
        return key.stream().map(k -> columns.stream().filter(c -> c.name().equals(k)).findFirst()
                .orElseThrow(() -> new IllegalStateException("key column " + k + " of " + target + " is not written")))
                .toList();
    }

    boolean sameKey(Struct before, Struct after) {
        for (String k : key) {
            if (!Objects.deepEquals(value(before, k), value(after, k))) {
                return false;
            }
        }
        return true;
    }

    /** The same table knowing {@code columns} as its source's columns. */
    public ApplyTable withSourceColumns(java.util.Set<String> columns) {
        return new ApplyTable(source, target, this.columns, key, columns, coalescible, independent);
    }

    /** Whether the table was set up with the column a row's field names (see {@link #field}). */
    public boolean hasColumn(String fieldName) {
        return sourceColumns.contains(fieldName) || sourceColumns.contains(undoubled(fieldName));
    }

    /** Written columns the row has no field for: from before they were added, or dropped since. */
    List<String> absentColumns(Struct row) {
        return columns.stream().map(ColumnInfo::name).filter(name -> field(row.schema(), name) == null).toList();
    }

    /**
     * Columns a change's row has that this table was not set up with (added on the source
     * while streaming); empty when there are none. A row without some of the columns is a
     * change from before they existed, and is written without them. Names are the row's
     * fields' (see {@link #field}); {@code TargetSchema} finds the source column either way.
     */
    List<String> addedColumns(Struct row) {
        return row.schema().fields().stream().map(Field::name)
                .filter(name -> !sourceColumns.contains(name) && !sourceColumns.contains(undoubled(name))).toList();
    }

    /**
     * The row's field for a column. Debezium's MySQL/MariaDB DDL parser keeps the doubled
     * backticks of a quoted name in a column an {@code ALTER TABLE} added ({@code `a``b`}
     * becomes {@code a``b}, not {@code a`b}; Debezium 3.5 {@code AlterTableParserListener}
     * takes the name without removing them): such a column's field is found under that name.
     */
    static Field field(Schema schema, String column) {
        Field field = schema.field(column);
        return field != null || column.indexOf('`') < 0 ? field : schema.field(column.replace("`", "``"));
    }

    /** A field name as the column it is, if Debezium kept doubled backticks in it. */
    public static String undoubled(String fieldName) {
        return fieldName.replace("``", "`");
    }

    /** The columns whose values the row carries. */
    List<ColumnInfo> availableColumns(Struct row) {
        return columns.stream().filter(c -> key.contains(c.name()) || !unavailable(row, c.name())).toList();
    }

    boolean hasUnavailable(Struct row) {
        for (ColumnInfo c : columns) {
            if (unavailable(row, c.name())) {
                return true;
            }
        }
        return false;
    }

    /** No value for the column in the row: no such field (older row shape), or the source did not send it. */
    private static boolean unavailable(Struct row, String column) {
        Field field = field(row.schema(), column);
        return field == null || SourceValues.isUnavailable(row.get(field));
    }

    /**
     * The column's value in a Debezium row, converted by {@link SourceValues};
     * {@link SourceValues#UNAVAILABLE} when the row has no such field (a change from before the column existed).
     */
    static Object value(Struct row, String column) {
        Field field = field(row.schema(), column);
        if (field == null) {
            return SourceValues.UNAVAILABLE;
        }
        return SourceValues.toJava(field.schema(), row.get(field));
    }

    /** The key of a row, for messages. */
    String describeKey(Struct row) {
        List<String> parts = new ArrayList<>();
        for (String k : key) {
            Object v = value(row, k);
            parts.add(k + "=" + (v instanceof byte[] b ? "0x" + java.util.HexFormat.of().formatHex(b) : v));
        }
        return String.join(", ", parts);
    }
}
