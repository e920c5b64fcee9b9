package dev.dbmove.core.schema;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.DbmoveException;
import dev.dbmove.core.ErrorCode;
import dev.dbmove.core.TableId;
import dev.dbmove.core.catalog.ColumnInfo;
import dev.dbmove.core.catalog.ForeignKeyInfo;
import dev.dbmove.core.catalog.IndexInfo;
import dev.dbmove.core.catalog.KeyInfo;
import dev.dbmove.core.catalog.SupportedTypes;
import dev.dbmove.core.catalog.TableInfo;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Translates a source table into the target's DDL: column types by the direction's {@link TypeMapper}, defaults
 * by {@link Defaults}, the primary key (or the row key when there is none), and after the load the secondary
 * indexes, unique constraints and foreign keys. Every identifier is quoted, so any name is taken literally.
 */
public final class SchemaTranslator {

    private SchemaTranslator() {
    }

    /**
     * @param targetSchema the target database (MySQL/MariaDB) or schema (PostgreSQL) the table goes into
     * @throws DbmoveException when a column type cannot be mapped or a name cannot exist on the target
     */
    public static TargetTable translate(TableInfo source, DatabaseType sourceType, DatabaseType targetType, String targetSchema) {
        refuseUnsupported(source, sourceType);
        refuseBadNames(source, targetType);
        List<String> notes = new ArrayList<>();
        boolean sameFamily = sourceType.isMySqlFamily() == targetType.isMySqlFamily();
        TableId id = new TableId(targetSchema, source.id().name());
        List<TargetType> types = TypeMapper.of(sourceType, targetType, targetSchema).mapAll(source, notes);

        Optional<KeyInfo> key = source.rowKey();
        List<String> primaryKey = key.map(KeyInfo::columns).orElse(List.of());
        if (key.isEmpty()) {
            notes.add("no primary key and no unique key over NOT NULL columns: rows cannot be identified,"
                    + " so changes cannot be applied (add a key on the source or exclude the table)");
        } else if (!key.get().primary()) {
            notes.add("no primary key: the unique key " + key.get().name() + " over NOT NULL columns "
                    + key.get().columns() + " becomes the primary key");
        }
        Set<String> numbered = numberedColumns(source, sourceType, targetType, primaryKey, notes);

        List<TargetColumn> columns = new ArrayList<>();
        for (int i = 0; i < source.columns().size(); i++) {
            columns.add(column(source.columns().get(i), types.get(i), sourceType, targetType, sameFamily,
                    primaryKey, numbered, notes));
        }
        if (!primaryKey.isEmpty() && !indexable(primaryKey, columns, targetType, sameFamily, "primary key", new ArrayList<>())) {
            throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "table " + source.id() + ": the primary key "
                    + primaryKey + " includes a column " + targetType + " cannot index (JSON, array or unbounded text)",
                    "give the table a key over other columns on the source, or add it to tables.exclude");
        }
        Layout layout = new Layout(TableDdl.of(sourceType, targetType), id, sameFamily,
                new Names(targetType, sameFamily, source.id().name()), notes);
        Inline inline = inlineForAutoIncrement(source, key.orElse(null), targetType, primaryKey, numbered);
        // PostgreSQL's own naming (<table>_pkey): constraint names are unique per schema, and a key dbmove
        // promoted or was given by the job has no name worth keeping.
        KeyInfo pk = key.map(k -> new KeyInfo(TargetNames.derived(targetType, false, source.id().name(), "pkey"),
                k.columns(), true, sameFamily ? k.prefixLengths() : List.of())).orElse(null);

