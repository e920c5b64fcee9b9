package dev.dbmove.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How a connection uses TLS; the names follow PostgreSQL's sslmode. */
public enum TlsMode {
    /** No TLS. */
    DISABLE("disable"),
    /** TLS when the server offers it, without certificate checks. */
    PREFER("prefer"),
    /** TLS always, without certificate checks. */
    REQUIRE("require"),
    /** TLS always; the server certificate must be signed by the CA. */
    VERIFY_CA("verify-ca"),
    /** TLS always; the certificate must be signed by the CA and name the host. */
    VERIFY_FULL("verify-full");

    private final String configName;

    TlsMode(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public boolean verifiesCertificate() {
        return this == VERIFY_CA || this == VERIFY_FULL;
    }

    public static Optional<TlsMode> fromConfigName(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(m -> m.configName.equals(wanted)).findFirst();
    }

    public static String allowedNames() {
        return String.join(" | ", Arrays.stream(values()).map(TlsMode::configName).toList());
    }

    @Override
    public String toString() {
        return configName;
    }
}
