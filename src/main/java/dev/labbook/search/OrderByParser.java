package dev.labbook.search;

import dev.labbook.search.Token.Kind;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Parses one order_by entry: {@code identifier [ASC | DESC]}, direction case-insensitive, ASC by default. */
final class OrderByParser {
    private OrderByParser() {}

    static OrderBy parse(String orderBy, SearchKind kind) {
        String clause = "Invalid order_by clause '" + (orderBy == null ? "" : orderBy) + "'";
        if (orderBy == null || orderBy.isBlank()) {
            throw new SearchSyntaxException(clause + ". Could not be parsed.");
        }
        if (kind == SearchKind.LOGGED_MODELS) {
            return loggedModelField(orderBy.strip());
        }
        List<Token> tokens = Lexer.tokenize(orderBy, clause + ": ");
        if (!tokens.get(0).isName()) {
            throw new SearchSyntaxException(clause + ". Could not be parsed: expected a key but found "
                    + tokens.get(0).describe() + " at column " + tokens.get(0).column());
        }
        List<Token> parts = FilterParser.names(tokens, 0);
        int i = parts.size() * 2 - 1;
        boolean ascending = true;
        Token direction = tokens.get(i);
        if (direction.kind() == Kind.WORD) {
            if (!direction.isWord("ASC") && !direction.isWord("DESC")) {
                throw new SearchSyntaxException("Invalid ordering key in order_by clause '" + orderBy + "': found '"
                        + direction.text() + "' at column " + direction.column() + ", expected ASC or DESC");
            }
            ascending = direction.isWord("ASC");
            i++;
        }
        Token rest = tokens.get(i);
        if (rest.kind() != Kind.EOF) {
            throw new SearchSyntaxException(clause + ". Could not be parsed: unexpected " + rest.describe()
                    + " at column " + rest.column());
        }
        return new OrderBy(identifier(kind, parts, orderBy), ascending);
    }

    private static Identifier identifier(SearchKind kind, List<Token> parts, String orderBy) {
        Map<String, String> attributes = SearchKeys.rules(kind).orderAttributes();
        if (kind == SearchKind.REGISTERED_MODELS && parts.size() > 1) {
            // The registered-model store matches the raw text against its key list, so no entity prefix.
            throw new SearchSyntaxException("Invalid order by key '" + IdentifierResolver.text(parts, orderBy)
                    + "' specified. Valid keys are " + List.copyOf(attributes.keySet()));
        }
        Identifier id = IdentifierResolver.resolve(kind, parts, attributes, orderBy);
        if (kind == SearchKind.TRACES) {
            return traceKey(TraceKeys.remap(id), orderBy);
        }
        boolean allowed = switch (id.type()) {
            case ATTRIBUTE -> true;
            case METRIC, PARAM, TAG -> kind == SearchKind.RUNS;
            case DATASET, METADATA, SPAN, FEEDBACK, EXPECTATION, ISSUE -> false;
        };
        if (!allowed) {
            throw new SearchSyntaxException("Invalid order_by entity: "
                    + id.type().name().toLowerCase(Locale.ROOT) + " in '" + orderBy + "'");
        }
        return id;
    }

    /** Traces order by attributes (name and run_id become a tag and metadata), tags and request metadata. */
    private static Identifier traceKey(Identifier id, String orderBy) {
        EntityType type = id.type();
        if (type != EntityType.ATTRIBUTE && type != EntityType.TAG && type != EntityType.METADATA) {
            throw new SearchSyntaxException("Invalid identifier type '" + TraceKeys.entityName(type)
                    + "' in order_by clause '" + orderBy + "': traces order by attributes, tags and request metadata");
        }
        if (type == EntityType.METADATA && TraceKeys.RESERVED_METADATA.contains(id.key())) {
            throw new SearchSyntaxException("Ordering by reserved metadata '" + id.key()
                    + "' is not supported because it is represented by multiple columns.");
        }
        return id;
    }

    /**
     * Logged models send order_by as objects whose {@code field_name} is an attribute or
     * {@code metrics.<key>}; the key is taken verbatim after the first dot (MLflow does not tokenize it)
     * and the direction travels separately, so this always returns ascending.
     */
    private static OrderBy loggedModelField(String field) {
        int dot = field.indexOf('.');
        if (dot >= 0) {
            String entity = field.substring(0, dot);
            String key = field.substring(dot + 1);
            if (key.length() >= 2 && key.startsWith("`") && key.endsWith("`")) {
                key = key.substring(1, key.length() - 1);
            }
            if (!entity.equals("metrics") || key.isEmpty()) {
                throw new SearchSyntaxException("Invalid order by field name: " + field
                        + ", only attributes and `metrics.<name>` are allowed.");
            }
            return new OrderBy(new Identifier(EntityType.METRIC, key), true);
        }
        String canonical = SearchKeys.rules(SearchKind.LOGGED_MODELS).orderAttributes().get(field);
        if (canonical == null) {
            throw new SearchSyntaxException("Invalid order by field name: " + field + ". Valid keys are "
                    + List.copyOf(SearchKeys.rules(SearchKind.LOGGED_MODELS).orderAttributes().keySet()));
        }
        return new OrderBy(new Identifier(EntityType.ATTRIBUTE, canonical), true);
    }
}
