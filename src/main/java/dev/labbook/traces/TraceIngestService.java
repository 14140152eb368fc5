package dev.labbook.traces;

import dev.labbook.assessments.Assessment;
import dev.labbook.assessments.AssessmentStore;
import dev.labbook.db.Database;
import dev.labbook.experiments.Experiment;
import dev.labbook.experiments.ExperimentService;
import dev.labbook.http.MlflowException;
import dev.labbook.model.Validation;
import dev.labbook.traces.otlp.OtlpSpan;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jooq.DSLContext;

/**
 * MLflow's rules for writing traces: spans arriving over OTLP (which create the trace when they come
 * first) and the trace info the client sends when a trace ends (start-trace v3, which MLflow names
 * for history). Either may come first; both lock the trace row, so they merge whatever the order.
 * Each public method is one transaction: a batch of spans is stored whole or not at all.
 */
public final class TraceIngestService {
    public static final String ARTIFACT_LOCATION_TAG = "mlflow.artifactLocation";
    public static final String TRACE_NAME_TAG = "mlflow.traceName";
    static final String FINALIZED_METADATA = "mlflow.trace.infoFinalized";
    static final String TOKEN_USAGE_METADATA = "mlflow.trace.tokenUsage";
    static final String SESSION_METADATA = "mlflow.trace.session";
    static final String USER_METADATA = "mlflow.trace.user";
    /** System-managed tags no client may set (MLflow's _HANDLER_BLOCKED_TRACE_TAGS). */
    public static final Set<String> BLOCKED_TAGS = Set.of(ARTIFACT_LOCATION_TAG, TraceInfo.SPANS_LOCATION_TAG,
            "mlflow.trace.archiveLocation", "mlflow.trace.archivalFailure");
    static final int MAX_TAG_KEY_LENGTH = 250;
    static final int MAX_TAG_VALUE_LENGTH = 8000;

    private final Database db;
    private final TraceStore traces;
    private final SpanStore spans;
    private final AssessmentStore assessments;
    private final TraceReads reads;
    private final ExperimentService experiments;

    public TraceIngestService(Database db, TraceStore traces, SpanStore spans, AssessmentStore assessments,
                              ExperimentService experiments) {
        this.db = db;
        this.traces = traces;
        this.spans = spans;
        this.assessments = assessments;
        this.reads = new TraceReads(traces, assessments);
        this.experiments = experiments;
    }

    /** Stores a batch of OTLP spans into {@code experimentId}; returns the number stored. */
    public int logSpans(String experimentId, List<OtlpSpan> batch) {
        long expId = Validation.experimentId(experimentId);
        // Trace id order: concurrent batches then lock the traces they share in one order.
        Map<String, SpanBatch.TraceSpans> byTrace = new TreeMap<>(SpanBatch.group(batch, expId));
        db.txRun(ctx -> {
            Experiment experiment = experiments.requireUntagged(ctx, expId);
            for (Map.Entry<String, SpanBatch.TraceSpans> e : byTrace.entrySet()) {
                String traceId = e.getKey();
                SpanBatch.TraceSpans trace = e.getValue();
                TraceRow fresh = fromSpans(traceId, expId, trace);
                // The usual case, spans before the client's trace info: one insert creates the whole row.
                if (traces.insertIfAbsent(ctx, fresh)) {
                    storeNewTrace(ctx, experiment, traceId, trace);
                    continue;
                }
                TraceRow row = traces.findForUpdate(ctx, traceId).orElseThrow(() -> TraceReads.notFound(traceId));
                if (row.experimentId() != expId) {
                    throw MlflowException.invalidParameter("Trace with ID '" + traceId
                            + "' already exists in another experiment.");
                }
                spans.upsert(ctx, trace.rows);
                mergeInfo(ctx, row, trace);
            }
        });
        return batch.size();
    }

