package dev.labbook.traces;

import static dev.labbook.db.schema.Tables.ASSESSMENTS;
import static dev.labbook.db.schema.Tables.SPANS;
import static dev.labbook.db.schema.Tables.TRACE_INFO;
import static dev.labbook.db.schema.Tables.TRACE_REQUEST_METADATA;
import static dev.labbook.db.schema.Tables.TRACE_TAGS;

import dev.labbook.db.ReadScope;
import dev.labbook.db.schema.tables.TraceRequestMetadata;
import dev.labbook.db.schema.tables.TraceTags;
import dev.labbook.http.MlflowException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jooq.Condition;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.Table;
import org.jooq.TableLike;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The SQL of trace metrics. Every query starts from one derived table with a row per trace, span or
 * assessment that the query counts: its time bucket {@code b}, its column dimensions {@code d0..dn}
 * (numbered by the dimension's position in the query), its value {@code v} and, when a dimension comes
 * from the span's JSON, the span's content {@code c}. Rows whose value or a column dimension is NULL
 * are left out first, as MLflow does, so that they cannot take a place under the LIMIT.
 */
public final class TraceMetricsStore {
    private static final TraceTags NAME_TAG = TRACE_TAGS.as("metric_name_tag");
    private static final TraceRequestMetadata METADATA = TRACE_REQUEST_METADATA.as("metric_metadata");
    private static final long NANOS_PER_MILLI = 1_000_000L;
    /** JSON numbers as json.dumps writes them; NaN and Infinity are no numbers to MLflow either. */
    private static final String JSON_NUMBER = "^-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?$";

    /** A group as SQL aggregated it; a dimension of the span content is null in {@code dimensions}. */
    record Group(Long bucketMs, List<String> dimensions, Long count, BigDecimal sum, BigDecimal min, BigDecimal max) {}

    /** One counted row, for aggregation in Java: {@code value} is the id, number or metadata JSON text. */
    record Row(Long bucketMs, List<String> dimensions, Object value, String content) {}

    /** GROUP BY bucket and dimensions, in that order, cut at max_results groups (none when negative). */
    List<Group> aggregate(DSLContext ctx, TraceMetricsQuery q) {
        Table<?> t = rows(q, false);
        List<Field<?>> keys = new ArrayList<>();
        if (q.intervalSeconds() != null) {
            keys.add(t.field("b"));
        }
        for (int i = 0; i < q.dimensions().size(); i++) {
            keys.add(t.field("d" + i));
        }
        Field<?> v = t.field("v");
        Field<BigDecimal> number = v.coerce(SQLDataType.DECIMAL);
        List<SelectField<?>> select = new ArrayList<>(keys);
        select.add(q.metric().source() == TraceMetricsKey.Source.SESSIONS ? DSL.countDistinct(v) : DSL.count(v));
        boolean numeric = q.metric().source() == TraceMetricsKey.Source.COLUMN;
        select.add(numeric ? DSL.sum(number) : DSL.inline((BigDecimal) null));
        select.add(numeric ? DSL.min(number) : DSL.inline((BigDecimal) null));
        select.add(numeric ? DSL.max(number) : DSL.inline((BigDecimal) null));
        // No GROUP BY at all without keys: jOOQ writes an empty grouping set for MariaDB as a GROUP BY of
        // a constant, which yields no row (not COUNT 0) when nothing matches.
        var grouped = keys.isEmpty() ? ctx.select(select).from(t)
                : ctx.select(select).from(t).groupBy(keys).orderBy(keys);
        List<Group> groups = new ArrayList<>();
        for (Record r : q.maxResults() < 0 ? grouped.fetch() : grouped.limit(q.maxResults()).fetch()) {
            int n = keys.size();
            groups.add(new Group(bucket(q, r), dimensions(q, r), r.get(n, Long.class), r.get(n + 1, BigDecimal.class),
                    r.get(n + 2, BigDecimal.class), r.get(n + 3, BigDecimal.class)));
        }
        return groups;
    }

    /** Every counted row, streamed, for aggregations SQL cannot do alike on H2 and MariaDB. */
    void scan(DSLContext ctx, TraceMetricsQuery q, Consumer<Row> each) {
        boolean content = q.groupsBySpanContent();
        try (Cursor<? extends Record> cursor = ctx.selectFrom(rows(q, content)).fetchSize(1000).fetchLazy()) {
            for (Record r : cursor) {
                each.accept(new Row(bucket(q, r), dimensions(q, r), r.get("v"),
                        content ? r.get("c", String.class) : null));
            }
        }
    }

    private static Long bucket(TraceMetricsQuery q, Record r) {
        if (q.intervalSeconds() == null) {
            return null;
        }
        long start = r.get("b", Long.class);
        return q.view() == TraceMetricsView.SPANS ? Math.floorDiv(start, NANOS_PER_MILLI) : start;
    }

    private static List<String> dimensions(TraceMetricsQuery q, Record r) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < q.dimensions().size(); i++) {
            values.add(q.dimensions().get(i).spanAttribute() == null ? r.get("d" + i, String.class) : null);
        }
        return values;
    }

    private static Table<?> rows(TraceMetricsQuery q, boolean withContent) {
        List<SelectField<?>> fields = new ArrayList<>();
        Condition where = scope(q);
        if (q.intervalSeconds() != null) {
            fields.add(bucketStart(q).as("b"));
        }
        for (int i = 0; i < q.dimensions().size(); i++) {
            TraceMetricsDimension d = q.dimensions().get(i);
            if (d.spanAttribute() == null) {
                Field<String> column = column(d);
                fields.add(column.as("d" + i));
                where = where.and(column.isNotNull());
            } else {
                // A superset of the spans that have the attribute, so that only those are parsed.
                where = where.and(SPANS.CONTENT.contains("\"" + d.spanAttribute() + "\""));
            }
        }
        Field<?> value = value(q.metric());
        fields.add(value.as("v"));
        where = where.and(value.isNotNull());
        if (withContent) {
            fields.add(SPANS.CONTENT.as("c"));
        }
        for (TraceMetricsFilter f : q.filters()) {
            where = where.and(TraceMetricsFilterSql.of(f));
        }
        return DSL.select(fields).from(from(q)).where(where).asTable("t");
    }

    /** The query's experiments and time range, both on the trace (MLflow's span counts and latencies too). */
    private static Condition scope(TraceMetricsQuery q) {
        Condition c = TRACE_INFO.EXPERIMENT_ID.in(q.experimentIds())
                .and(ReadScope.experiments(TRACE_INFO.EXPERIMENT_ID));
        if (q.startMs() != null) {
            c = c.and(TRACE_INFO.TIMESTAMP_MS.ge(q.startMs()));
        }
        if (q.endMs() != null) {
            c = c.and(TRACE_INFO.TIMESTAMP_MS.le(q.endMs()));
        }
        // An overridden assessment is superseded: MLflow counts only valid ones.
        return q.view() == TraceMetricsView.ASSESSMENTS ? c.and(ASSESSMENTS.VALID.isTrue()) : c;
    }

    private static TableLike<?> from(TraceMetricsQuery q) {
        return switch (q.view()) {
            case TRACES -> {
                Table<?> t = TRACE_INFO;
                if (q.dimensions().contains(TraceMetricsDimension.TRACE_NAME)) {
                    t = t.join(NAME_TAG).on(NAME_TAG.REQUEST_ID.eq(TRACE_INFO.REQUEST_ID)
                            .and(NAME_TAG.KEY.eq(TraceIngestService.TRACE_NAME_TAG)));
                }
                String metadataKey = switch (q.metric().source()) {
                    case SESSIONS -> TraceIngestService.SESSION_METADATA;
                    case TOKEN_USAGE -> TraceIngestService.TOKEN_USAGE_METADATA;
                    default -> null;
                };
                yield metadataKey == null ? t : t.join(METADATA).on(METADATA.REQUEST_ID.eq(TRACE_INFO.REQUEST_ID)
                        .and(METADATA.KEY.eq(metadataKey)));
            }
            case SPANS -> TRACE_INFO.join(SPANS).on(SPANS.TRACE_ID.eq(TRACE_INFO.REQUEST_ID));
            case ASSESSMENTS -> ASSESSMENTS.join(TRACE_INFO).on(TRACE_INFO.REQUEST_ID.eq(ASSESSMENTS.TRACE_ID));
        };
    }

    private static Field<String> column(TraceMetricsDimension d) {
        return switch (d) {
            case TRACE_NAME -> NAME_TAG.VALUE;
            case TRACE_STATUS -> TRACE_INFO.STATUS;
            case SPAN_NAME -> SPANS.NAME;
            case SPAN_TYPE -> SPANS.TYPE;
            case SPAN_STATUS -> SPANS.STATUS;
            case ASSESSMENT_NAME -> ASSESSMENTS.NAME;
            case ASSESSMENT_VALUE -> ASSESSMENTS.VALUE;
            case SPAN_MODEL_NAME, SPAN_MODEL_PROVIDER -> throw new IllegalArgumentException(d + " is read from JSON");
        };
    }

    private static Field<?> value(TraceMetricsKey metric) {
        return switch (metric) {
            case TRACE_COUNT -> TRACE_INFO.REQUEST_ID;
            case TRACE_LATENCY -> TRACE_INFO.EXECUTION_TIME_MS;
            case SESSION_COUNT, INPUT_TOKENS, OUTPUT_TOKENS, TOTAL_TOKENS, CACHE_READ_INPUT_TOKENS,
                 CACHE_CREATION_INPUT_TOKENS -> METADATA.VALUE;
            case SPAN_COUNT -> SPANS.SPAN_ID;
            // Whole milliseconds, rounded down, as MLflow's (end - start) // 1000000.
            case SPAN_LATENCY -> floorDiv(SPANS.END_TIME_UNIX_NANO.minus(SPANS.START_TIME_UNIX_NANO), NANOS_PER_MILLI);
            case ASSESSMENT_COUNT -> ASSESSMENTS.ASSESSMENT_ID;
            case ASSESSMENT_VALUE_METRIC -> assessmentNumber();
            case INPUT_COST, OUTPUT_COST, TOTAL_COST -> throw new IllegalArgumentException("no span costs are kept");
        };
    }

    /**
     * MLflow's assessment_aggregate over the stored JSON value: true and false count 1 and 0, a finite
     * number itself, the strings "yes" and "no" (any case, spaces around) 1 and 0, anything else nothing.
     * (Python also strips tabs and newlines, which the JSON text holds escaped; those do not count here.)
     * The cast is written out because jOOQ renders a cast to DOUBLE as DECIMAL (no fraction) for MariaDB.
     */
    private static Field<Double> assessmentNumber() {
        Field<String> v = ASSESSMENTS.VALUE;
        Field<String> word = DSL.lower(DSL.trim(DSL.replace(v, DSL.inline("\""), DSL.inline(""))));
        Condition jsonString = v.like(DSL.inline("\"%\""));
        return DSL.when(v.eq(DSL.inline("true")), DSL.inline(1.0))
                .when(v.eq(DSL.inline("false")), DSL.inline(0.0))
                .when(v.likeRegex(JSON_NUMBER), DSL.field("cast({0} as double)", SQLDataType.DOUBLE, v))
                .when(jsonString.and(word.eq(DSL.inline("yes"))), DSL.inline(1.0))
                .when(jsonString.and(word.eq(DSL.inline("no"))), DSL.inline(0.0))
                .otherwise(DSL.inline((Double) null));
    }

    /**
     * The start of the bucket a timestamp falls in: floor(ts / size) * size, as MLflow computes it, in
     * exact integer arithmetic (MariaDB's decimal division rounds to four places, H2's integer division
     * truncates). Trace and assessment buckets are in milliseconds, span buckets in nanoseconds.
     */
    private static Field<Long> bucketStart(TraceMetricsQuery q) {
        boolean spans = q.view() == TraceMetricsView.SPANS;
        long size;
        try {
            size = Math.multiplyExact(q.intervalSeconds(), spans ? 1_000_000_000L : 1000L);
        } catch (ArithmeticException e) {
            if (q.intervalSeconds() > 0) {
                // Wider than any timestamp: everything since 1970 is in the first bucket.
                return DSL.inline(0L);
            }
            throw MlflowException.invalidParameter("time_interval_seconds is out of range: " + q.intervalSeconds());
        }
        Field<Long> ts = spans ? SPANS.START_TIME_UNIX_NANO : TRACE_INFO.TIMESTAMP_MS;
        return ts.minus(floorMod(ts, size));
    }

    private static Field<Long> floorDiv(Field<Long> a, long b) {
        return a.minus(floorMod(a, b)).div(DSL.inline(b)).cast(SQLDataType.BIGINT);
    }

    /** a mod b with the sign of b (SQL's MOD takes the sign of a). */
    private static Field<Long> floorMod(Field<Long> a, long b) {
        Field<Long> m = a.mod(DSL.inline(b));
        Condition wrong = b > 0 ? m.lt(DSL.inline(0L)) : m.gt(DSL.inline(0L));
        return m.plus(DSL.when(wrong, DSL.inline(b)).otherwise(DSL.inline(0L)));
    }
}
