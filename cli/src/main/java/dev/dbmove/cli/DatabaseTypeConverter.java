package dev.dbmove.cli;

import dev.dbmove.core.DatabaseType;
import picocli.CommandLine;

/** Reads mysql | mariadb | postgresql, and says so when given anything else. */
final class DatabaseTypeConverter implements CommandLine.ITypeConverter<DatabaseType> {
    @Override
    public DatabaseType convert(String value) {
        return DatabaseType.fromConfigName(value).orElseThrow(() -> new CommandLine.TypeConversionException(
                "'" + value + "' is not a database type; use " + DatabaseType.allowedNames()));
    }
}