    /** The trace row the spans alone describe: their time span, the root's state and previews. */
    private static TraceRow fromSpans(String traceId, long experimentId, SpanBatch.TraceSpans trace) {
        String state = trace.rootState() == null ? TraceStates.IN_PROGRESS : trace.rootState();
        Long execution = trace.maxEndMs == null ? null : trace.maxEndMs - trace.minStartMs;
        return new TraceRow(traceId, experimentId, trace.minStartMs, execution, state, null,
                rootPreview(trace, SpanContent.INPUTS_ATTRIBUTE, "user"),
                rootPreview(trace, SpanContent.OUTPUTS_ATTRIBUTE, "assistant"));
    }

    private static String rootPreview(SpanBatch.TraceSpans trace, String attribute, String role) {
        return trace.rootRow == null ? null : Previews.of(trace.rootAttributes.get(attribute), role);
    }

    /** The rest of a trace this batch created: its spans, tags, and what the spans tell of its metadata. */
    private void storeNewTrace(DSLContext ctx, Experiment experiment, String traceId, SpanBatch.TraceSpans trace) {
        spans.upsert(ctx, trace.rows);
        Map<String, String> tags = spanTags(trace);
        tags.put(ARTIFACT_LOCATION_TAG, artifactLocation(experiment, traceId));
        traces.upsertTags(ctx, traceId, tags);
        Map<String, String> metadata = sessionAndUser(trace);
        TokenUsage.traceTokenUsage(trace.nodes).ifPresent(usage -> metadata.put(TOKEN_USAGE_METADATA, usage));
        traces.upsertMetadata(ctx, traceId, metadata);
    }

    /** What the spans tell about the trace: times (until start-trace finalized them), state, previews, tags. */
    private void mergeInfo(DSLContext ctx, TraceRow row, SpanBatch.TraceSpans trace) {
        Map<String, String> metadata = traces.tagsAndMetadata(ctx, List.of(row.traceId())).metadataOf(row.traceId());
        boolean finalized = metadata.containsKey(FINALIZED_METADATA);
        long timestamp = row.timestampMs();
        Long execution = row.executionMs();
        if (!finalized) {
            long start = Math.min(row.timestampMs(), trace.minStartMs);
            Long end = row.executionMs() == null ? trace.maxEndMs : trace.maxEndMs == null
                    ? Long.valueOf(row.timestampMs() + row.executionMs())
                    : Long.valueOf(Math.max(row.timestampMs() + row.executionMs(), trace.maxEndMs));
            timestamp = start;
            execution = end == null ? null : end - start;
        }
        String status = row.status();
        if ((TraceStates.IN_PROGRESS.equals(status) || TraceStates.UNSPECIFIED.equals(status)) && trace.rootState() != null) {
            status = trace.rootState();
        }
        String requestPreview = row.requestPreview() != null ? row.requestPreview()
                : rootPreview(trace, SpanContent.INPUTS_ATTRIBUTE, "user");
        String responsePreview = row.responsePreview() != null ? row.responsePreview()
                : rootPreview(trace, SpanContent.OUTPUTS_ATTRIBUTE, "assistant");
        traces.update(ctx, new TraceRow(row.traceId(), row.experimentId(), timestamp, execution, status,
                row.clientRequestId(), requestPreview, responsePreview));
        mergeAggregates(ctx, row.traceId(), trace, metadata, finalized);
        traces.upsertTags(ctx, row.traceId(), spanTags(trace));
    }

