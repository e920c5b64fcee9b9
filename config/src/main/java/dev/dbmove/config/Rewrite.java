package dev.dbmove.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A file of the applications' settings that the cutover rewrites to point at the target:
 * either keys to set in a structured file ({@code set}) or a text edit ({@code replace}),
 * never both. Texts are templates in {@link Placeholders}' syntax, without password
 * placeholders: a rewritten file would keep the password.
 *
 * @param file    the file's path; a relative path in the job file is taken from the job
 *                file's directory, so this is absolute when loaded
 * @param format  how the keys of {@code set} are written: given in the job file or told by the
 *                file's name ({@link Format#forFileName}); always present with {@code set},
 *                always empty with {@code replace}, which edits the file as text
 * @param set     keys and their new values, in the order written, e.g. {@code production.host}
 *                in YAML, JSON and INI ({@code section.key}) files; empty with {@code replace}
 * @param replace the text edit; empty with {@code set}
 */
public record Rewrite(String file, Optional<Format> format, Map<String, String> set, Optional<Replace> replace) {
    public Rewrite {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(replace, "replace");
        if (file.isBlank()) {
            throw new IllegalArgumentException("file must not be blank");
        }
        Placeholders.check(file, false, "file");
        set = keys(set == null ? Map.of() : set);
        if (set.isEmpty() == replace.isEmpty()) {
            throw new IllegalArgumentException("a rewrite of " + file + " needs either set or replace"
                    + (set.isEmpty() ? "" : ", not both"));
        }
        if (replace.isPresent() && format.isPresent()) {
            throw new IllegalArgumentException("format applies to set only; replace edits " + file + " as text");
        }
        if (!set.isEmpty()) {
            String name = file;
            format = format.or(() -> Format.forFileName(name));
            if (format.isEmpty()) {
                throw new IllegalArgumentException("the name of " + file + " does not tell its format; give one");
            }
            if (format.get() == Format.ENV) {
                set.keySet().stream().filter(key -> !Command.ENV_NAME.matcher(key).matches()).findFirst().ifPresent(key -> {
                    throw new IllegalArgumentException("set: '" + key + "' is not a variable name for an env file");
                });
            }
        }
    }

    /** Keys to set in a structured file. */
    public static Rewrite set(String file, Optional<Format> format, Map<String, String> set) {
        return new Rewrite(file, format, set, Optional.empty());
    }

    /** A text edit. */
    public static Rewrite replace(String file, Replace replace) {
        return new Rewrite(file, Optional.empty(), Map.of(), Optional.of(replace));
    }

    private static Map<String, String> keys(Map<String, String> set) {
        Map<String, String> copy = new LinkedHashMap<>();
        set.forEach((key, value) -> {
            Objects.requireNonNull(key, "set key");
            Objects.requireNonNull(value, "set value");
            if (key.isBlank()) {
                throw new IllegalArgumentException("set: keys must not be blank");
            }
            Placeholders.check(key, false, "set key");
            Placeholders.check(value, false, "set " + key);
            copy.put(key, value);
        });
        return copy.isEmpty() ? Map.of() : Collections.unmodifiableMap(copy);
    }

    /** How a rewritten file is written. */
    public enum Format {
        YAML, JSON, PROPERTIES, ENV, INI;

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * The format a file's name tells: {@code .yaml} and {@code .yml}, {@code .json},
         * {@code .properties}, {@code .ini}, and {@code .env} as well as names such as
         * {@code .env.production}; empty for any other name.
         */
        public static Optional<Format> forFileName(String file) {
            String name = file.substring(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1)
                    .toLowerCase(Locale.ROOT);
            int dot = name.lastIndexOf('.');
            String extension = dot < 0 ? "" : name.substring(dot + 1);
            return switch (extension) {
                case "yaml", "yml" -> Optional.of(YAML);
                case "json" -> Optional.of(JSON);
                case "properties" -> Optional.of(PROPERTIES);
                case "env" -> Optional.of(ENV);
                case "ini" -> Optional.of(INI);
                default -> name.startsWith(".env.") ? Optional.of(ENV) : Optional.empty();
            };
        }
    }
}
