package dev.dbmove.config;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Words for YAML nodes in messages a person reads. */
final class YamlNodes {
    private static final int QUOTE_LIMIT = 60;

    private YamlNodes() {
    }

    /** {@code host:}, {@code host: ~} and {@code host: null} all mean "no value". */
    static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag());
    }

    /** What the user wrote, for "expected X, found Y"; quotes the text only when {@code mayQuote}. */
    static String kind(Node node, boolean mayQuote) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (isNull(node)) {
            return "no value";
        }
        if (node instanceof ScalarNode scalar && mayQuote) {
            return "text " + quote(scalar.getValue());
        }
        return "text";
    }

    /** Single-quoted, shortened, control characters made visible, so one bad value cannot flood or garble a terminal. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder("'");
        text.codePoints().limit(QUOTE_LIMIT).forEach(cp -> {
            if (cp == '\n') {
                out.append("\\n");
            } else if (cp == '\t') {
                out.append("\\t");
            } else if (Character.isISOControl(cp)) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        if (text.codePointCount(0, text.length()) > QUOTE_LIMIT) {
            out.append("...");
        }
        return out.append('\'').toString();
    }
}
