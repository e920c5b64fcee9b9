package dev.dbmove.core;

import java.nio.file.Path;
import java.util.Objects;

/**
 * TLS for one side of the job.
 *
 * @param mode   never null
 * @param caFile the CA certificate (PEM) that signs the server's certificate; null for the JVM's trust store
 */
public record TlsSettings(TlsMode mode, Path caFile) {
    public static final TlsSettings DEFAULT = new TlsSettings(TlsMode.PREFER, null);

    public TlsSettings {
        Objects.requireNonNull(mode, "mode");
    }
}
