package dev.dbmove.cutover.edit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class AtomicFileWriterTest {
    private static final byte[] OLD = "DATABASE_HOST=db1\r\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NEW = "DATABASE_HOST=db2\r\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private final AtomicFileWriter writer = new AtomicFileWriter(Clock.fixed(Instant.parse("2025-03-01T10:15:30Z"), ZoneOffset.UTC));

    @Test
    void replaceWritesTheContentKeepsTheModeAndABackupOfTheOriginal() throws IOException {
        Path file = original("app.env", "rw-r-----");
        FileTime modified = FileTime.from(Instant.parse("2024-01-02T03:04:05Z"));
        Files.setLastModifiedTime(file, modified);

        Path backup = writer.replace(file, NEW, null);

        assertThat(Files.readAllBytes(file)).isEqualTo(NEW);
        assertThat(Permissions.of(file)).isEqualTo("rw-r-----");
        assertThat(backup).isEqualTo(dir.resolve("app.env.dbmove-backup-20250301T101530Z"));
        assertThat(Files.readAllBytes(backup)).isEqualTo(OLD);
        assertThat(Permissions.of(backup)).isEqualTo("rw-r-----");
        assertThat(Files.getLastModifiedTime(backup)).isEqualTo(modified);
        assertThat(Files.getOwner(backup)).isEqualTo(Files.getOwner(file));
        assertThat(files(dir)).containsExactlyInAnyOrder(file, backup);
    }

    @Test
    void backupsInTheSameSecondGetASuffixAndMayGoToTheirOwnDirectory() throws IOException {
        Path file = original("app.env", "rw-------");
        Path backups = dir.resolve("backups/cutover");

        Path first = writer.replace(file, NEW, backups);
        Path second = writer.replace(file, OLD, backups);

        assertThat(first).isEqualTo(backups.resolve("app.env.dbmove-backup-20250301T101530Z"));
        assertThat(second).isEqualTo(backups.resolve("app.env.dbmove-backup-20250301T101530Z-2"));
        assertThat(Files.readAllBytes(first)).isEqualTo(OLD);
        assertThat(Files.readAllBytes(second)).isEqualTo(NEW);
        assertThat(Files.readAllBytes(file)).isEqualTo(OLD);
    }

    @Test
    void restorePutsTheOriginalBackByteForByte() throws IOException {
        byte[] everyByte = new byte[256];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = (byte) i;
        }
        Path file = Files.write(dir.resolve("blob.conf"), everyByte);
        Permissions.set(file, "rw-r-----");

        Path backup = writer.replace(file, NEW, null);
        Permissions.set(file, "rw-rw-rw-");
        writer.restore(backup, file);

        assertThat(Files.readAllBytes(file)).isEqualTo(everyByte);
        assertThat(Permissions.of(file)).isEqualTo("rw-r-----");
        assertThat(Files.readAllBytes(backup)).isEqualTo(everyByte);
        assertThat(files(dir)).containsExactlyInAnyOrder(file, backup);
    }

    @Test
    void symbolicLinkIsFollowedAndStaysALink() throws IOException {
        Path real = original("real.env", "rw-r-----");
        Path link = Files.createSymbolicLink(dir.resolve("link.env"), real);

        Path backup = writer.replace(link, NEW, null);

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readAllBytes(real)).isEqualTo(NEW);
        assertThat(backup.getFileName().toString()).startsWith("real.env.dbmove-backup-");
        writer.restore(backup, link);
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readAllBytes(real)).isEqualTo(OLD);
    }

    @Test
    void ownerAndGroupAreKept() throws IOException {
        Path file = original("owned.env", "rw-r-----");
        UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal nobody;
        GroupPrincipal group;
        try {
            nobody = users.lookupPrincipalByName("nobody");
            group = users.lookupPrincipalByGroupName("nogroup");
        } catch (IOException noSuchUser) {
            assumeTrue(false, "needs the user nobody and the group nogroup");
            return;
        }
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        try {
            view.setOwner(nobody);
            view.setGroup(group);
        } catch (IOException notRoot) {
            assumeTrue(false, "only root can give a file to another user");
        }

        Path backup = writer.replace(file, NEW, null);

        for (Path path : List.of(file, backup)) {
            PosixFileAttributeView written = Files.getFileAttributeView(path, PosixFileAttributeView.class);
            assertThat(written.readAttributes().owner()).isEqualTo(nobody);
            assertThat(written.readAttributes().group()).isEqualTo(group);
        }
    }

    @Test
    void readOnlyFileIsRefusedAndLeftAlone() throws IOException {
        Permissions.assumeEnforced(dir);
        Path file = original("app.env", "r--r-----");

        assertThatThrownBy(() -> writer.replace(file, NEW, null))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage(file + ": the file is not writable by user " + System.getProperty("user.name"));
        assertThat(Files.readAllBytes(file)).isEqualTo(OLD);
        assertThat(files(dir)).containsExactly(file);
    }

    @Test
    void fileInAReadOnlyDirectoryIsRefusedAndLeftAlone() throws IOException {
        Permissions.assumeEnforced(dir);
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Path file = Files.write(locked.resolve("app.env"), OLD);
        Permissions.set(locked, "r-x------");
        try {
            assertThatThrownBy(() -> writer.replace(file, NEW, null))
                    .isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("the directory " + locked + " is not writable");
            assertThat(Files.readAllBytes(file)).isEqualTo(OLD);
            assertThat(files(locked)).containsExactly(file);
        } finally {
            Permissions.set(locked, "rwx------");
        }
    }

    private Path original(String name, String permissions) throws IOException {
        Path file = Files.write(dir.resolve(name), OLD);
        Permissions.set(file, permissions);
        return file;
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isRegularFile).toList();
        }
    }
}
