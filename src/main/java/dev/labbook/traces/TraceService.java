package dev.labbook.traces;

import static dev.labbook.db.schema.Tables.TRACE_INFO;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labbook.assessments.AssessmentStore;
import dev.labbook.db.Database;
import dev.labbook.db.Keyset;
import dev.labbook.db.ReadScope;
import dev.labbook.db.SortKey;
import dev.labbook.experiments.ExperimentService;
import dev.labbook.http.MlflowException;
import dev.labbook.model.Page;
import dev.labbook.model.Validation;
import dev.labbook.runs.RunService;
import dev.labbook.search.Comparison;
import dev.labbook.search.EntityType;
import dev.labbook.search.FilterParser;
import dev.labbook.search.SearchKind;
import dev.labbook.search.SearchSyntaxException;
import dev.labbook.search.StringValue;
import dev.labbook.traces.otlp.PythonJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.DSLContext;

/** MLflow's rules for reading, searching, tagging, linking and deleting traces; each public method is one transaction. */
public final class TraceService {
    /** MLflow's MAX_TRACE_LINKS_PER_REQUEST. */
    static final int MAX_TRACE_LINKS = 100;
    /**
     * Matches from which a tag or metadata value counts as common. Reading that many matches and their
     * traces costs about what walking the newest-first index does to fill a page when one trace in
     * fifty matches, so below it the IN over the (key, value) index is the cheaper plan.
     */
    static final int COMMON_VALUE_MATCHES = 2000;
    private static final List<Duration> PARTIAL_TRACE_RETRIES = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2));

    private final Database db;
    private final TraceStore traces;
    private final SpanStore spans;
    private final TraceReads reads;
    private final ExperimentService experiments;
    private final RunService runs;

    public TraceService(Database db, TraceStore traces, SpanStore spans, AssessmentStore assessments,
                        ExperimentService experiments, RunService runs) {
        this.db = db;
        this.traces = traces;
        this.spans = spans;
        this.reads = new TraceReads(traces, assessments);
        this.experiments = experiments;
        this.runs = runs;
    }

    public TraceInfo info(String traceId) {
        return db.tx(ctx -> reads.info(ctx, traceId));
    }

    /** The experiment a trace belongs to, for permission checks; null when there is no such trace. */
    public Long experimentOf(String traceId) {
        return db.tx(ctx -> traces.find(ctx, traceId).map(TraceRow::experimentId).orElse(null));
    }

    /**
     * A whole trace. Unless {@code allowPartial}, a trace whose spans have not all arrived (fewer than
     * its size stats count) is waited for briefly, then refused, as MLflow's store does.
     */
    public Trace trace(String traceId, boolean allowPartial) {
        for (int attempt = 0; ; attempt++) {
            Trace trace = db.tx(ctx -> {
                TraceRow row = traces.find(ctx, traceId).orElseThrow(() ->
                        MlflowException.notFound("Trace with ID " + traceId + " is not found."));
                TraceInfo info = reads.infos(ctx, List.of(row)).get(0);
                if (!info.spansInDatabase()) {
                    throw new MlflowException(dev.labbook.http.ErrorCode.INTERNAL_ERROR,
                            "Trace data not stored in tracking store");
                }
                return new Trace(info, spans.contents(ctx, List.of(traceId)).getOrDefault(traceId, List.of()));
            });
            if (allowPartial || complete(trace)) {
                return trace;
            }
            if (attempt >= PARTIAL_TRACE_RETRIES.size()) {
                throw MlflowException.notFound("Trace with ID " + traceId
                        + " is not fully exported yet, please try again later.");
            }
            sleep(PARTIAL_TRACE_RETRIES.get(attempt));
        }
    }

    private static boolean complete(Trace trace) {
        String stats = trace.info().metadata().get("mlflow.trace.sizeStats");
        if (stats == null) {
            return true;
        }
        try {
            JsonNode parsed = PythonJson.parse(stats);
            return trace.spanContents().size() >= parsed.path("num_spans").asLong(0);
        } catch (RuntimeException e) {
            return true;
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlflowException(dev.labbook.http.ErrorCode.TEMPORARILY_UNAVAILABLE, "Interrupted");
        }
    }

    /** Traces by id in the order asked (unknown ids are skipped); only those whose spans are in the database. */
    public List<Trace> batch(List<String> traceIds, List<String> experimentIds) {
        List<TraceInfo> infos = batchInfos(traceIds, experimentIds);
        List<TraceInfo> withSpans = infos.stream().filter(TraceInfo::spansInDatabase).toList();
        return db.tx(ctx -> {
            Map<String, List<String>> contents = spans.contents(ctx, withSpans.stream().map(TraceInfo::traceId).toList());
            List<Trace> out = new ArrayList<>();
            for (TraceInfo info : withSpans) {
                List<String> spanList = contents.getOrDefault(info.traceId(), List.of());
                if (!spanList.isEmpty()) {
                    out.add(new Trace(info, spanList));
                }
            }
            return out;
        });
    }

    public List<TraceInfo> batchInfos(List<String> traceIds, List<String> experimentIds) {
        Condition scope = ReadScope.experiments(TRACE_INFO.EXPERIMENT_ID);
        if (experimentIds != null) {
            scope = scope.and(TRACE_INFO.EXPERIMENT_ID.in(experimentIds.stream().map(Validation::experimentId).toList()));
        }
        Condition where = scope;
        return db.tx(ctx -> {
            Map<String, TraceRow> byId = new LinkedHashMap<>();
            traces.findAll(ctx, traceIds, where).forEach(r -> byId.put(r.traceId(), r));
            List<TraceRow> ordered = traceIds.stream().distinct().map(byId::get).filter(java.util.Objects::nonNull).toList();
            return reads.infos(ctx, ordered);
        });
    }

    /** One page of an experiment set's traces matching an MLflow trace filter, keyset-paged. */
    public Page<TraceInfo> search(List<String> experimentIds, String filter, int maxResults, List<String> orderBy,
                                  String pageToken) {
        List<Long> ids = experimentIds.stream().map(Validation::experimentId).toList();
        List<Comparison> comparisons;
        List<SortKey> keys;
        try {
            comparisons = FilterParser.parse(filter, SearchKind.TRACES);
            TraceFilterSql.where(comparisons);  // refuses bad comparisons before any query
            keys = TraceFilterSql.sortKeys(orderBy);
        } catch (SearchSyntaxException e) {
            throw MlflowException.invalidParameter(e.getMessage());
        }
        List<Object> after = pageToken == null || pageToken.isEmpty() ? null : Keyset.parseToken(pageToken, keys);
        // The newest-first index serves one experiment in the default order; with a common tag or metadata
        // value, walking it finds a page sooner than reading every match (see TraceFilterSql.where).
        boolean newestFirstOfOne = ids.size() == 1 && orderBy.isEmpty();
        return db.tx(ctx -> {
            boolean probePerTrace = newestFirstOfOne && TraceFilterSql.probeableEquality(comparisons)
                    .filter(c -> traces.isCommon(ctx, c.identifier().type() == EntityType.TAG, c.identifier().key(),
                            ((StringValue) c.value()).value(), COMMON_VALUE_MATCHES)).isPresent();
            Condition where = TRACE_INFO.EXPERIMENT_ID.in(ids).and(TraceFilterSql.where(comparisons, probePerTrace))
                    .and(ReadScope.experiments(TRACE_INFO.EXPERIMENT_ID));
            Page<TraceRow> page = traces.page(ctx, where, keys, after, maxResults);
            return new Page<>(reads.infos(ctx, page.items()), page.nextPageToken());
        });
    }

    public void setTag(String traceId, String key, String value) {
        Validation.keyName("key", key);
        Validation.lengthLimit("key", TraceIngestService.MAX_TAG_KEY_LENGTH, key);
        String stored = Validation.truncate(value == null ? "" : value, TraceIngestService.MAX_TAG_VALUE_LENGTH);
        db.txRun(ctx -> {
            // MLflow's store lets the foreign key refuse a missing trace: 400 BAD_REQUEST.
            if (traces.find(ctx, traceId).isEmpty()) {
                throw new MlflowException(dev.labbook.http.ErrorCode.BAD_REQUEST, "Trace with ID '" + traceId
                        + "' not found.");
            }
            traces.upsertTags(ctx, traceId, Map.of(key, stored));
        });
    }

    public void deleteTag(String traceId, String key) {
        db.txRun(ctx -> {
            requireTrace(ctx, traceId);
            if (traces.deleteTag(ctx, traceId, key) == 0) {
                throw MlflowException.notFound("No trace tag with key '" + key + "' for trace with ID '" + traceId + "'");
            }
        });
    }

    /** MLflow's delete-traces: by ids, or the oldest traces up to a time and/or a count. */
    public int delete(String experimentId, Long maxTimestampMillis, Integer maxTraces, List<String> traceIds) {
        long expId = Validation.experimentId(experimentId);
        boolean byIds = !traceIds.isEmpty();
        if (byIds && (maxTimestampMillis != null || maxTraces != null)) {
            throw MlflowException.invalidParameter("Only one of `max_timestamp_millis` and `trace_ids` can be specified.");
        }
        if (!byIds && maxTimestampMillis == null) {
            throw MlflowException.invalidParameter("Either `max_timestamp_millis` or `trace_ids` must be specified.");
        }
        if (maxTraces != null && maxTraces <= 0) {
            throw MlflowException.invalidParameter("`max_traces` must be a positive integer, received " + maxTraces + ".");
        }
        return db.tx(ctx -> traces.delete(ctx, traces.idsToDelete(ctx, expId, maxTimestampMillis, maxTraces, traceIds)));
    }

    public void linkToRun(List<String> traceIds, String runId) {
        if (traceIds.isEmpty()) {
            return;
        }
        if (traceIds.size() > MAX_TRACE_LINKS) {
            throw MlflowException.invalidParameter("Cannot link more than " + MAX_TRACE_LINKS + " traces to a run in "
                    + "a single request. Provided " + traceIds.size() + " traces.");
        }
        db.txRun(ctx -> {
            runs.require(ctx, runId);
            List<String> known = traces.findAll(ctx, traceIds, org.jooq.impl.DSL.noCondition()).stream()
                    .map(TraceRow::traceId).toList();
            traces.linkToRun(ctx, known, runId);
        });
    }

    public void linkPrompts(String traceId, List<PromptRef> prompts) {
        db.txRun(ctx -> {
            requireTrace(ctx, traceId);
            traces.linkPrompts(ctx, traceId, prompts);
        });
    }

    private void requireTrace(DSLContext ctx, String traceId) {
        if (traces.find(ctx, traceId).isEmpty()) {
            throw TraceReads.notFound(traceId);
        }
    }
}
