package dev.labbook.traces;

import static dev.labbook.db.schema.Tables.SPANS;

import dev.labbook.db.UpsertSyntax;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** SQL for spans. */
public final class SpanStore {

    /** Inserts the spans; one logged again (an exporter retry) replaces the stored copy. */
    public void upsert(DSLContext ctx, List<SpanRow> spans) {
        if (spans.isEmpty()) {
            return;
        }
        var insert = UpsertSyntax.of(ctx).insertInto(SPANS, SPANS.TRACE_ID, SPANS.SPAN_ID, SPANS.EXPERIMENT_ID,
                SPANS.PARENT_SPAN_ID, SPANS.NAME, SPANS.TYPE, SPANS.STATUS, SPANS.START_TIME_UNIX_NANO,
                SPANS.END_TIME_UNIX_NANO, SPANS.CONTENT);
        for (SpanRow s : spans) {
            insert.values(s.traceId(), s.spanId(), s.experimentId(), s.parentSpanId(), s.name(), s.type(), s.status(),
                    s.startTimeUnixNano(), s.endTimeUnixNano(), s.content());
        }
        insert.onDuplicateKeyUpdate()
                .set(SPANS.PARENT_SPAN_ID, DSL.excluded(SPANS.PARENT_SPAN_ID))
                .set(SPANS.NAME, DSL.excluded(SPANS.NAME))
                .set(SPANS.TYPE, DSL.excluded(SPANS.TYPE))
                .set(SPANS.STATUS, DSL.excluded(SPANS.STATUS))
                .set(SPANS.START_TIME_UNIX_NANO, DSL.excluded(SPANS.START_TIME_UNIX_NANO))
                .set(SPANS.END_TIME_UNIX_NANO, DSL.excluded(SPANS.END_TIME_UNIX_NANO))
                .set(SPANS.CONTENT, DSL.excluded(SPANS.CONTENT))
                .execute();
    }

    /** These traces' spans, each trace's root first and the rest by start time, as MLflow returns them. */
    public Map<String, List<String>> contents(DSLContext ctx, Collection<String> traceIds) {
        Map<String, List<String>> byTrace = new HashMap<>();
        if (traceIds.isEmpty()) {
            return byTrace;
        }
        ctx.select(SPANS.TRACE_ID, SPANS.CONTENT).from(SPANS).where(SPANS.TRACE_ID.in(traceIds))
                .orderBy(SPANS.TRACE_ID, DSL.when(SPANS.PARENT_SPAN_ID.isNull(), 0).otherwise(1),
                        SPANS.START_TIME_UNIX_NANO, SPANS.SPAN_ID)
                .forEach(r -> byTrace.computeIfAbsent(r.value1(), k -> new java.util.ArrayList<>()).add(r.value2()));
        return byTrace;
    }

    /** A trace's stored spans as nodes for trace-level aggregation, leaving out the ones in {@code except}. */
    public List<SpanNode> nodes(DSLContext ctx, String traceId, java.util.Set<String> except) {
        List<SpanNode> nodes = new java.util.ArrayList<>();
        ctx.select(SPANS.SPAN_ID, SPANS.PARENT_SPAN_ID, SPANS.CONTENT).from(SPANS).where(SPANS.TRACE_ID.eq(traceId))
                .forEach(r -> {
                    if (!except.contains(r.value1())) {
                        nodes.add(new SpanNode(r.value1(), r.value2(), SpanContent.storedAttributes(r.value3())));
                    }
                });
        return nodes;
    }
}
