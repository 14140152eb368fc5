package dev.labbook.search;

import static dev.labbook.search.Comparator.EQ;
import static dev.labbook.search.Comparator.GE;
import static dev.labbook.search.Comparator.GT;
import static dev.labbook.search.Comparator.ILIKE;
import static dev.labbook.search.Comparator.IN;
import static dev.labbook.search.Comparator.IS_NOT_NULL;
import static dev.labbook.search.Comparator.IS_NULL;
import static dev.labbook.search.Comparator.LE;
import static dev.labbook.search.Comparator.LIKE;
import static dev.labbook.search.Comparator.LT;
import static dev.labbook.search.Comparator.NE;
import static dev.labbook.search.Comparator.NOT_IN;
import static dev.labbook.search.Comparator.RLIKE;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Trace search's checks, in MLflow's order: the value's shape is checked against the entity as written
 * (SearchTraceUtils._get_value), then the key is rewritten by {@link TraceKeys#remap} and the comparator
 * is checked against what it became (the SQL store's is_tag / is_span / is_assessment / is_issue). So
 * {@code name IN ('a')} passes the first step, as name is a list attribute, and fails the second, as tags
 * take no lists.
 */
final class TraceComparisonChecker {
    private static final Set<Comparator> NUMERIC = EnumSet.of(EQ, NE, LT, LE, GT, GE);
    private static final Set<Comparator> ORDERING = EnumSet.of(LT, LE, GT, GE);
    private static final Set<Comparator> STRING_ATTRIBUTE = EnumSet.of(EQ, NE, LIKE, ILIKE, RLIKE, IN, NOT_IN);
    private static final Set<Comparator> KEY_VALUE = EnumSet.of(EQ, NE, LIKE, ILIKE, RLIKE, IS_NULL, IS_NOT_NULL);
    private static final Set<Comparator> RESERVED_METADATA_COMPARATORS = EnumSet.of(EQ, NE, IS_NULL, IS_NOT_NULL);
    private static final Set<Comparator> SPAN_CONTENT = EnumSet.of(LIKE, ILIKE);
    // MLflow's parser also lets IN and NOT IN through for span attributes, then its store fails on them.
    private static final Set<Comparator> SPAN_ATTRIBUTE = EnumSet.of(EQ, NE, LIKE, ILIKE, RLIKE);
    private static final Set<Comparator> ASSESSMENT =
            EnumSet.of(EQ, NE, LT, LE, GT, GE, LIKE, ILIKE, RLIKE, IS_NULL, IS_NOT_NULL);
    private static final Set<String> SPAN_COLUMNS = Set.of("name", "type", "status");
    private static final String PROMPT_FORMAT = "Expected format: prompt = \"name/version\"";

    private final SearchKeys.Rules rules = SearchKeys.rules(SearchKind.TRACES);
    private final String where;

    private TraceComparisonChecker(int column) {
        this.where = " (at column " + column + ")";
    }

    static Comparison check(Identifier id, Comparator cmp, Value value, int column) {
        return new TraceComparisonChecker(column).check(id, cmp, value);
    }

    private Comparison check(Identifier written, Comparator cmp, Value value) {
        if (value != null) {
            checkShape(written, cmp, value);
        }
        Identifier id = TraceKeys.remap(written);
        String key = id.key();
        switch (id.type()) {
            case ATTRIBUTE -> {
                if (rules.numericAttributes().contains(key)) {
                    require(cmp, NUMERIC, "Invalid comparator '" + cmp + "' for attribute '" + key + "',");
                    return new Comparison(id, cmp, number(key, value));
                }
                require(cmp, STRING_ATTRIBUTE, "Invalid comparator '" + cmp + "' for attribute '" + key + "',");
            }
            case TAG -> {
                require(cmp, KEY_VALUE, "Invalid comparator '" + cmp + "' for tag '" + key + "',");
                if (key.equals(TraceKeys.LINKED_PROMPTS)) {
                    checkPrompt(cmp, value);
                }
            }
            case METADATA -> {
                require(cmp, KEY_VALUE, "Invalid comparator '" + cmp + "' for request_metadata '" + key + "',");
                if (TraceKeys.RESERVED_METADATA.contains(key) && !RESERVED_METADATA_COMPARATORS.contains(cmp)) {
                    throw fail("Comparator '" + cmp + "' is not supported for reserved metadata '" + key
                            + "'. Only '=', '!=', 'IS NULL', and 'IS NOT NULL' are supported.");
                }
            }
            case SPAN -> checkSpan(key, cmp);
            case FEEDBACK, EXPECTATION -> require(cmp, ASSESSMENT, "assessment." + key + " comparator '" + cmp + "'");
            case ISSUE -> {
                if (!key.equals("id")) {
                    throw fail("Invalid issue attribute '" + key + "'. Supported attributes: id");
                }
                require(cmp, EnumSet.of(EQ), "issue.id comparator '" + cmp + "'");
            }
            default -> throw new IllegalStateException(id.type() + " in a trace filter");
        }
        return new Comparison(id, cmp, value);
    }

    /** What MLflow's parser accepts on the right-hand side, judged by the entity as written. */
    private void checkShape(Identifier id, Comparator cmp, Value value) {
        String entity = TraceKeys.entityName(id.type());
        switch (id.type()) {
            case ATTRIBUTE -> {
                if (value instanceof ListValue && !rules.listAttributes().contains(id.key())) {
                    throw fail("Only attributes in " + rules.listAttributes().stream().sorted().toList()
                            + " support comparison with a list of quoted string values, not '" + id.key() + "'");
                }
                if (value instanceof NumberValue && !rules.numericAttributes().contains(id.key())) {
                    List<String> numeric = rules.filterAttributes().entrySet().stream()
                            .filter(e -> rules.numericAttributes().contains(e.getValue())).map(Map.Entry::getKey).toList();
                    throw fail("Only the " + numeric + " attributes support comparison with numeric values, not '"
                            + id.key() + "'");
                }
            }
            case TAG, SPAN -> {
                if (value instanceof NumberValue) {
                    throw expectedString(entity, value);
                }
            }
            case FEEDBACK, EXPECTATION -> {
                boolean ordering = ORDERING.contains(cmp);
                if (ordering && !(value instanceof NumberValue)) {
                    throw fail("Expected a numeric value for " + entity + " when using comparator '" + cmp
                            + "'. Got value " + ComparisonChecker.shown(value));
                }
                if (!ordering && !(value instanceof StringValue)) {
                    throw expectedString(entity, value);
                }
            }
            default -> {
                if (!(value instanceof StringValue)) {
                    throw expectedString(entity, value);
                }
            }
        }
    }

    private void checkSpan(String key, Comparator cmp) {
        String what = "span." + key + " comparator '" + cmp + "'";
        if (key.startsWith(TraceKeys.SPAN_ATTRIBUTES)) {
            if (key.length() == TraceKeys.SPAN_ATTRIBUTES.length()) {
                throw fail("Span attribute name cannot be empty after 'attributes.'");
            }
            require(cmp, SPAN_ATTRIBUTE, what);
        } else if (SPAN_COLUMNS.contains(key)) {
            require(cmp, STRING_ATTRIBUTE, what);
        } else if (key.equals(TraceKeys.SPAN_CONTENT)) {
            require(cmp, SPAN_CONTENT, what);
        } else {
            throw fail("Invalid span attribute '" + key
                    + "'. Supported attributes: name, status, type, attributes.<attribute_name>.");
        }
    }

    /** MLflow matches prompts by exact name and version only. */
    private void checkPrompt(Comparator cmp, Value value) {
        if (cmp != EQ) {
            throw fail("Invalid comparator '" + cmp + "' for prompts filter. Only '=' is supported with format: "
                    + "prompt = \"name/version\"");
        }
        String text = ((StringValue) value).value();
        if (text.chars().filter(c -> c == '/').count() != 1) {
            throw fail("Invalid prompts filter value '" + text + "'. " + PROMPT_FORMAT);
        }
    }

    /** Time attributes also take a quoted number, which MLflow's database compares as a number. */
    private NumberValue number(String key, Value value) {
        if (value instanceof NumberValue n) {
            return n;
        }
        String text = ((StringValue) value).value().strip();
        try {
            double parsed = Double.parseDouble(text);
            if (Double.isFinite(parsed) && text.matches("[-+]?[0-9.eE+-]+")) {
                return new NumberValue(parsed, text);
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw fail("Expected numeric value type for numeric attribute: " + key + ". Found "
                + ComparisonChecker.shown(value));
    }

    private void require(Comparator cmp, Set<Comparator> allowed, String what) {
        if (!allowed.contains(cmp)) {
            throw fail(what + " not one of " + allowed.stream().map(Comparator::symbol).toList());
        }
    }

    private SearchSyntaxException expectedString(String entity, Value value) {
        return fail("Expected a quoted string value for " + entity + " (e.g. 'my-value'). Got value "
                + ComparisonChecker.shown(value));
    }

    private SearchSyntaxException fail(String message) {
        return new SearchSyntaxException(message + where);
    }
}
