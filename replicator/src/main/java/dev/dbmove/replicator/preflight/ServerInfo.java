package dev.dbmove.replicator.preflight;

import dev.dbmove.core.DatabaseType;

/**
 * What a server turned out to be, read from the server itself rather than from the job file.
 *
 * @param flavour what the server is (MariaDB and MySQL are told apart by its version string)
 * @param managed null for a self-managed server, else e.g. "Amazon RDS", "Amazon Aurora"
 */
record ServerInfo(DatabaseType flavour, String version, int major, int minor, String managed) {
    boolean isManaged() {
        return managed != null;
    }

    boolean isAurora() {
        return managed != null && managed.contains("Aurora");
    }

    String describe() {
        String name = switch (flavour) {
            case MARIADB -> "MariaDB";
            case MYSQL -> "MySQL";
            case POSTGRESQL -> "PostgreSQL";
        };
        return (managed == null ? "" : managed + " ") + name + " " + version;
    }
}
