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

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks that a syntactically valid comparison makes sense for its entity in one search kind: the
 * comparator is allowed and the value has the right type. MLflow spreads these checks over its parser and
 * its SQL stores; doing them all here means every rejected filter fails before any SQL is built.
 */
final class ComparisonChecker {
    private static final Set<Comparator> NUMERIC = EnumSet.of(EQ, NE, LT, LE, GT, GE);
    private static final Set<Comparator> STRING = EnumSet.of(EQ, NE, LIKE, ILIKE);
    private static final Set<Comparator> STRING_OR_LIST = EnumSet.of(EQ, NE, LIKE, ILIKE, IN, NOT_IN);
    private static final Set<Comparator> NULL_CHECKS = EnumSet.of(IS_NULL, IS_NOT_NULL);

    private final SearchKind kind;
    private final SearchKeys.Rules rules;
    private final String where;

    private ComparisonChecker(SearchKind kind, int column) {
        this.kind = kind;
        this.rules = SearchKeys.rules(kind);
        this.where = " (at column " + column + ")";
    }

    static Comparison check(SearchKind kind, Identifier id, Comparator cmp, Value value, int column) {
        if (kind == SearchKind.TRACES) {
            return TraceComparisonChecker.check(id, cmp, value, column);
        }
        return new ComparisonChecker(kind, column).check(id, cmp, value);
    }

    private Comparison check(Identifier id, Comparator cmp, Value value) {
        if (NULL_CHECKS.contains(cmp) && !rules.nullCheckEntities().contains(id.type())) {
            throw fail(nullCheckMessage(id));
        }
        Value checked = switch (id.type()) {
            case METRIC -> number(id, cmp, value, NUMERIC, "metric");
            case PARAM, TAG -> keyValue(id, cmp, value);
            case DATASET -> string(id, cmp, value, STRING_OR_LIST, "dataset attributes");
            case ATTRIBUTE -> attribute(id, cmp, value);
            case METADATA, SPAN, FEEDBACK, EXPECTATION, ISSUE ->
                    throw new IllegalStateException(id.type() + " outside trace search");
        };
        return new Comparison(id, cmp, checked);
    }

    private Value keyValue(Identifier id, Comparator cmp, Value value) {
        Set<Comparator> allowed = EnumSet.copyOf(kind == SearchKind.LOGGED_MODELS ? STRING_OR_LIST : STRING);
        if (rules.nullCheckEntities().contains(id.type())) {
            allowed.addAll(NULL_CHECKS);
        }
        String what = id.type() == EntityType.TAG ? "tag" : "parameter";
        // MLflow's logged-model store reads an unquoted number as the string it spells.
        if (kind == SearchKind.LOGGED_MODELS && value instanceof NumberValue n) {
            value = new StringValue(n.text());
        }
        return string(id, cmp, value, allowed, what);
    }

    private Value attribute(Identifier id, Comparator cmp, Value value) {
        if (rules.numericAttributes().contains(id.key())) {
            return number(id, cmp, value, NUMERIC, "numeric attribute: " + id.key());
        }
        if (kind == SearchKind.EVALUATION_DATASETS && cmp == NOT_IN) {
            throw fail("List values for '" + id.key() + "' are only supported with the IN comparator.");
        }
        Set<Comparator> allowed = id.key().equals("experiment_id") ? EnumSet.of(EQ, NE, IN, NOT_IN)
                : kind == SearchKind.EXPERIMENTS ? STRING
                // MLflow's dataset store lets <, <=, > and >= through to SQL, which orders the text.
                : kind == SearchKind.EVALUATION_DATASETS ? EnumSet.of(EQ, NE, LIKE, ILIKE, IN, LT, LE, GT, GE)
                : STRING_OR_LIST;
        if ((cmp == IN || cmp == NOT_IN) && !rules.listAttributes().contains(id.key())) {
            throw fail("Only " + rules.listAttributes().stream().sorted().toList()
                    + " attributes support comparison with a list of quoted string values, not '" + id.key() + "'");
        }
        Value checked = string(id, cmp, value, allowed, "attributes");
        if (id.key().equals("experiment_id")) {
            for (String s : checked instanceof ListValue l ? l.values() : List.of(text(checked))) {
                if (!s.matches("\\d+")) {
                    throw fail("Invalid experiment ID '" + s + "': experiment IDs are integers");
                }
            }
        }
        return checked;
    }

    private Value number(Identifier id, Comparator cmp, Value value, Set<Comparator> allowed, String what) {
        requireComparator(id, cmp, allowed);
        // Model versions also accept version_number = '3', like MLflow's int('3').
        if (kind == SearchKind.MODEL_VERSIONS && value instanceof StringValue s
                && s.value().strip().matches("-?\\d+")) {
            String digits = s.value().strip();
            value = new NumberValue(Double.parseDouble(digits), digits);
        }
        if (!(value instanceof NumberValue n)) {
            throw fail("Expected numeric value type for " + what + ". Found " + shown(value));
        }
        // Experiment and registry stores cast time/version values with int() and reject fractions.
        if (id.type() == EntityType.ATTRIBUTE && rules.integerTimes() && !n.isIntegerLiteral()) {
            throw fail("Invalid value for numeric attribute '" + id.key() + "': " + n.text()
                    + " (an integer is required)");
        }
        return n;
    }

    private Value string(Identifier id, Comparator cmp, Value value, Set<Comparator> allowed, String what) {
        requireComparator(id, cmp, allowed);
        if (value == null || value instanceof StringValue || value instanceof ListValue) {
            return value;
        }
        throw fail("Expected a quoted string value for " + what + " (e.g. 'my-value'). Got value " + shown(value));
    }

    private void requireComparator(Identifier id, Comparator cmp, Set<Comparator> allowed) {
        if (!allowed.contains(cmp)) {
            throw fail("Invalid comparator '" + cmp.symbol() + "' for " + describe(id) + ", not one of "
                    + allowed.stream().map(Comparator::symbol).toList());
        }
    }

    private String nullCheckMessage(Identifier id) {
        return switch (kind) {
            case RUNS -> "IS NULL / IS NOT NULL is only supported for tags and params, not for " + describe(id);
            case EXPERIMENTS -> "IS NULL / IS NOT NULL is only supported for tags, not for " + describe(id);
            default -> "IS NULL / IS NOT NULL is not supported when searching "
                    + kind.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " (used on " + describe(id) + ")";
        };
    }

    private static String describe(Identifier id) {
        return id.type().name().toLowerCase(Locale.ROOT) + " '" + id.key() + "'";
    }

    private static String text(Value value) {
        return ((StringValue) value).value();
    }

    static String shown(Value value) {
        return switch (value) {
            case StringValue s -> "'" + s.value() + "'";
            case NumberValue n -> n.text();
            case ListValue l -> l.values().toString();
        };
    }

    private SearchSyntaxException fail(String message) {
        return new SearchSyntaxException(message + where);
    }
}
