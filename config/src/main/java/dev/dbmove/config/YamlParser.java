package dev.dbmove.config;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads a job file into a YAML node tree, which keeps the line and column of every value.
 * Nodes are composed, never constructed into objects, so no YAML tag can instantiate a
 * class, and aliases are bounded so a small file cannot expand into a huge one.
 */
final class YamlParser {
    static final int MAX_ALIASES = 20;
    static final int MAX_DEPTH = 20;
    /** A job file is a page of text; a megabyte means the wrong file was named. */
    static final int MAX_CHARS = 1_000_000;

    private static final String SYNTAX_FIX = "correct the YAML at this position; quote a value (\"...\") that contains"
            + " ': ' or ' #', or starts with one of * & ! @ ` % { [ | >";

    private YamlParser() {
    }

    /** The top-level mapping; empty after recording why there is none. */
    static Optional<MappingNode> parse(Path file, ProblemList problems) {
        Optional<String> text = read(file, problems);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Node root;
        try {
            root = new Yaml(options()).compose(new StringReader(text.get()));
        } catch (MarkedYAMLException e) {
            reportSyntax(e, text.get(), problems);
            return Optional.empty();
        } catch (YAMLException e) {
            reportLimit(e, text.get(), problems);
            return Optional.empty();
        }
        if (root == null) {
            problems.addForFile("the job file is empty",
                    "write the job into it; `dbmove init` writes a commented example");
            return Optional.empty();
        }
        if (!(root instanceof MappingNode mapping)) {
            problems.add(root, "", "the job file must be a mapping of keys (job, source, target, tables), but it is "
                            + YamlNodes.kind(root, false),
                    "write 'key: value' lines, starting with `job: my-move`; `dbmove init` writes a commented example");
            return Optional.empty();
        }
        return Optional.of(mapping);
    }

    private static LoaderOptions options() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_CHARS);
        return options;
    }

    private static Optional<String> read(Path file, ProblemList problems) {
        if (Files.isDirectory(file)) {
            problems.addForFile("cannot read the job file: " + FileAccess.IS_A_DIRECTORY,
                    "name the job file itself, e.g. " + file.resolve("dbmove.yaml"));
            return Optional.empty();
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            // Four bytes per character at most in UTF-8; anything beyond is over the limit anyway.
            bytes = in.readNBytes(4 * MAX_CHARS + 1);
        } catch (IOException e) {
            String reason = FileAccess.reason(e);
            problems.addForFile("cannot read the job file: " + reason, FileAccess.NO_SUCH_FILE.equals(reason)
                    ? "check the path, or write a new job file with `dbmove init`"
                    : FileAccess.fixFor(reason, file, false, file));
            return Optional.empty();
        }
        String text;
        try {
            text = FileAccess.utf8(bytes);
        } catch (CharacterCodingException e) {
            problems.addForFile("the job file is not UTF-8 text", "save it as UTF-8");
            return Optional.empty();
        }
        if (text.codePointCount(0, text.length()) > MAX_CHARS) {
            problems.addForFile("the job file is larger than " + MAX_CHARS + " characters",
                    "check that this is the job file; a job file is a page of text");
            return Optional.empty();
        }
        // Editors on Windows may start UTF-8 files with a byte order mark; it is not content.
        return Optional.of(text.startsWith("\uFEFF") ? text.substring(1) : text);
    }

    /** Only SnakeYAML's problem and context texts are used: its full message quotes the offending line. */
    private static void reportSyntax(MarkedYAMLException e, String text, ProblemList problems) {
        String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem();
        String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
        String fix = problem.contains("\\t") ? "indent with spaces; YAML does not allow tabs for indentation"
                : problem.contains("tag") ? "remove the tag (the word starting with '!'); job files hold plain values"
                : SYNTAX_FIX;
        String message = new PasswordMask(text).apply("YAML syntax error: " + problem + context);
        problems.add(e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark(), "", message, fix);
    }

    /** The safety limits above end in YAMLExceptions without a position. */
    private static void reportLimit(YAMLException e, String text, ProblemList problems) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.contains("aliases")) {
            problems.addForFile("the job file uses more than " + MAX_ALIASES + " aliases (*name) of lists or mappings",
                    "write the values out instead of referring to them with aliases");
        } else if (message.contains("Nesting Depth")) {
            problems.addForFile("the job file nests more than " + MAX_DEPTH + " levels deep",
                    "check the indentation; a job file needs four levels at most");
        } else {
            problems.addForFile(new PasswordMask(text).apply("the job file cannot be read as YAML: " + message),
                    "check that this is the job file and that it is valid YAML");
        }
    }
}
