package dev.dbmove.cutover.edit;

import dev.dbmove.cutover.edit.JsonOutline.Member;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sets values of JSON object members. A key path is split on dots into nested member names
 * ({@code database.primary.host}); array elements cannot be addressed. Only the value token
 * changes: whitespace, member order and every other character stay byte for byte.
 *
 * <p>The new value is written as a JSON string, unless the old value was a number and the new
 * text is a JSON number, or the old value was {@code true}/{@code false} and the new text is
 * one of those. A path that does not exist is an error naming the members that do exist where
 * the path ends; members are never added. Objects and arrays cannot be replaced.
 */
final class JsonEditor implements ConfigEditor {
    private record Replacement(int start, int end, String text) {
    }

    @Override
    public String apply(String original, LinkedHashMap<String, String> set) throws EditException {
        JsonOutline outline = JsonOutline.parse(original);
        if (set.isEmpty()) {
            return original;
        }
        if (outline.root() != JsonOutline.Kind.OBJECT) {
            throw new EditException("the top level of the file is " + article(outline.root()) + ", not an object, so it has no keys to set",
                    "use replace: with a pattern for this file");
        }
        List<Replacement> replacements = new ArrayList<>();
        for (Map.Entry<String, String> edit : set.entrySet()) {
            List<String> path = KeyPaths.split(edit.getKey());
            List<Member> found = outline.find(path);
            if (found.isEmpty()) {
                throw missing(outline, path, edit.getKey());
            }
            for (Member member : found) {
                String old = original.substring(member.start(), member.end());
                String token = token(edit.getKey(), member, old, edit.getValue(), outline);
                if (!token.equals(old)) {
                    replacements.add(new Replacement(member.start(), member.end(), token));
                }
            }
        }
        replacements.sort(Comparator.comparingInt(Replacement::start).reversed());
        StringBuilder out = new StringBuilder(original);
        for (Replacement r : replacements) {
            out.replace(r.start(), r.end(), r.text());
        }
        return out.toString();
    }

    /** The token to write; the old one when it already stands for the value. */
    private static String token(String key, Member member, String old, String value, JsonOutline outline) throws EditException {
        return switch (member.kind()) {
            case OBJECT -> throw new EditException(key + " is an object, not a single value; its members are "
                    + String.join(", ", outline.childKeys(member.path())), "name one of its members, e.g. " + key + "."
                    + outline.childKeys(member.path()).stream().findFirst().orElse("name"));
            case ARRAY -> throw new EditException(key + " is an array, not a single value", "use replace: to change an array");
            case STRING -> JsonOutline.unquote(old).equals(value) ? old : JsonOutline.quote(value);
            case NUMBER -> old.equals(value) || JsonOutline.NUMBER.matcher(value).matches() ? value : JsonOutline.quote(value);
            case TRUE, FALSE -> old.equals(value) || value.equals("true") || value.equals("false") ? value : JsonOutline.quote(value);
            case NULL -> JsonOutline.quote(value);
        };
    }

    private static EditException missing(JsonOutline outline, List<String> path, String key) {
        for (int depth = path.size() - 1; depth >= 1; depth--) {
            List<String> prefix = path.subList(0, depth);
            Member parent = outline.first(prefix);
            if (parent == null) {
                continue;
            }
            String name = KeyPaths.join(prefix);
            if (parent.kind() != JsonOutline.Kind.OBJECT) {
                return new EditException("key " + key + " goes through " + name + ", which is " + article(parent.kind()) + ", not an object",
                        parent.kind() == JsonOutline.Kind.ARRAY ? "use replace: to change array elements" : "correct the key path");
            }
            return KeyPaths.missing(key, name, path.get(depth), "in " + name, outline.childKeys(prefix), "");
        }
        return KeyPaths.missing(key, "", path.get(0), "at the top level", outline.childKeys(List.of()), "");
    }

    private static String article(JsonOutline.Kind kind) {
        return switch (kind) {
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            default -> "the literal " + kind.name().toLowerCase(Locale.ROOT);
        };
    }
}