        List<String> create = new ArrayList<>(layout.ddl().prerequisites(id, columns));
        create.add(layout.ddl().createTable(id, columns, pk, inline.keys().stream().map(layout::rename).toList(),
                inline.indexes().stream().map(layout::rename).toList()));
        create.addAll(layout.ddl().afterCreate(id, columns));
        return new TargetTable(id, targetType, columns, primaryKey, create,
                postLoad(source, key.orElse(null), inline, columns, targetType, layout),
                foreignKeys(source, targetSchema, layout), notes);
    }

    /** Secondary indexes, then unique keys other than the primary key: what is created after the full load. */
    private static List<String> postLoad(TableInfo source, KeyInfo key, Inline inline, List<TargetColumn> columns,
                                         DatabaseType targetType, Layout layout) {
        List<String> statements = new ArrayList<>();
        for (IndexInfo index : source.indexes()) {
            if (!inline.indexes().contains(index) && indexable(index.columns(), columns, targetType, layout.sameFamily(),
                    "index " + index.name(), layout.notes())) {
                noteDroppedPrefix(index.name(), index.prefixLengths(), layout.sameFamily(), layout.notes());
                statements.add(layout.ddl().createIndex(layout.table(), layout.rename(index)));
            }
        }
        for (KeyInfo unique : source.uniqueKeys()) {
            if (!unique.equals(key) && !inline.keys().contains(unique) && indexable(unique.columns(), columns,
                    targetType, layout.sameFamily(), "unique key " + unique.name(), layout.notes())) {
                noteDroppedPrefix(unique.name(), unique.prefixLengths(), layout.sameFamily(), layout.notes());
                statements.add(layout.ddl().addUnique(layout.table(), layout.rename(unique)));
            }
        }
        return statements;
    }

    /** Foreign keys, pointed at the target schema when they point into the source's own schema. */
    private static List<String> foreignKeys(TableInfo source, String targetSchema, Layout layout) {
        List<String> statements = new ArrayList<>();
        for (ForeignKeyInfo fk : source.foreignKeys()) {
            TableId referenced = fk.referencedTable().schema().equals(source.id().schema())
                    ? new TableId(targetSchema, fk.referencedTable().name()) : fk.referencedTable();
            if (!referenced.schema().equals(targetSchema)) {
                layout.notes().add("foreign key " + fk.name() + " references " + fk.referencedTable()
                        + " in another schema; it is created against that same schema on the target");
            }
            String onDelete = layout.ddl().rule(fk.onDelete(), fk.name(), layout.notes());
            String onUpdate = layout.ddl().rule(fk.onUpdate(), fk.name(), layout.notes());
            statements.add(layout.ddl().addForeignKey(layout.table(), new ForeignKeyInfo(layout.names().of(fk.name()),
                    fk.columns(), referenced, fk.referencedColumns(), onDelete, onUpdate)));
        }
        return statements;
    }

    /**
     * MySQL insists that an AUTO_INCREMENT column lead some index when the table is created: when it does not
     * lead the primary key, the first unique key or index it leads is created with the table.
     */
    private static Inline inlineForAutoIncrement(TableInfo source, KeyInfo key, DatabaseType targetType,
                                                 List<String> primaryKey, Set<String> numbered) {
        if (!targetType.isMySqlFamily() || numbered.isEmpty()) {
            return Inline.NONE;
        }
        String auto = numbered.iterator().next();
        if (!primaryKey.isEmpty() && primaryKey.get(0).equals(auto)) {
            return Inline.NONE;
        }
        Optional<KeyInfo> unique = source.uniqueKeys().stream()
                .filter(k -> !k.equals(key) && k.columns().get(0).equals(auto)).findFirst();
        if (unique.isPresent()) {
            return new Inline(List.of(unique.get()), List.of());
        }
        return new Inline(List.of(), source.indexes().stream().filter(x -> x.columns().get(0).equals(auto))
                .findFirst().stream().toList());
    }

    /**
     * What makes an existing target table unable to receive the translated table's rows, one line each
     * (missing column, different type family, too small, NOT NULL where NULLs arrive, missing key);
     * empty when it can. For {@code schema: existing} jobs.
     */
    public static List<String> compare(TargetTable expected, TableInfo existing) {
        return new SchemaComparator(expected.targetType()).compare(expected, existing);
    }

    private static TargetColumn column(ColumnInfo c, TargetType type, DatabaseType sourceType, DatabaseType targetType,
                                boolean sameFamily, List<String> primaryKey, Set<String> numbered, List<String> notes) {
        boolean nullable = c.nullable() && !primaryKey.contains(c.name());
        boolean auto = numbered.contains(c.name());
        TargetColumn.Generation generation = null;
        boolean written = true;
        if (c.generated()) {
            if (sameFamily && c.generationExpression() != null) {
                String expression = c.generationExpression();
                generation = new TargetColumn.Generation(expression, !targetType.isMySqlFamily() || c.generatedStored());
                written = false;
            } else {
                nullable = true;
                notes.add("column " + c.name() + ": generated on the source as (" + c.generationExpression() + "), which"
                        + " does not carry from " + sourceType + " to " + targetType + "; it is an ordinary column"
                        + " holding the values the source computed");
            }
        }
        String defaultExpression = null;
        if (generation == null && !auto && !(c.autoIncrement() && isSequenceDefault(c))) {
            Defaults.Result d = Defaults.translate(c, sourceType, targetType, type);
            defaultExpression = d.expression();
            if (d.note() != null) {
                notes.add(d.note());
            }
        }
        if (auto) {
            nullable = false;
        }
        boolean onUpdate = c.onUpdateCurrentTimestamp() && sameFamily;
        if (c.onUpdateCurrentTimestamp() && !sameFamily) {
            notes.add("column " + c.name() + ": ON UPDATE CURRENT_TIMESTAMP dropped: " + targetType
                    + " has no such clause (a trigger would be needed); replicated updates still carry the source's value");
        }
        return new TargetColumn(c.name(), type, nullable, defaultExpression, auto, generation, onUpdate, written, c);
    }

    private static boolean isSequenceDefault(ColumnInfo c) {
        return c.defaultExpression() != null && c.defaultExpression().startsWith("nextval(");
    }

    /**
     * The columns the target numbers itself. PostgreSQL numbers every column the source numbers; MySQL one per
     * table, which must lead an index: from PostgreSQL, dbmove gives it to an identity or serial column only when
     * that column leads the primary key.
     */
    private static Set<String> numberedColumns(TableInfo source, DatabaseType sourceType, DatabaseType targetType,
                                               List<String> primaryKey, List<String> notes) {
        Set<String> numbered = new LinkedHashSet<>();
        for (ColumnInfo c : source.columns()) {
            if (!c.autoIncrement()) {
                continue;
            }
            if (!targetType.isMySqlFamily() || sourceType.isMySqlFamily()
                    || (numbered.isEmpty() && !primaryKey.isEmpty() && primaryKey.get(0).equals(c.name()))) {
                numbered.add(c.name());
            } else {
                notes.add("column " + c.name() + ": identity/serial dropped: MySQL numbers only a column that leads"
                        + " the primary key; rows inserted on the target after cutover must supply it");
            }
        }
        return numbered;
    }

    /** MySQL indexes JSON, TEXT and BLOB columns only by a prefix, which a PostgreSQL index does not have. */
    private static boolean indexable(List<String> keyColumns, List<TargetColumn> columns, DatabaseType targetType,
                                     boolean sameFamily, String what, List<String> notes) {
        if (!targetType.isMySqlFamily() || sameFamily) {
            return true;
        }
        for (String name : keyColumns) {
            TargetColumn c = columns.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
            String t = c.type().dataType();
            if (t.equals("json") || t.endsWith("text") || t.endsWith("blob")) {
                notes.add(what + " dropped: MySQL cannot index column " + name + " of type " + c.sqlType());
                return false;
            }
        }
        return true;
    }

    private static void noteDroppedPrefix(String index, List<Integer> prefixes, boolean sameFamily, List<String> notes) {
        if (!sameFamily && !prefixes.isEmpty()) {
            notes.add("index " + index + ": prefix lengths " + prefixes + " dropped: PostgreSQL indexes whole values"
                    + " (values over about 2,700 bytes cannot be indexed by a B-tree)");
        }
    }

    private static void refuseUnsupported(TableInfo source, DatabaseType sourceType) {
        List<String> problems = new ArrayList<>();
        for (ColumnInfo c : source.columns()) {
            SupportedTypes.unsupported(sourceType, c).ifPresent(reason -> problems.add(c.name() + ": " + reason));
        }
        if (!problems.isEmpty()) {
            throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "table " + source.id() + " has columns of types"
                    + " dbmove cannot map: " + String.join("; ", problems) + " — the table cannot be created on the target",
                    "add the table to tables.exclude, or change the columns to a supported type (see docs/type-mapping.md)");
        }
    }

    private static void refuseBadNames(TableInfo source, DatabaseType targetType) {
        List<String> problems = new ArrayList<>();
        TargetNames.problem(targetType, source.id().name()).ifPresent(p -> problems.add("table name is " + p));
        for (ColumnInfo c : source.columns()) {
            TargetNames.problem(targetType, c.name()).ifPresent(p -> problems.add("column name \"" + c.name() + "\" is " + p));
        }
        if (!problems.isEmpty()) {
            throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "table " + source.id() + " cannot be created on "
                    + targetType + ": " + String.join("; ", problems) + " — dbmove never renames tables or columns",
                    "rename them on the source, or add the table to tables.exclude");
        }
    }

    /** Names of the indexes and constraints of one table on the target. */
    private record Names(DatabaseType target, boolean sameFamily, String table) {
        String of(String name) {
            return TargetNames.derived(target, sameFamily, table, name);
        }
    }

    /** What the statements of one table are written with. */
    private record Layout(TableDdl ddl, TableId table, boolean sameFamily, Names names, List<String> notes) {
        KeyInfo rename(KeyInfo k) {
            return new KeyInfo(names.of(k.name()), k.columns(), k.primary(), sameFamily ? k.prefixLengths() : List.of());
        }

        IndexInfo rename(IndexInfo x) {
            return new IndexInfo(names.of(x.name()), x.columns(), sameFamily ? x.prefixLengths() : List.of());
        }
    }

    /** Keys and indexes created with the table rather than after the load. */
    private record Inline(List<KeyInfo> keys, List<IndexInfo> indexes) {
        static final Inline NONE = new Inline(List.of(), List.of());
    }
}
