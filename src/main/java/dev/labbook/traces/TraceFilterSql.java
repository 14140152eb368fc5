package dev.labbook.traces;

import static dev.labbook.db.schema.Tables.ASSESSMENTS;
import static dev.labbook.db.schema.Tables.SPANS;
import static dev.labbook.db.schema.Tables.TRACE_INFO;
import static dev.labbook.db.schema.Tables.TRACE_REQUEST_METADATA;
import static dev.labbook.db.schema.Tables.TRACE_RUN_LINKS;
import static dev.labbook.db.schema.Tables.TRACE_TAGS;

import dev.labbook.db.FilterSql;
import dev.labbook.db.SortKey;
import dev.labbook.db.schema.tables.Assessments;
import dev.labbook.http.MlflowException;
import dev.labbook.search.Comparator;
import dev.labbook.search.Comparison;
import dev.labbook.search.EntityType;
import dev.labbook.search.FilterParser;
import dev.labbook.search.Identifier;
import dev.labbook.search.OrderBy;
import dev.labbook.search.SearchKind;
import dev.labbook.search.StringValue;
import dev.labbook.search.TraceKeys;
import dev.labbook.search.TraceMatchText;
import dev.labbook.search.Value;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record1;
import org.jooq.SelectConditionStep;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Trace search as SQL over the unaliased TRACE_INFO, after MLflow 3.18's SQL store, in one statement: tag
 * and metadata comparisons are IN sub-queries that can start from the (key, value) indexes; assessment,
 * issue and span comparisons are EXISTS probes by trace id, and all span comparisons share one EXISTS, so
 * {@code span.name = 'llm' AND span.status = 'ERROR'} needs a span that is both. Sub-queries refer to the
 * outer TRACE_INFO, so the caller selects from it unaliased.
 */
public final class TraceFilterSql {
    private static final Identifier TIMESTAMP = new Identifier(EntityType.ATTRIBUTE, "timestamp_ms");
    private static final Identifier REQUEST_ID = new Identifier(EntityType.ATTRIBUTE, "request_id");

    private TraceFilterSql() {}

    /** The rows of TRACE_INFO that match every comparison of a {@link SearchKind#TRACES} filter. */
    public static Condition where(List<Comparison> filter) {
        return where(filter, false);
    }

    /**
     * As {@link #where(List)}; with {@code probePerTrace}, tag and metadata equalities become a primary-key
     * probe of each trace instead of an IN over the (key, value) index. When many traces match, the database
     * then walks the experiment's newest-first index and stops at the page's end, rather than reading every
     * match and sorting them.
     */
    public static Condition where(List<Comparison> filter, boolean probePerTrace) {
        Condition where = DSL.trueCondition();
        List<Condition> onOneSpan = new ArrayList<>();
        for (Comparison c : filter) {
            String key = c.identifier().key();
            switch (c.identifier().type()) {
                case ATTRIBUTE -> where = where.and(attribute(c));
                case TAG -> where = where.and(probePerTrace && probeable(c) ? probe(TRACE_TAGS, TRACE_TAGS.VALUE,
                        TRACE_TAGS.REQUEST_ID, TRACE_TAGS.KEY, c) : tag(c));
                case METADATA -> where = where.and(probePerTrace && probeable(c) ? probe(TRACE_REQUEST_METADATA,
                        TRACE_REQUEST_METADATA.VALUE, TRACE_REQUEST_METADATA.REQUEST_ID, TRACE_REQUEST_METADATA.KEY, c) : metadata(c));
                case SPAN -> onOneSpan.add(span(key, c.comparator(), c.value()));
                case FEEDBACK, EXPECTATION -> where = where.and(assessment(c));
                // An issue reference is an assessment named after the issue; validity is not checked.
                case ISSUE -> where = where.and(DSL.exists(DSL.selectOne().from(ASSESSMENTS)
                        .where(ASSESSMENTS.TRACE_ID.eq(TRACE_INFO.REQUEST_ID))
                        .and(ASSESSMENTS.ASSESSMENT_TYPE.eq("issue"))
                        .and(ASSESSMENTS.NAME.eq(text(c.value())))));
                default -> throw MlflowException.invalidParameter(
                        "Invalid search expression type '" + c.identifier().type() + "'");
            }
        }
        if (!onOneSpan.isEmpty()) {
            where = where.and(DSL.exists(DSL.selectOne().from(SPANS)
                    .where(SPANS.TRACE_ID.eq(TRACE_INFO.REQUEST_ID)).and(DSL.and(onOneSpan))));
        }
        return where;
    }

