package dev.dbmove.testkit;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.Endpoint;
import dev.dbmove.core.Secret;
import dev.dbmove.core.TlsMode;
import dev.dbmove.core.TlsSettings;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A server someone else runs, named by a URL such as
 * {@code mariadb://root:secret@127.0.0.1:3306} or {@code jdbc:postgresql://postgres:pw@127.0.0.1:5432/postgres}.
 * Tests create and drop their own databases on it and leave everything else alone.
 */
public final class ExternalServer implements DatabaseServer {
    private final DatabaseType type;
    private final String host;
    private final int port;
    private final String user;
    private final Secret password;

    private ExternalServer(DatabaseType type, String host, int port, String user, Secret password) {
        this.type = type;
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    public static ExternalServer fromUrl(DatabaseType type, String url) {
        String plain = url.startsWith("jdbc:") ? url.substring(5) : url;
        URI uri = URI.create(plain);
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("cannot read a host from the server URL for " + type
                    + "; expected e.g. " + type.configName() + "://user:password@127.0.0.1:" + type.defaultPort());
        }
        String user = type.isMySqlFamily() ? "root" : "postgres";
        Secret password = Secret.EMPTY;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            if (parts.length > 1) {
                password = Secret.of(decode(parts[1]));
            }
        }
        return new ExternalServer(type, uri.getHost(), uri.getPort() > 0 ? uri.getPort() : type.defaultPort(), user, password);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @Override
    public DatabaseType type() {
        return type;
    }

    @Override
    public Endpoint adminEndpoint(String database) {
        return new Endpoint(type, host, port, database, null, user, password, new TlsSettings(TlsMode.PREFER, null));
    }

    @Override
    public String describe() {
        return "external " + type + " at " + host + ":" + port;
    }

    @Override
    public void close() {
        // not ours to stop
    }
}
