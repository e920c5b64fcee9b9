package dev.dbmove.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The database engines dbmove reads from and writes to, as named in the job file. */
public enum DatabaseType {
    MYSQL("mysql", 3306),
    MARIADB("mariadb", 3306),
    POSTGRESQL("postgresql", 5432);

    private final String configName;
    private final int defaultPort;

    DatabaseType(String configName, int defaultPort) {
        this.configName = configName;
        this.defaultPort = defaultPort;
    }

    /** The name used in job files and on the command line. */
    public String configName() {
        return configName;
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** MySQL and MariaDB share a protocol, a catalog and most SQL. */
    public boolean isMySqlFamily() {
        return this != POSTGRESQL;
    }

    public static Optional<DatabaseType> fromConfigName(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.configName.equals(wanted)).findFirst();
    }

    public static String allowedNames() {
        return String.join(" | ", Arrays.stream(values()).map(DatabaseType::configName).toList());
    }

    @Override
    public String toString() {
        return configName;
    }
}
