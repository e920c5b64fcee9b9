package dev.dbmove.cutover.runbook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbmove.core.DbmoveException;
import dev.dbmove.core.ErrorCode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The journal in a local file, JSON Lines: one entry a line, e.g.
 * {@code {"run":"…","seq":2,"at":"2025-03-01T10:15:30.123456Z","step":"stop shop-web","event":"started","detail":null}},
 * entries of every run one after another. Each append is written whole and forced to disk
 * before it returns, under an exclusive lock on the file.
 *
 * <p>A crash during an append can leave the last line incomplete (no line end). Reading
 * ignores it with a warning; the next append cuts it off first, so the file stays a sequence
 * of whole entries. That append was never acknowledged, so nothing recorded is lost. Any other
 * line that is not an entry is an error: something else changed the file. Like the state schema,
 * the file refuses an entry whose run already has one with that seq (or a later one).
 */
public final class FileJournal implements Journal {
    private static final byte NEWLINE = '\n';

    private final Path file;
    private final Consumer<String> warnings;
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * @param file     created, with its directories, on the first append
     * @param warnings where a warning about an incomplete last line goes
     */
    public FileJournal(Path file, Consumer<String> warnings) {
        this.file = Objects.requireNonNull(file, "file");
        this.warnings = Objects.requireNonNull(warnings, "warnings");
    }

    public Path file() {
        return file;
    }

    @Override
    public String where() {
        return "file " + file;
    }

    @Override
    public void append(JournalEntry entry) {
        byte[] line = (toJson(entry) + "\n").getBytes(StandardCharsets.UTF_8);
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            boolean created = !Files.exists(file);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
                 FileLock lock = channel.lock()) {
                long size = channel.size();
                long whole = endOfLastLine(channel, size);
                requireNext(entry, readWhole(channel, whole));
                if (whole < size) {
                    warnings.accept("cut off the incomplete last line of the cutover journal " + file + " (" + (size - whole)
                            + " bytes), left by a crash while it was written");
                    channel.truncate(whole);
                }
                ByteBuffer buffer = ByteBuffer.wrap(line);
                long position = whole;
                while (buffer.hasRemaining()) {
                    position += channel.write(buffer, position);
                }
                channel.force(true);
            }
            if (created) {
                syncDirectory(dir);
            }
        } catch (IOException e) {
            throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "cannot write the cutover journal " + file + ": "
                    + reason(e), "make sure " + dir + " is writable and its disk has room", e);
        }
    }

    @Override
    public List<JournalEntry> read(String runId) {
        Objects.requireNonNull(runId, "runId");
        return readAll().stream().filter(e -> e.runId().equals(runId)).toList();
    }

    @Override
    public Optional<String> latestRun() {
        List<JournalEntry> all = readAll();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).seq() == 1) {
                return Optional.of(all.get(i).runId());
            }
        }
        return Optional.empty();
    }

    /** Every entry in the file, in the order written; empty when there is no file. */
    public List<JournalEntry> readAll() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "cannot read the cutover journal " + file + ": "
                    + reason(e), "make sure the file is readable", e);
        }
        List<JournalEntry> entries = new ArrayList<>();
        int end = parseLines(bytes, entries);
        if (end < bytes.length) {
            warnings.accept("ignored the incomplete last line of the cutover journal " + file + " (line " + (entries.size() + 1)
                    + ", " + (bytes.length - end) + " bytes), left by a crash while it was written");
        }
        return entries;
    }

    /** Adds the entries of the whole lines in {@code bytes} to {@code entries}; returns the end of the last whole line. */
    private int parseLines(byte[] bytes, List<JournalEntry> entries) {
        int lineStart = 0;
        int lineNumber = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == NEWLINE) {
                lineNumber++;
                String line = new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8);
                if (!line.isBlank()) {
                    entries.add(parse(line, lineNumber));
                }
                lineStart = i + 1;
            }
        }
        return lineStart;
    }

    /** Refuses an entry whose run already has one with that seq or a later one, as the state schema does. */
    private void requireNext(JournalEntry entry, byte[] whole) {
        List<JournalEntry> entries = new ArrayList<>();
        parseLines(whole, entries);
        for (JournalEntry e : entries) {
            if (e.runId().equals(entry.runId()) && e.seq() >= entry.seq()) {
                throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "entry " + entry.seq() + " of cutover run "
                        + entry.runId() + " would not come last in the cutover journal " + file + ", which has entry "
                        + e.seq() + ": another dbmove is running the same cutover, or the run's journal was read from"
                        + " a copy that missed entries",
                        "let the other one finish; then resume or roll back with the run's journal read from both copies");
            }
        }
    }

    private static byte[] readWhole(FileChannel channel, long length) throws IOException {
        if (length > Integer.MAX_VALUE - 8) {
            throw new IOException("the file is too large to be a cutover journal (" + length + " bytes)");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, buffer.position()) < 0) {
                throw new IOException("the file shrank while it was read");
            }
        }
        return buffer.array();
    }

    private String toJson(JournalEntry entry) {
        ObjectNode node = json.createObjectNode();
        node.put("run", entry.runId());
        node.put("seq", entry.seq());
        node.put("at", entry.at().toString());
        node.put("step", entry.step());
        node.put("event", entry.event().stored());
        node.put("detail", entry.detail());
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a journal entry as JSON", e);
        }
    }

    private JournalEntry parse(String line, int lineNumber) {
        try {
            JsonNode node = json.readTree(line);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            JsonNode seq = node.get("seq");
            if (seq == null || !seq.canConvertToLong()) {
                throw new IllegalArgumentException("no whole number \"seq\"");
            }
            return JournalEntry.of(text(node, "run", true), seq.asLong(), text(node, "step", false),
                    text(node, "event", true), Instant.parse(text(node, "at", true)), text(node, "detail", false));
        } catch (JsonProcessingException | IllegalArgumentException | DateTimeException e) {
            String reason = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "line " + lineNumber + " of the cutover journal "
                    + file + " is not a journal entry (" + reason + "): something other than dbmove changed the file",
                    "restore the file from a copy, or move it away to use the journal in the state schema alone", e);
        }
    }

    private static String text(JsonNode node, String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new IllegalArgumentException("no \"" + field + "\"");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("\"" + field + "\" is not a string");
        }
        return value.textValue();
    }

    /** The length of the file up to and including its last line end. */
    private static long endOfLastLine(FileChannel channel, long size) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        long end = size;
        while (end > 0) {
            int length = (int) Math.min(buffer.capacity(), end);
            buffer.clear().limit(length);
            long from = end - length;
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, from + buffer.position()) < 0) {
                    throw new IOException("the file shrank while it was read");
                }
            }
            for (int i = length - 1; i >= 0; i--) {
                if (buffer.get(i) == NEWLINE) {
                    return from + i + 1;
                }
            }
            end = from;
        }
        return 0;
    }

    /** Makes a new file's name durable. Not every platform can open a directory; there this is skipped. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Best effort: the entry itself is on disk.
        }
    }

    private static String reason(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
