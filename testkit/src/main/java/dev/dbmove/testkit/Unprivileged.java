package dev.dbmove.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL refuses to run as root, and CI machines and containers often are root.
 * When this JVM is root, server commands run as the unprivileged user {@code nobody}
 * (through util-linux's setpriv) and the server's directories are handed to it.
 */
final class Unprivileged {
    private static final String USER = "nobody";

    private Unprivileged() {
    }

    static boolean jvmIsRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** The command, run as {@code nobody} when this JVM is root. */
    static List<String> command(List<String> command) {
        if (!jvmIsRoot()) {
            return command;
        }
        int[] ids = ids();
        List<String> wrapped = new ArrayList<>(List.of("setpriv", "--reuid=" + ids[0], "--regid=" + ids[1], "--clear-groups"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Gives a directory (not its contents) to {@code nobody} when this JVM is root. */
    static void handOver(Path dir) {
        if (!jvmIsRoot()) {
            return;
        }
        try {
            UserPrincipalLookupService lookup = dir.getFileSystem().getUserPrincipalLookupService();
            PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
            view.setOwner(lookup.lookupPrincipalByName(USER));
            GroupPrincipal group = lookup.lookupPrincipalByGroupName(groupName());
            view.setGroup(group);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hand " + dir + " to user " + USER, e);
        }
    }

    private static String groupName() throws IOException {
        int gid = ids()[1];
        for (String line : Files.readAllLines(Path.of("/etc/group"))) {
            String[] f = line.split(":");
            if (f.length > 2 && f[2].equals(Integer.toString(gid))) {
                return f[0];
            }
        }
        throw new IOException("no group with id " + gid + " in /etc/group");
    }

    private static int[] ids() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
                String[] f = line.split(":");
                if (f.length > 3 && f[0].equals(USER)) {
                    return new int[] {Integer.parseInt(f[2]), Integer.parseInt(f[3])};
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /etc/passwd", e);
        }
        throw new IllegalStateException("this JVM runs as root and there is no user '" + USER
                + "' to run PostgreSQL as (PostgreSQL refuses root): add the user or run as a non-root user");
    }
}
