package dev.dbmove.core.dialect;

import dev.dbmove.core.DbmoveException;
import dev.dbmove.core.ErrorCode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;

/**
 * MySQL Connector/J and Debezium's binlog reader take their CA only as a key store, while users
 * have a PEM file (the one RDS publishes, say): this turns the PEM into a temporary PKCS12
 * trust store. It holds only public certificates; its password is no secret.
 */
public final class PemTrustStore {
    public static final String PASSWORD = "dbmove-truststore";

    private PemTrustStore() {
    }

    public static Path create(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, cert);
            }
            if (i == 0) {
                throw new DbmoveException(ErrorCode.BAD_JOB_FILE, "the CA file " + pem + " holds no certificate",
                        "point tls.ca at a PEM file with the server's CA certificate(s)");
            }
            Path file = Files.createTempFile("dbmove-ca-", ".p12");
            file.toFile().deleteOnExit();
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, PASSWORD.toCharArray());
            }
            return file;
        } catch (IOException | GeneralSecurityException e) {
            throw new DbmoveException(ErrorCode.BAD_JOB_FILE, "cannot read the CA file " + pem + ": " + e.getMessage(),
                    "point tls.ca at a readable PEM file with the server's CA certificate(s)", e);
        }
    }
}
