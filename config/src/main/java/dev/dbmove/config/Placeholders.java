package dev.dbmove.config;

import dev.dbmove.core.Endpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The placeholders of the {@code cutover} section, {@code ${target.host}} and the like, which
 * the cutover fills in once it runs; the loader keeps them as written. Texts of the cutover
 * section are templates in this syntax: {@code ${source.NAME}} and {@code ${target.NAME}} are
 * placeholders, {@code $${} stands for a literal {@code ${}, anything else is literal text.
 * ({@code ${env:...}} and {@code ${file:...}} are resolved by the loader; what they give is
 * escaped, so a {@code ${} in a secret stays literal.)
 *
 * <p>A password placeholder may only appear in a command's {@code env:} map: anywhere else the
 * password would end up in a file, a URL or a command line.
 */
public final class Placeholders {
    /** What each endpoint offers, in the order messages list them. */
    public static final List<String> FIELDS = List.of("host", "port", "user", "database", "schema", "password");
    /** Every placeholder name, e.g. {@code target.host}, without {@code ${ }}. */
    public static final List<String> NAMES = Stream.of("target", "source")
            .flatMap(side -> FIELDS.stream().map(field -> side + "." + field)).toList();
    /** The names that give a password; allowed in a command's {@code env:} only. */
    public static final Set<String> PASSWORDS = Set.of("source.password", "target.password");

    /** For messages: every placeholder, as written in a job file. */
    static final String FORMS = FIELDS.stream().map(field -> "${target." + field + "}").collect(Collectors.joining(", "))
            + " and the same with source.";

    private Placeholders() {
    }

    /**
     * Fills in every placeholder of a template and turns {@code $${} into {@code ${}.
     *
     * @param values the value of each name in {@link #NAMES}, e.g. {@link #of(Endpoint, Endpoint)}
     * @throws IllegalArgumentException for a name that is not a placeholder or has no value, or an unterminated {@code ${}
     */
    public static String expand(String template, Function<String, String> values) {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(values, "values");
        StringBuilder out = new StringBuilder(template.length());
        scan(template, out::append, name -> {
            String value = NAMES.contains(name) ? values.apply(name) : null;
            if (value == null) {
                throw new IllegalArgumentException("no value for ${" + name + "}");
            }
            out.append(value);
        });
        return out.toString();
    }

    /**
     * The values of the placeholders for a job's two endpoints; the passwords revealed, so
     * the result belongs only in a command's environment. Null for other names.
     */
    public static Function<String, String> of(Endpoint source, Endpoint target) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        return name -> {
            int dot = name.indexOf('.');
            if (dot < 0 || !NAMES.contains(name)) {
                return null;
            }
            Endpoint endpoint = name.startsWith("source.") ? source : target;
            return switch (name.substring(dot + 1)) {
                case "host" -> endpoint.host();
                case "port" -> String.valueOf(endpoint.port());
                case "user" -> endpoint.user();
                case "database" -> endpoint.database();
                case "schema" -> endpoint.schema();
                case "password" -> endpoint.password().reveal();
                default -> null;
            };
        };
    }

    /** The placeholder names a template uses, in order. @throws IllegalArgumentException for an unterminated {@code ${} */
    public static List<String> names(String template) {
        List<String> names = new ArrayList<>();
        scan(template, literal -> { }, names::add);
        return names;
    }

    /**
     * Checks a template for the records' constructors: every placeholder known, a password
     * only where {@code passwordsAllowed}.
     *
     * @param what names the text in the exception, e.g. "run"
     * @throws IllegalArgumentException otherwise
     */
    static void check(String template, boolean passwordsAllowed, String what) {
        List<String> names;
        try {
            names = names(template);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage());
        }
        for (String name : names) {
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException(what + ": unknown placeholder ${" + name + "}");
            }
            if (!passwordsAllowed && PASSWORDS.contains(name)) {
                throw new IllegalArgumentException(what + ": ${" + name + "} is allowed only in a command's env");
            }
        }
    }

    /** Literal text made template text: each {@code ${} becomes {@code $${}. */
    static String escape(CharSequence literal) {
        return literal.toString().replace("${", "$${");
    }

    /** Stand-in values for checking a template's shape, e.g. that a URL parses, before the real ones are known. */
    static String example(String name) {
        return switch (name.substring(name.indexOf('.') + 1)) {
            case "host" -> "db.example.com";
            case "port" -> "5432";
            case "user" -> "dbmove";
            case "database" -> "app";
            case "schema" -> "public";
            default -> "password";
        };
    }

    private static void scan(String template, java.util.function.Consumer<String> literal,
                             java.util.function.Consumer<String> placeholder) {
        int i = 0;
        int literalStart = 0;
        while (i < template.length()) {
            if (template.startsWith("$${", i)) {
                literal.accept(template.substring(literalStart, i) + "${");
                i += 3;
                literalStart = i;
            } else if (template.startsWith("${", i)) {
                int end = template.indexOf('}', i + 2);
                if (end < 0) {
                    // The template is not quoted: in a command's env it may hold a secret.
                    throw new IllegalArgumentException("unterminated '${' in a template; write $${ for a literal ${");
                }
                literal.accept(template.substring(literalStart, i));
                placeholder.accept(template.substring(i + 2, end));
                i = end + 1;
                literalStart = i;
            } else {
                i++;
            }
        }
        literal.accept(template.substring(literalStart));
    }
}
