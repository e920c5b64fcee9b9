package dev.dbmove.cutover.edit;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The config file formats whose keys dbmove can set; each has its {@link ConfigEditor}. */
public enum ConfigFormat {
    YAML, JSON, PROPERTIES, ENV, INI;

    private static final Pattern SECTION_LINE = Pattern.compile("(?m)^[ \\t]*\\[[^\\]\\r\\n]+\\][ \\t]*([;#].*)?\\r?$");

    public ConfigEditor editor() {
        return switch (this) {
            case YAML -> new YamlEditor();
            case JSON -> new JsonEditor();
            case PROPERTIES -> new PropertiesEditor();
            case ENV -> new EnvEditor();
            case INI -> new IniEditor();
        };
    }

    /**
     * The format a file's name (and, for {@code .cnf}/{@code .conf}, its content) tells:
     * {@code .yml}/{@code .yaml}, {@code .json}, {@code .properties}; {@code .ini}; {@code .cnf}
     * and {@code .conf} only when they have {@code [section]} lines (many {@code .conf} files are
     * not INI); {@code .env}, {@code .env.*} and {@code *.env}. Empty when the name tells nothing.
     *
     * @param content the file's text; only looked at for {@code .cnf}/{@code .conf}
     */
    public static Optional<ConfigFormat> detect(Path file, String content) {
        Path fileName = file.getFileName();
        String name = fileName == null ? "" : fileName.toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".yml") || name.endsWith(".yaml")) {
            return Optional.of(YAML);
        }
        if (name.endsWith(".json")) {
            return Optional.of(JSON);
        }
        if (name.endsWith(".properties")) {
            return Optional.of(PROPERTIES);
        }
        if (name.endsWith(".ini")) {
            return Optional.of(INI);
        }
        if (name.endsWith(".cnf") || name.endsWith(".conf")) {
            return SECTION_LINE.matcher(content).find() ? Optional.of(INI) : Optional.empty();
        }
        if (name.startsWith(".env") || name.endsWith(".env")) {
            return Optional.of(ENV);
        }
        return Optional.empty();
    }

    /** The format a job file names: {@code yaml} (or {@code yml}), {@code json}, {@code properties}, {@code env}, {@code ini}; case does not matter. */
    public static Optional<ConfigFormat> named(String name) {
        String lower = name.strip().toLowerCase(Locale.ROOT);
        if (lower.equals("yml")) {
            return Optional.of(YAML);
        }
        for (ConfigFormat format : values()) {
            if (format.name().toLowerCase(Locale.ROOT).equals(lower)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /** The name a job file uses, e.g. {@code yaml}. */
    public String jobFileName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