    /**
     * The first tag or metadata equality that {@link #where(List, boolean)} could probe per trace; the
     * caller asks the database how common its value is before choosing.
     */
    public static Optional<Comparison> probeableEquality(List<Comparison> filter) {
        return filter.stream().filter(c -> (c.identifier().type() == EntityType.TAG
                || c.identifier().type() == EntityType.METADATA) && probeable(c)).findFirst();
    }

    /** Plain equalities; the linked-prompts tag and run_id (which also follows run links) keep their own SQL. */
    private static boolean probeable(Comparison c) {
        String key = c.identifier().key();
        return c.comparator() == Comparator.EQ && c.value() instanceof StringValue
                && !(c.identifier().type() == EntityType.TAG && key.equals(TraceKeys.LINKED_PROMPTS))
                && !(c.identifier().type() == EntityType.METADATA && key.equals(TraceKeys.SOURCE_RUN));
    }

    /** The trace's one value for the key ((trace, key) is the primary key) equals the compared value. */
    private static Condition probe(Table<?> table, Field<String> value, Field<String> traceId, Field<String> key,
                                   Comparison c) {
        return DSL.field(DSL.select(value).from(table).where(traceId.eq(TRACE_INFO.REQUEST_ID))
                .and(key.eq(c.identifier().key()))).eq(text(c.value()));
    }

    /**
     * The ORDER BY for {@code order_by} entries, then MLflow's timestamp_ms DESC and request_id ASC unless
     * given; nothing follows request_id, which is unique and so ends every order (as keyset paging needs).
     * Missing tag and metadata values and open traces' execution times sort last in both directions.
     */
    public static List<SortKey> sortKeys(List<String> orderBy) {
        List<SortKey> keys = new ArrayList<>();
        Set<Identifier> seen = new HashSet<>();
        for (String clause : orderBy) {
            OrderBy o = FilterParser.parseOrderBy(clause, SearchKind.TRACES);
            boolean decided = seen.contains(REQUEST_ID);
            if (!seen.add(o.identifier())) {
                throw MlflowException.invalidParameter("`order_by` contains duplicate fields: " + orderBy);
            }
            if (!decided) {
                addOrder(keys, o);
            }
        }
        if (!seen.contains(REQUEST_ID)) {
            if (!seen.contains(TIMESTAMP)) {
                keys.add(SortKey.of(TRACE_INFO.TIMESTAMP_MS, false));
            }
            keys.add(SortKey.of(TRACE_INFO.REQUEST_ID, true));
        }
        return List.copyOf(keys);
    }

    private static void addOrder(List<SortKey> keys, OrderBy o) {
        String key = o.identifier().key();
        Field<?> value = switch (o.identifier().type()) {
            case TAG -> DSL.field(DSL.select(TRACE_TAGS.VALUE).from(TRACE_TAGS)
                    .where(TRACE_TAGS.REQUEST_ID.eq(TRACE_INFO.REQUEST_ID).and(TRACE_TAGS.KEY.eq(key))));
            case METADATA -> DSL.field(DSL.select(TRACE_REQUEST_METADATA.VALUE).from(TRACE_REQUEST_METADATA)
                    .where(TRACE_REQUEST_METADATA.REQUEST_ID.eq(TRACE_INFO.REQUEST_ID)
                            .and(TRACE_REQUEST_METADATA.KEY.eq(key))));
            default -> attributeField(key);
        };
        if (o.identifier().type() == EntityType.ATTRIBUTE && value != TRACE_INFO.EXECUTION_TIME_MS) {
            keys.add(SortKey.of(value, o.ascending()));
        } else {
            keys.add(SortKey.of(DSL.when(value.isNull(), 1).otherwise(0), true));
            keys.add(new SortKey(value, o.ascending(), true));
        }
    }

