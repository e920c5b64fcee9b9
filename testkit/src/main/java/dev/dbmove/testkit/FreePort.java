package dev.dbmove.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** A loopback port nobody listens on right now. */
public final class FreePort {
    private FreePort() {
    }

    /**
     * Starts a server, again on another port when the free port found was taken meanwhile
     * by someone else (the start fails with "already in use" in its message).
     */
    static <T> T retryOnPortClash(java.util.function.Supplier<T> start) {
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                return start.get();
            } catch (IllegalStateException e) {
                last = e;
                if (!String.valueOf(e.getMessage()).contains("already in use")) {
                    throw e;
                }
            }
        }
        throw last;
    }

    /** A free port on the loopback address; someone else may take it before the caller binds it. */
    public static int find() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on loopback", e);
        }
    }
}
