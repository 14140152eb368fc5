package dev.labbook.search;

import dev.labbook.search.Token.Kind;
import java.util.List;
import java.util.Map;

/** Turns the name tokens of a left-hand side ({@code entity.key} or a bare key) into an {@link Identifier}. */
final class IdentifierResolver {
    private IdentifierResolver() {}

    /**
     * @param parts name tokens without the dots between them
     * @param attributes accepted attribute spellings mapped to canonical names (filter or order_by set)
     * @param source the whole input, for error messages
     */
    static Identifier resolve(SearchKind kind, List<Token> parts, Map<String, String> attributes, String source) {
        SearchKeys.Rules rules = SearchKeys.rules(kind);
        Token first = parts.get(0);
        String where = " (at column " + first.column() + ")";
        if (parts.size() == 1) {
            return attribute(first.value(), attributes, where);
        }
        EntityType type = entityType(rules, first, where);
        String key = type == EntityType.SPAN ? spanKey(parts.subList(1, parts.size()), source, where)
                : key(parts.subList(1, parts.size()), source, where);
        if (key.isEmpty()) {
            throw new SearchSyntaxException("Empty key in identifier '" + text(parts, source) + "'" + where);
        }
        if (type == EntityType.ATTRIBUTE) {
            return attribute(key, attributes, where);
        }
        if (type == EntityType.DATASET && !SearchKeys.DATASET_KEYS.contains(key)) {
            throw new SearchSyntaxException("Invalid dataset key '" + key + "' specified. Valid keys are "
                    + List.of("name", "digest", "context") + where);
        }
        return new Identifier(type, key);
    }

    private static EntityType entityType(SearchKeys.Rules rules, Token word, String where) {
        // MLflow trims backticks from the entity word only in run and logged-model searches, and never
        // accepts it double-quoted; matching is case-sensitive.
        boolean quotedOk = word.kind() == Kind.WORD || (word.kind() == Kind.BACKTICK && rules.quotedEntityWord());
        EntityType type = quotedOk ? rules.entityWords().get(word.value()) : null;
        if (type == null) {
            String shown = word.kind() == Kind.WORD ? word.value() : word.text();
            throw new SearchSyntaxException("Invalid entity type '" + shown + "'. Valid values are "
                    + List.copyOf(rules.entityWords().keySet()) + where);
        }
        return type;
    }

    /**
     * Span keys may quote just the attribute name, {@code span.attributes.`my.key`}: MLflow splits off the
     * entity only and trims the backticks of what follows "attributes.".
     */
    private static String spanKey(List<Token> keyParts, String source, String where) {
        Token first = keyParts.get(0);
        if (keyParts.size() == 2 && first.kind() == Kind.WORD && first.value().equals("attributes")) {
            return TraceKeys.SPAN_ATTRIBUTES + keyParts.get(1).value();
        }
        return key(keyParts, source, where);
    }

    /** One quoted segment, or plain segments re-joined with dots ({@code tags.mlflow.runName}). */
    private static String key(List<Token> keyParts, String source, String where) {
        if (keyParts.size() == 1) {
            return keyParts.get(0).value();
        }
        for (Token part : keyParts) {
            if (part.kind() != Kind.WORD) {
                throw new SearchSyntaxException("Invalid identifier '"
                        + source.substring(keyParts.get(0).start(), part.end())
                        + "': quote the whole key, e.g. tags.`my.key`" + where);
            }
        }
        StringBuilder key = new StringBuilder();
        for (Token part : keyParts) {
            key.append(key.isEmpty() ? "" : ".").append(part.value());
        }
        return key.toString();
    }

    private static Identifier attribute(String key, Map<String, String> attributes, String where) {
        String canonical = attributes.get(key);
        if (canonical == null) {
            throw new SearchSyntaxException("Invalid attribute key '" + key + "' specified. Valid keys are "
                    + List.copyOf(attributes.keySet()) + where);
        }
        return new Identifier(EntityType.ATTRIBUTE, canonical);
    }

    static String text(List<Token> parts, String source) {
        return source.substring(parts.get(0).start(), parts.get(parts.size() - 1).end());
    }
}
