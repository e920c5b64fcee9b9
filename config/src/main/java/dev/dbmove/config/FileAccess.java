package dev.dbmove.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** Why a file the job file names cannot be read, in the words a shell would use. */
final class FileAccess {
    static final String NO_SUCH_FILE = "no such file";
    static final String IS_A_DIRECTORY = "is a directory";
    static final String PERMISSION_DENIED = "permission denied";

    private FileAccess() {
    }

    /** A file's bytes as text, refusing any that are not UTF-8 (rather than replacing them). */
    static String utf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }

    /** Empty when the path is a readable regular file. */
    static Optional<String> whyUnreadable(Path path) {
        if (!Files.exists(path)) {
            return Optional.of(NO_SUCH_FILE);
        }
        if (Files.isDirectory(path)) {
            return Optional.of(IS_A_DIRECTORY);
        }
        if (!Files.isReadable(path)) {
            return Optional.of(PERMISSION_DENIED);
        }
        return Optional.empty();
    }

    /** The reason alone: the exception's message repeats the path, which the caller already names. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return NO_SUCH_FILE;
        }
        if (e instanceof AccessDeniedException) {
            return PERMISSION_DENIED;
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason().toLowerCase(java.util.Locale.ROOT);
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** What to do about a reason from this class. */
    static String fixFor(String reason, Path path, boolean relative, Path baseDir) {
        return switch (reason) {
            case NO_SUCH_FILE -> "create " + path + " or correct the path"
                    + (relative ? " (a relative path starts at the job file's directory, " + baseDir + ")" : "");
            case IS_A_DIRECTORY -> "name a file, not a directory";
            case PERMISSION_DENIED -> "make " + path + " readable by the user that runs dbmove";
            default -> "check that " + path + " can be read by the user that runs dbmove";
        };
    }
}
