package dev.dbmove.cutover.edit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * Replaces a file's content so that a reader sees the old file or the new one, never a part:
 * the new bytes go to a temporary file in the same directory, which gets the original's POSIX
 * permissions, owner and group, is flushed to disk, and is renamed over the original. A
 * symbolic link is followed: the file it points to is replaced and the link stays.
 *
 * <p>If the owner and group cannot be kept (dbmove runs neither as root nor as the owner), the
 * write fails before the original is touched: a config file that changed hands could become
 * unreadable to the application. On a file system without POSIX attributes nothing is copied.
 * ACLs, extended attributes and hard links are not preserved.
 *
 * <p>Failures are {@link IOException}s whose message names the file and the reason, worded for
 * the operator; {@link AccessDeniedException} when a permission is missing.
 */
public final class AtomicFileWriter {
    private static final String BACKUP_MARK = ".dbmove-backup-";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Clock clock;

    public AtomicFileWriter() {
        this(Clock.systemUTC());
    }

    /** @param clock gives the timestamp in backup names */
    public AtomicFileWriter(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Keeps a backup of {@code file}, then replaces its content with {@code content}.
     *
     * @param backupDir where the backup goes (created if missing); null for beside the file
     * @return the backup, see {@link #backup(Path, Path)}
     */
    public Path replace(Path file, byte[] content, Path backupDir) throws IOException {
        Path target = file.toRealPath();
        requireWritable(target);
        Path backup = backup(target, backupDir);
        writeOver(target, content, target);
        return backup;
    }

    /**
     * Copies {@code file} byte for byte to {@code <name>.dbmove-backup-<yyyyMMddTHHmmssZ>} (with
     * {@code -2}, {@code -3}... if that name is taken), with the file's permissions, owner,
     * group and modification time. The copy appears under its name only when complete.
     *
     * @param backupDir where the backup goes (created if missing); null for beside the file
     */
    public Path backup(Path file, Path backupDir) throws IOException {
        Path source = file.toRealPath();
        Path dir = backupDir == null ? source.getParent() : Files.createDirectories(backupDir);
        String base = source.getFileName() + BACKUP_MARK + STAMP.format(clock.instant());
        Path temporary = writeTemporary(dir, Files.readAllBytes(source), source, source);
        try {
            Files.setLastModifiedTime(temporary, Files.getLastModifiedTime(source));
            for (int n = 1; n < 1000; n++) {
                Path backup = dir.resolve(n == 1 ? base : base + "-" + n);
                try {
                    Files.move(temporary, backup);
                    syncDirectory(dir);
                    return backup;
                } catch (FileAlreadyExistsException taken) {
                    // Another backup within the same second: try the next suffix.
                }
            }
            throw new FileAlreadyExistsException(dir.resolve(base).toString(), null, "999 backups with this name already exist");
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
    }

    /**
     * Puts a backup's bytes back in place of {@code original}, atomically, with the backup's
     * permissions, owner and group (which are the original's). The backup is kept.
     */
    public void restore(Path backup, Path original) throws IOException {
        Path target = Files.isSymbolicLink(original) && Files.exists(original) ? original.toRealPath() : original.toAbsolutePath();
        if (Files.exists(target)) {
            requireWritable(target);
        }
        writeOver(target, Files.readAllBytes(backup), backup);
    }

    private void writeOver(Path target, byte[] content, Path attributesFrom) throws IOException {
        Path dir = target.getParent();
        Path temporary = writeTemporary(dir, content, attributesFrom, target);
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        syncDirectory(dir);
    }

    /** A complete, flushed temporary file in {@code dir} holding {@code content}, with the attributes of {@code attributesFrom}. */
    private static Path writeTemporary(Path dir, byte[] content, Path attributesFrom, Path shownAs) throws IOException {
        Path temporary;
        try {
            temporary = Files.createTempFile(dir, "." + shownAs.getFileName() + ".", ".dbmove-tmp");
        } catch (AccessDeniedException e) {
            throw new AccessDeniedException(shownAs.toString(), null, "the directory " + dir + " is not writable by user " + user()
                    + " (dbmove writes a temporary file there and renames it into place)");
        }
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            copyOwnerAndMode(attributesFrom, temporary, shownAs);
            channel.force(true);
            return temporary;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
    }

    private static void copyOwnerAndMode(Path from, Path to, Path shownAs) throws IOException {
        PosixFileAttributeView fromView = Files.getFileAttributeView(from, PosixFileAttributeView.class);
        PosixFileAttributeView toView = Files.getFileAttributeView(to, PosixFileAttributeView.class);
        if (fromView == null || toView == null) {
            return;
        }
        PosixFileAttributes wanted = fromView.readAttributes();
        PosixFileAttributes current = toView.readAttributes();
        try {
            if (!current.owner().equals(wanted.owner())) {
                toView.setOwner(wanted.owner());
            }
            if (!current.group().equals(wanted.group())) {
                toView.setGroup(wanted.group());
            }
        } catch (FileSystemException e) {
            throw new FileSystemException(shownAs.toString(), null, "cannot give the new file the owner and group of the old one ("
                    + wanted.owner().getName() + ":" + wanted.group().getName() + ") as user " + user()
                    + "; run dbmove as root or as the file's owner (in its group)");
        }
        toView.setPermissions(wanted.permissions());
    }

    private static void requireWritable(Path file) throws AccessDeniedException {
        if (!Files.isWritable(file)) {
            throw new AccessDeniedException(file.toString(), null, "the file is not writable by user " + user());
        }
    }

    /** Makes the rename itself durable. Not every platform can open a directory; there the rename is still done, only less certainly on disk. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Best effort only: see above.
        }
    }

    private static String user() {
        return System.getProperty("user.name");
    }
}