    /** The tags spans give their trace: where its spans are kept, and the resource's and root's trace tags. */
    private static Map<String, String> spanTags(SpanBatch.TraceSpans trace) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(TraceInfo.SPANS_LOCATION_TAG, TraceInfo.TRACKING_STORE);
        trace.resourceTags().forEach((k, v) -> putValidTag(tags, k, v));
        trace.rootTraceTags().forEach((k, v) -> putValidTag(tags, k, v));
        return tags;
    }

    private static Map<String, String> sessionAndUser(SpanBatch.TraceSpans trace) {
        Map<String, String> metadata = new LinkedHashMap<>();
        TokenUsage.sessionId(trace.nodes).ifPresent(v -> metadata.put(SESSION_METADATA, v));
        TokenUsage.userId(trace.nodes).ifPresent(v -> metadata.put(USER_METADATA, v));
        return metadata;
    }

    /**
     * Token usage summed over the trace's span tree (unless the client's finalized info carries its
     * own), and the session and user the spans name, when the trace has none yet, as MLflow's store.
     */
    private void mergeAggregates(DSLContext ctx, String traceId, SpanBatch.TraceSpans trace,
                                 Map<String, String> metadata, boolean finalized) {
        traces.addMissingMetadata(ctx, traceId, sessionAndUser(trace));
        boolean authoritative = finalized && metadata.containsKey(TOKEN_USAGE_METADATA);
        if (authoritative || TokenUsage.traceTokenUsage(trace.nodes).isEmpty()) {
            return;
        }
        java.util.Set<String> batch = new java.util.HashSet<>();
        trace.nodes.forEach(n -> batch.add(n.spanId()));
        List<SpanNode> all = new java.util.ArrayList<>(spans.nodes(ctx, traceId, batch));
        all.addAll(trace.nodes);
        TokenUsage.traceTokenUsage(all).ifPresent(usage ->
                traces.upsertMetadata(ctx, traceId, Map.of(TOKEN_USAGE_METADATA, usage)));
    }

    private static void putValidTag(Map<String, String> tags, String key, String value) {
        if (key.isEmpty() || key.length() > MAX_TAG_KEY_LENGTH || BLOCKED_TAGS.contains(key)) {
            return;
        }
        tags.put(key, Validation.truncate(value, MAX_TAG_VALUE_LENGTH));
    }

    /**
     * The trace info the client sends when a trace ends. Creates the trace, or completes the one its
     * spans created: times, state and previews come from the client then, tags and metadata merge.
     */
    public TraceInfo startTrace(TraceInfo sent) {
        Validation.lengthLimit("Trace name", MAX_TAG_VALUE_LENGTH, sent.tags().get(TRACE_NAME_TAG));
        TraceIdRules.requireNew(sent.traceId());
        Map<String, String> tags = withoutBlocked(sent.tags());
        Map<String, String> metadata = new HashMap<>(sent.metadata());
        metadata.put(FINALIZED_METADATA, "true");
        return db.tx(ctx -> {
            Experiment experiment = experiments.requireActiveUntagged(ctx, sent.experimentId());
            String traceId = sent.traceId();
            tags.put(ARTIFACT_LOCATION_TAG, artifactLocation(experiment, traceId));
            TraceRow row = new TraceRow(traceId, experiment.id(), sent.requestTimeMs(), sent.executionMs(), sent.state(),
                    sent.clientRequestId(), sent.requestPreview(), sent.responsePreview());
            Optional<TraceRow> stored = traces.findForUpdate(ctx, traceId);
            boolean created = stored.isEmpty() && traces.insertIfAbsent(ctx, row);
            if (!created) {
                row = completeStored(ctx, experiment, sent, stored);
            }
            traces.upsertTags(ctx, traceId, tags);
            traces.upsertMetadata(ctx, traceId, metadata);
            for (Assessment a : sent.assessments()) {
                assessments.upsert(ctx, a);
            }
            if (created && sent.assessments().isEmpty()) {
                // Nothing else is stored for a trace this call created: answer without reading it back.
                return new TraceInfo(traceId, row.clientRequestId(), row.experimentId(), row.timestampMs(),
                        row.executionMs(), row.status(), row.requestPreview(), row.responsePreview(),
                        new TreeMap<>(metadata), new TreeMap<>(tags), List.of());
            }
            return reads.info(ctx, row);
        });
    }

    /** The client's info over a trace its spans (or an earlier call) created; the row as updated. */
    private TraceRow completeStored(DSLContext ctx, Experiment experiment, TraceInfo sent, Optional<TraceRow> found) {
        String traceId = sent.traceId();
        // Absent when a concurrent span batch created the trace between our read and insert.
        TraceRow stored = found.isPresent() ? found.get()
                : traces.findForUpdate(ctx, traceId).orElseThrow(() -> TraceReads.notFound(traceId));
        if (stored.experimentId() != experiment.id()) {
            throw MlflowException.invalidParameter("Trace with ID '" + traceId + "' already exists in another experiment.");
        }
        TraceRow updated = new TraceRow(traceId, stored.experimentId(), sent.requestTimeMs(), sent.executionMs(),
                sent.state(), sent.clientRequestId(),
                sent.requestPreview() != null ? sent.requestPreview() : stored.requestPreview(),
                sent.responsePreview() != null ? sent.responsePreview() : stored.responsePreview());
        traces.update(ctx, updated);
        List<String> ids = sent.assessments().stream().map(Assessment::assessmentId).toList();
        if (!ids.isEmpty()) {
            List<String> foreign = assessments.foreignIds(ctx, traceId, ids);
            if (!foreign.isEmpty()) {
                throw MlflowException.invalidParameter("Assessment with ID '" + foreign.get(0)
                        + "' belongs to another trace.");
            }
        }
        return updated;
    }

    /** The deprecated v2 start-trace: a new in-progress trace with a server-chosen id. */
    public TraceInfo startTraceV2(String experimentId, long timestampMs, Map<String, String> metadata,
                                  Map<String, String> tags) {
        long expId = Validation.experimentId(experimentId);
        Validation.lengthLimit("Trace name", MAX_TAG_VALUE_LENGTH, tags.get(TRACE_NAME_TAG));
        String traceId = "tr-" + java.util.UUID.randomUUID().toString().replace("-", "");
        return db.tx(ctx -> {
            Experiment experiment = experiments.requireActive(ctx, expId);
            traces.insert(ctx, new TraceRow(traceId, expId, timestampMs, null, TraceStates.IN_PROGRESS, null, null, null));
            Map<String, String> allTags = new LinkedHashMap<>(withoutBlocked(tags));
            allTags.put(ARTIFACT_LOCATION_TAG, artifactLocation(experiment, traceId));
            traces.upsertTags(ctx, traceId, allTags);
            traces.upsertMetadata(ctx, traceId, metadata);
            return reads.info(ctx, traceId);
        });
    }

    /** The deprecated v2 end-trace: execution time, status, and merged metadata and tags. */
    public TraceInfo endTraceV2(String traceId, long timestampMs, String state, Map<String, String> metadata,
                                Map<String, String> tags) {
        return db.tx(ctx -> {
            TraceRow row = traces.findForUpdate(ctx, traceId).orElseThrow(() -> TraceReads.notFound(traceId));
            traces.update(ctx, new TraceRow(traceId, row.experimentId(), row.timestampMs(), timestampMs - row.timestampMs(),
                    state, row.clientRequestId(), row.requestPreview(), row.responsePreview()));
            traces.upsertTags(ctx, traceId, withoutBlocked(tags));
            traces.upsertMetadata(ctx, traceId, metadata);
            return reads.info(ctx, traceId);
        });
    }

    private static Map<String, String> withoutBlocked(Map<String, String> tags) {
        Map<String, String> out = new LinkedHashMap<>();
        tags.forEach((k, v) -> {
            if (!BLOCKED_TAGS.contains(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** Where the client uploads a trace's data when its spans are not in the database (MLflow's layout). */
    static String artifactLocation(Experiment experiment, String traceId) {
        String root = experiment.artifactLocation();
        return (root.endsWith("/") ? root : root + "/") + "traces/" + traceId + "/artifacts";
    }
}