    private static Field<?> attributeField(String key) {
        return switch (key) {
            case "experiment_id" -> TRACE_INFO.EXPERIMENT_ID;
            case "timestamp_ms" -> TRACE_INFO.TIMESTAMP_MS;
            case "execution_time_ms" -> TRACE_INFO.EXECUTION_TIME_MS;
            case "end_time_ms" -> endTime();
            case "status" -> TRACE_INFO.STATUS;
            case "request_id" -> TRACE_INFO.REQUEST_ID;
            case "client_request_id" -> TRACE_INFO.CLIENT_REQUEST_ID;
            default -> throw MlflowException.invalidParameter("Invalid attribute key '" + key + "' specified.");
        };
    }

    /** A trace still running has no execution time; MLflow then takes its end to be its start. */
    private static Field<Long> endTime() {
        return TRACE_INFO.TIMESTAMP_MS.plus(DSL.coalesce(TRACE_INFO.EXECUTION_TIME_MS, 0L));
    }

    @SuppressWarnings("unchecked")
    private static Condition attribute(Comparison c) {
        Field<?> field = attributeField(c.identifier().key());
        if (field.getType() == Long.class) {
            return FilterSql.onNumber((Field<Long>) field, c.comparator(), c.value());
        }
        return FilterSql.onString((Field<String>) field, c.comparator(), c.value());
    }

    /** The linked-prompts tag is matched by exact name and version, the other tags by their value. */
    private static Condition tag(Comparison c) {
        var withKey = DSL.select(TRACE_TAGS.REQUEST_ID).from(TRACE_TAGS).where(TRACE_TAGS.KEY.eq(c.identifier().key()));
        if (!c.identifier().key().equals(TraceKeys.LINKED_PROMPTS)) {
            return keyed(withKey, TRACE_TAGS.VALUE, c);
        }
        Condition entry = DSL.falseCondition();
        for (String pattern : TraceMatchText.linkedPromptPatterns(text(c.value()))) {
            entry = entry.or(TRACE_TAGS.VALUE.like(pattern, TraceMatchText.LIKE_ESCAPE));
        }
        return TRACE_INFO.REQUEST_ID.in(withKey.and(entry));
    }

    /**
     * {@code run_id = 'x'} (metadata mlflow.sourceRun) also finds the traces linked to run x; any other
     * comparator looks at the metadata alone, as MLflow's store does.
     */
    private static Condition metadata(Comparison c) {
        var withKey = DSL.select(TRACE_REQUEST_METADATA.REQUEST_ID).from(TRACE_REQUEST_METADATA)
                .where(TRACE_REQUEST_METADATA.KEY.eq(c.identifier().key()));
        Condition matches = keyed(withKey, TRACE_REQUEST_METADATA.VALUE, c);
        if (c.identifier().key().equals(TraceKeys.SOURCE_RUN) && c.comparator() == Comparator.EQ) {
            return matches.or(TRACE_INFO.REQUEST_ID.in(DSL.select(TRACE_RUN_LINKS.REQUEST_ID).from(TRACE_RUN_LINKS)
                    .where(TRACE_RUN_LINKS.RUN_UUID.eq(text(c.value())))));
        }
        return matches;
    }

    /** One span's column, its whole document ({@code content}) or one of its attributes. */
    private static Condition span(String key, Comparator cmp, Value value) {
        if (!key.startsWith(TraceKeys.SPAN_ATTRIBUTES)) {
            Field<String> column = switch (key) {
                case "name" -> SPANS.NAME;
                case "type" -> SPANS.TYPE;
                case "status" -> SPANS.STATUS;
                default -> SPANS.CONTENT;
            };
            return FilterSql.onString(column, cmp, value);
        }
        // Attributes are searched for in the span document, as MLflow does; its = and != then compare the
        // whole document with the LIKE pattern, so = matches no span and != every span.
        String name = key.substring(TraceKeys.SPAN_ATTRIBUTES.length());
        String pattern = cmp == Comparator.RLIKE ? TraceMatchText.spanAttributeRegex(name, text(value))
                : TraceMatchText.spanAttributeLike(name, text(value));
        return FilterSql.onString(SPANS.CONTENT, cmp, new StringValue(pattern));
    }

