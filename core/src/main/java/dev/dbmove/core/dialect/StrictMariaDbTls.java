package dev.dbmove.core.dialect;

import org.mariadb.jdbc.Configuration;
import org.mariadb.jdbc.HostAddress;
import org.mariadb.jdbc.export.ExceptionFactory;
import org.mariadb.jdbc.export.SslMode;
import org.mariadb.jdbc.plugin.tls.main.DefaultTlsSocketPlugin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.sql.SQLException;
import java.util.Arrays;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The MariaDB driver's TLS, without its "zero-configuration" fallback. Since 3.4 the driver
 * accepts a server certificate that the configured CA did NOT sign, and then skips the host
 * name check, whenever the login uses a password plugin it deems man-in-the-middle proof
 * (it compares the certificate's fingerprint with a hash the server derives from the
 * password). A job file that says {@code verify-ca} or {@code verify-full} with a CA file
 * asks for that CA and that host name, so dbmove selects this plugin
 * ({@code tlsSocketType=dbmove-strict}): the certificate must chain to the CA file (or the
 * trust store; with neither, the JVM's), and the driver then checks the host name for verify-full.
 */
public final class StrictMariaDbTls extends DefaultTlsSocketPlugin {
    public static final String TYPE = "dbmove-strict";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public TrustManager[] getTrustManager(Configuration conf, ExceptionFactory exceptionFactory, HostAddress hostAddress)
            throws SQLException {
        SslMode mode = hostAddress != null && hostAddress.sslMode != null ? hostAddress.sslMode : conf.sslMode();
        if (mode == SslMode.TRUST || mode == SslMode.DISABLE) {
            return super.getTrustManager(conf, exceptionFactory, hostAddress);
        }
        try {
            KeyStore store = null;
            if (conf.serverSslCert() == null && conf.trustStore() != null) {
                store = KeyStore.getInstance(conf.trustStoreType() != null ? conf.trustStoreType() : "PKCS12");
                String file = conf.trustStore().startsWith("file:") ? conf.trustStore().substring(5) : conf.trustStore();
                try (InputStream in = Files.newInputStream(Path.of(file))) {
                    store.load(in, conf.trustStorePassword() == null ? null : conf.trustStorePassword().toCharArray());
                }
            } else if (conf.serverSslCert() != null) {
                store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                try (InputStream in = Files.newInputStream(Path.of(conf.serverSslCert()))) {
                    int i = 0;
                    for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                        store.setCertificateEntry("ca-" + i++, cert);
                    }
                }
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return Arrays.stream(factory.getTrustManagers()).filter(X509TrustManager.class::isInstance)
                    .findFirst().map(tm -> new TrustManager[] {tm})
                    .orElseThrow(() -> new SQLException("no X509TrustManager in this JVM"));
        } catch (IOException | GeneralSecurityException e) {
            throw exceptionFactory.create("cannot load the CA certificate(s) from "
                    + (conf.serverSslCert() != null ? conf.serverSslCert() : conf.trustStore()), "08000", e);
        }
    }
}
