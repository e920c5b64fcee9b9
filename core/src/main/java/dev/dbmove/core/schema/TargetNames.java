package dev.dbmove.core.schema;

import dev.dbmove.core.DatabaseType;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * Identifier rules of the target engines. Names are never changed silently: a table or column name the target
 * cannot hold is refused, and only names dbmove derives itself (indexes, constraints, sequences) are shortened.
 */
final class TargetNames {
    /** PostgreSQL's NAMEDATALEN - 1: longer identifiers are truncated by the server without error. */
    static final int POSTGRES_MAX_BYTES = 63;
    /** MySQL and MariaDB: at most 64 characters. */
    static final int MYSQL_MAX_CHARS = 64;

    private TargetNames() {
    }

    /** Why the target cannot hold this table or column name as it is, or empty when it can. */
    static Optional<String> problem(DatabaseType target, String name) {
        if (name.isEmpty()) {
            return Optional.of("an empty name");
        }
        if (target.isMySqlFamily()) {
            if (name.codePointCount(0, name.length()) > MYSQL_MAX_CHARS) {
                return Optional.of("longer than MySQL's " + MYSQL_MAX_CHARS + " characters");
            }
            if (name.endsWith(" ")) {
                return Optional.of("ends with a space, which MySQL does not allow");
            }
            if (name.indexOf('\0') >= 0) {
                return Optional.of("contains a NUL character");
            }
            return Optional.empty();
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > POSTGRES_MAX_BYTES) {
            return Optional.of("longer than PostgreSQL's " + POSTGRES_MAX_BYTES + " bytes (PostgreSQL would truncate it)");
        }
        if (name.indexOf('\0') >= 0) {
            return Optional.of("contains a NUL character");
        }
        return Optional.empty();
    }

    /**
     * The name of an index, constraint or sequence of {@code table} on the target. Between engines of the same
     * family the source's name is kept; otherwise it is prefixed with the table name (PostgreSQL index names and
     * MySQL constraint names are unique per schema, MySQL index names only per table) and shortened to the
     * target's limit with a hash of the full name when too long.
     */
    static String derived(DatabaseType target, boolean sameFamily, String table, String name) {
        String full = sameFamily || name.startsWith(table + "_") ? name : table + "_" + name;
        return fit(target, full);
    }

    static String fit(DatabaseType target, String name) {
        if (problem(target, name).isEmpty()) {
            return name;
        }
        CRC32 crc = new CRC32();
        crc.update(name.getBytes(StandardCharsets.UTF_8));
        String suffix = "_" + HexFormat.of().toHexDigits((int) crc.getValue());
        StringBuilder kept = new StringBuilder();
        int i = 0;
        while (i < name.length()) {
            int cp = name.codePointAt(i);
            String candidate = kept.toString() + new String(Character.toChars(cp)) + suffix;
            if (problem(target, candidate).isPresent()) {
                break;
            }
            kept.appendCodePoint(cp);
            i += Character.charCount(cp);
        }
        String result = kept.toString().stripTrailing() + suffix;
        return result;
    }
}