    /**
     * A feedback or expectation comparison: a valid assessment of that kind and name matches, on the trace
     * itself or, when the assessment is about the whole session, on another trace of the same session.
     * IS NULL is the absence of both.
     */
    private static Condition assessment(Comparison c) {
        String type = c.identifier().type() == EntityType.FEEDBACK ? "feedback" : "expectation";
        Assessments own = ASSESSMENTS.as("own_assessment");
        Assessments session = ASSESSMENTS.as("session_assessment");
        Condition matches = DSL.exists(DSL.selectOne().from(own).where(own.TRACE_ID.eq(TRACE_INFO.REQUEST_ID))
                        .and(assessmentMatches(own, type, c)))
                .or(sessionAssessment(session, assessmentMatches(session, type, c)));
        return c.comparator() == Comparator.IS_NULL ? DSL.not(matches) : matches;
    }

    private static Condition assessmentMatches(Assessments a, String type, Comparison c) {
        Condition named = a.ASSESSMENT_TYPE.eq(type).and(a.NAME.eq(c.identifier().key())).and(a.VALID.isTrue());
        return switch (c.comparator()) {
            case IS_NULL, IS_NOT_NULL -> named;
            case EQ -> named.and(a.VALUE.in(TraceMatchText.assessmentValues(text(c.value()))));
            case NE -> named.and(a.VALUE.notIn(TraceMatchText.assessmentValues(text(c.value()))));
            case LT, LE, GT, GE -> named.and(FilterSql.onNumber(numericValue(a), c.comparator(), c.value()));
            default -> named.and(FilterSql.onString(a.VALUE, c.comparator(), c.value()));
        };
    }

    /**
     * The stored value as a number when it is a JSON number; null for strings, booleans, null, NaN, the
     * infinities, lists and objects, which MLflow does not count as numeric. {@code + 0e0} turns the text into
     * a double on both databases (jOOQ's cast to DOUBLE becomes DECIMAL on MariaDB, losing the fraction).
     */
    private static Field<Double> numericValue(Assessments a) {
        return DSL.when(DSL.lower(a.VALUE).in("true", "false", "null", "nan", "infinity", "-infinity")
                        .or(DSL.substring(a.VALUE, 1, 1).in("\"", "[", "{")), DSL.inline(null, SQLDataType.DOUBLE))
                .otherwise(DSL.field("({0} + 0e0)", SQLDataType.DOUBLE, a.VALUE));
    }

    /**
     * MLflow applies an assessment whose metadata names a session to every trace of that session (in the
     * searched experiments; here, in the trace's own experiment).
     */
    private static Condition sessionAssessment(Assessments a, Condition assessmentMatches) {
        var own = TRACE_REQUEST_METADATA.as("own_session");
        var other = TRACE_REQUEST_METADATA.as("other_session");
        var otherTrace = TRACE_INFO.as("other_trace");
        return DSL.exists(DSL.selectOne().from(own)
                .join(other).on(other.KEY.eq(TraceKeys.SESSION).and(other.VALUE.eq(own.VALUE)))
                .join(otherTrace).on(otherTrace.REQUEST_ID.eq(other.REQUEST_ID)
                        .and(otherTrace.EXPERIMENT_ID.eq(TRACE_INFO.EXPERIMENT_ID)))
                .join(a).on(a.TRACE_ID.eq(other.REQUEST_ID))
                .where(own.REQUEST_ID.eq(TRACE_INFO.REQUEST_ID)).and(own.KEY.eq(TraceKeys.SESSION))
                .and(assessmentMatches)
                .and(a.ASSESSMENT_METADATA.like("%\"" + TraceKeys.SESSION + "\":%")));
    }

    private static String text(Value value) {
        return ((StringValue) value).value();
    }

    /**
     * Tags and metadata: IS NULL means no row with the key, any other comparison a row whose value matches.
     * The uncorrelated IN lets the database start from the (key, value) index.
     */
    private static Condition keyed(SelectConditionStep<Record1<String>> withKey, Field<String> value, Comparison c) {
        return switch (c.comparator()) {
            case IS_NULL -> TRACE_INFO.REQUEST_ID.notIn(withKey);
            case IS_NOT_NULL -> TRACE_INFO.REQUEST_ID.in(withKey);
            default -> TRACE_INFO.REQUEST_ID.in(withKey.and(FilterSql.onString(value, c.comparator(), c.value())));
        };
    }
}
