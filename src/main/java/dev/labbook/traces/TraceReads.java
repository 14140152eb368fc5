package dev.labbook.traces;

import dev.labbook.assessments.Assessment;
import dev.labbook.assessments.AssessmentStore;
import dev.labbook.http.MlflowException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;

/** Assembles whole trace infos (tags, metadata, assessments) for a set of rows, a fixed number of queries. */
final class TraceReads {
    private final TraceStore traces;
    private final AssessmentStore assessments;

    TraceReads(TraceStore traces, AssessmentStore assessments) {
        this.traces = traces;
        this.assessments = assessments;
    }

    List<TraceInfo> infos(DSLContext ctx, List<TraceRow> rows) {
        List<String> ids = rows.stream().map(TraceRow::traceId).toList();
        Map<String, Map<String, String>> tags = traces.tags(ctx, ids);
        Map<String, Map<String, String>> metadata = traces.metadata(ctx, ids);
        Map<String, List<Assessment>> byTrace = assessments.forTraces(ctx, ids);
        List<TraceInfo> infos = new ArrayList<>(rows.size());
        for (TraceRow r : rows) {
            infos.add(new TraceInfo(r.traceId(), r.clientRequestId(), r.experimentId(), r.timestampMs(), r.executionMs(),
                    r.status(), r.requestPreview(), r.responsePreview(), metadata.getOrDefault(r.traceId(), Map.of()),
                    tags.getOrDefault(r.traceId(), Map.of()), byTrace.getOrDefault(r.traceId(), List.of())));
        }
        return infos;
    }

    TraceInfo info(DSLContext ctx, String traceId) {
        TraceRow row = traces.find(ctx, traceId).orElseThrow(() -> notFound(traceId));
        return infos(ctx, List.of(row)).get(0);
    }

    static MlflowException notFound(String traceId) {
        return MlflowException.notFound("Trace with ID '" + traceId + "' not found.");
    }
}
