package dev.dbmove.cutover.edit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** File permission helpers for tests that need them to bite: as root (or with CAP_DAC_OVERRIDE) they do not. */
final class Permissions {
    private Permissions() {
    }

    /** Skips the calling test unless a read-only file is really read-only to this process. */
    static void assumeEnforced(Path dir) throws IOException {
        Path probe = Files.createTempFile(dir, "probe", ".tmp");
        try {
            set(probe, "r--------");
            assumeTrue(!Files.isWritable(probe), "file permissions are not enforced for this user (root?), so a refusal cannot be shown");
        } finally {
            Files.delete(probe);
        }
    }

    static void set(Path path, String permissions) throws IOException {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    }

    static String of(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
