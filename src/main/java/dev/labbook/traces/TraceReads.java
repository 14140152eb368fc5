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
        TraceStore.TagsAndMetadata entries = traces.tagsAndMetadata(ctx, ids);
        Map<String, List<Assessment>> byTrace = assessments.forTraces(ctx, ids);
        List<TraceInfo> infos = new ArrayList<>(rows.size());
        for (TraceRow r : rows) {
            infos.add(new TraceInfo(r.traceId(), r.clientRequestId(), r.experimentId(), r.timestampMs(), r.executionMs(),
                    r.status(), r.requestPreview(), r.responsePreview(), entries.metadataOf(r.traceId()),
                    entries.tagsOf(r.traceId()), byTrace.getOrDefault(r.traceId(), List.of())));
        }
        return infos;
    }

    TraceInfo info(DSLContext ctx, String traceId) {
        return info(ctx, traces.find(ctx, traceId).orElseThrow(() -> notFound(traceId)));
    }

    /** The whole info of a row this transaction has just read or written. */
    TraceInfo info(DSLContext ctx, TraceRow row) {
        return infos(ctx, List.of(row)).get(0);
    }

    static MlflowException notFound(String traceId) {
        return MlflowException.notFound("Trace with ID '" + traceId + "' not found.");
    }
}
