package dev.labbook.traces;

import static dev.labbook.db.schema.Tables.ASSESSMENTS;
import static dev.labbook.db.schema.Tables.SPANS;
import static dev.labbook.db.schema.Tables.TRACE_INFO;
import static dev.labbook.db.schema.Tables.TRACE_REQUEST_METADATA;
import static dev.labbook.db.schema.Tables.TRACE_RUN_LINKS;
import static dev.labbook.db.schema.Tables.TRACE_TAGS;

import dev.labbook.search.TraceKeys;
import org.jooq.Condition;
import org.jooq.impl.DSL;

/**
 * A metrics filter as SQL over the rows a metrics query reads, after MLflow's _apply_filters. Every
 * view's rows carry their TRACE_INFO row (unaliased), spans their SPANS row and assessments their
 * ASSESSMENTS row, so trace filters mean the same in each view and span or assessment filters test the
 * row itself. Tag and metadata filters are EXISTS probes by trace id.
 */
final class TraceMetricsFilterSql {
    private TraceMetricsFilterSql() {}

    static Condition of(TraceMetricsFilter f) {
        String v = f.value();
        return switch (f.view() + "." + f.entity()) {
            case "trace.status" -> TRACE_INFO.STATUS.eq(v);
            case "trace.tag" -> DSL.exists(DSL.selectOne().from(TRACE_TAGS)
                    .where(TRACE_TAGS.REQUEST_ID.eq(TRACE_INFO.REQUEST_ID))
                    .and(TRACE_TAGS.KEY.eq(f.key())).and(TRACE_TAGS.VALUE.eq(v)));
            case "trace.metadata" -> metadata(f.key(), v);
            case "span.name" -> SPANS.NAME.eq(v);
            case "span.status" -> SPANS.STATUS.eq(v);
            case "span.type" -> SPANS.TYPE.eq(v);
            case "assessment.name" -> ASSESSMENTS.NAME.eq(v);
            case "assessment.type" -> ASSESSMENTS.ASSESSMENT_TYPE.eq(v);
            default -> throw new IllegalArgumentException("unparsed filter " + f);
        };
    }

    private static Condition metadata(String key, String value) {
        if (key.equals(TraceIngestService.TOKEN_USAGE_METADATA) || key.equals(TraceMetricsValues.COST_METADATA)) {
            // MLflow compares these against its typed columns, and only a value in its own JSON form can
            // match; here that form is compared with the stored text. Stored text in another key order or
            // spacing does not match, where MLflow (which compares the parsed numbers) would.
            return TraceMetricsValues.canonicalReservedMetadata(key, value) ? metadataEquals(key, value)
                    : DSL.falseCondition();
        }
        Condition matches = metadataEquals(key, value);
        if (key.equals(TraceKeys.SOURCE_RUN)) {
            // Traces linked to the run after the fact carry no metadata naming it; MLflow finds those too.
            return matches.or(DSL.exists(DSL.selectOne().from(TRACE_RUN_LINKS)
                    .where(TRACE_RUN_LINKS.REQUEST_ID.eq(TRACE_INFO.REQUEST_ID))
                    .and(TRACE_RUN_LINKS.RUN_UUID.eq(value))));
        }
        return matches;
    }

    private static Condition metadataEquals(String key, String value) {
        return DSL.exists(DSL.selectOne().from(TRACE_REQUEST_METADATA)
                .where(TRACE_REQUEST_METADATA.REQUEST_ID.eq(TRACE_INFO.REQUEST_ID))
                .and(TRACE_REQUEST_METADATA.KEY.eq(key)).and(TRACE_REQUEST_METADATA.VALUE.eq(value)));
    }
}
