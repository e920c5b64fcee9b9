package dev.dbmove.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A certificate authority for TLS tests, made with the JDK's keytool: a CA, a server
 * certificate it signs for {@code localhost} and {@code 127.0.0.1} (and no other name, so
 * that {@code 127.0.0.2}, which reaches the same loopback server, fails host name checks),
 * and a second, unrelated CA that signs nothing the servers present. Every file is PEM.
 *
 * @param caCert      the CA that signs the server's certificate
 * @param serverCert  the server's certificate
 * @param serverKey   its private key, unencrypted PKCS#8, mode 0600
 * @param wrongCaCert a CA that did not sign the server's certificate
 */
public record TestCa(Path caCert, Path serverCert, Path serverKey, Path wrongCaCert) {
    /** The names the server certificate holds. */
    public static final List<String> SERVER_NAMES = List.of("localhost", "127.0.0.1");
    /** A loopback address the servers listen on too, which the certificate does not name. */
    public static final String UNNAMED_ADDRESS = "127.0.0.2";
    private static final String STORE_PASSWORD = "testca-store";

    /** Makes a fresh CA, server certificate and wrong CA in {@code dir} (a few seconds: keytool runs six times). */
    public static TestCa create(Path dir) {
        try {
            Files.createDirectories(dir);
            Path ca = dir.resolve("ca.p12");
            Path server = dir.resolve("server.p12");
            Path wrong = dir.resolve("wrong-ca.p12");
            keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-validity", "3650",
                    "-startdate", "-1d", "-dname", "CN=dbmove test CA", "-ext", "bc:c", "-ext", "KU=keyCertSign,cRLSign",
                    "-keystore", ca.toString());
            keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-validity", "3650",
                    "-startdate", "-1d", "-dname", "CN=dbmove wrong CA", "-ext", "bc:c", "-ext", "KU=keyCertSign,cRLSign",
                    "-keystore", wrong.toString());
            keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "3650",
                    "-startdate", "-1d", "-dname", "CN=localhost", "-keystore", server.toString());
            Path request = dir.resolve("server.csr");
            keytool("-certreq", "-alias", "server", "-keystore", server.toString(), "-file", request.toString());
            Path serverCert = dir.resolve("server-cert.pem");
            keytool("-gencert", "-alias", "ca", "-keystore", ca.toString(), "-infile", request.toString(),
                    "-outfile", serverCert.toString(), "-rfc", "-validity", "3650", "-startdate", "-1d",
                    "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-ext", "KU=digitalSignature,keyEncipherment",
                    "-ext", "EKU=serverAuth");
            Path caCert = dir.resolve("ca.pem");
            keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-file", caCert.toString());
            Path wrongCert = dir.resolve("wrong-ca.pem");
            keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", wrong.toString(), "-file", wrongCert.toString());

            Path serverKey = dir.resolve("server-key.pem");
            Files.writeString(serverKey, pem("PRIVATE KEY", privateKey(server, "server").getEncoded()));
            Files.setPosixFilePermissions(serverKey, PosixFilePermissions.fromString("rw-------"));
            for (Path p : List.of(caCert, serverCert, wrongCert)) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
            }
            return new TestCa(caCert, serverCert, serverKey, wrongCert);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the test CA in " + dir, e);
        }
    }

    private static Key privateKey(Path store, String alias) throws IOException {
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, STORE_PASSWORD.toCharArray());
            return ks.getKey(alias, STORE_PASSWORD.toCharArray());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the key of " + alias + " from " + store, e);
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", STORE_PASSWORD, "-noprompt"));
        Commands.run(command, 60);
    }
}
