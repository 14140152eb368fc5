package dev.labbook.traces;

import dev.labbook.http.ApiRequest;
import dev.labbook.http.JsonObject;
import dev.labbook.http.MlflowException;
import dev.labbook.model.Page;
import dev.labbook.model.Validation;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** HTTP for traces (v3 and the deprecated v2 calls the client falls back to): request message in, response out. */
public final class TraceHandlers {
    /** MLflow's limit on max_results of a trace search. */
    static final int MAX_TRACES_PER_PAGE = 500;
    /** SEARCH_TRACES_DEFAULT_MAX_RESULTS. */
    static final int DEFAULT_TRACES_PER_PAGE = 100;

    private final TraceService traces;
    private final TraceIngestService ingest;
    private final Clock clock;

    public TraceHandlers(TraceService traces, TraceIngestService ingest, Clock clock) {
        this.traces = traces;
        this.ingest = ingest;
        this.clock = clock;
    }

    /** POST /api/3.0/mlflow/traces (StartTraceV3): the trace info, sent when a trace ends. */
    public Object startTrace(ApiRequest req) {
        ApiRequest trace = req.optionalObject("trace");
        if (trace == null) {
            throw req.missing("trace");
        }
        ApiRequest info = trace.optionalObject("trace_info");
        if (info == null) {
            throw trace.missing("trace_info");
        }
        TraceInfo stored = ingest.startTrace(TraceMessages.traceInfo(info, clock.millis()));
        return JsonObject.empty().with("trace", traceOf(stored));
    }

    /** GET /api/3.0/mlflow/traces/{trace_id} (GetTraceInfoV3). */
    public Object getInfo(ApiRequest req) {
        return JsonObject.empty().with("trace", traceOf(traces.info(req.requiredString("trace_id"))));
    }

    private static JsonObject traceOf(TraceInfo info) {
        return JsonObject.empty().with("trace_info", info);
    }

    /** GET /api/3.0/mlflow/traces/get (GetTrace): info and spans. */
    public Object getTrace(ApiRequest req) {
        Boolean partial = req.optionalBoolean("allow_partial");
        return JsonObject.empty().with("trace", traces.trace(req.requiredString("trace_id"), Boolean.TRUE.equals(partial)));
    }

    /** GET /api/3.0/mlflow/traces/batchGet (BatchGetTraces). */
    public Object batchGet(ApiRequest req) {
        List<String> ids = requiredList(req, "trace_ids");
        List<String> experiments = req.has("experiment_ids") ? req.stringList("experiment_ids") : null;
        return JsonObject.empty().with("traces", traces.batch(ids, experiments));
    }

    /** POST /api/3.0/mlflow/traces/batchGetInfos (BatchGetTraceInfos). */
    public Object batchGetInfos(ApiRequest req) {
        List<String> ids = requiredList(req, "trace_ids");
        List<String> experiments = req.has("experiment_ids") ? req.stringList("experiment_ids") : null;
        return JsonObject.empty().with("trace_infos", traces.batchInfos(ids, experiments));
    }

    /** POST /api/3.0/mlflow/traces/search (SearchTracesV3). */
    public Object search(ApiRequest req) {
        if (!req.has("locations")) {
            throw req.missing("locations");
        }
        List<String> experimentIds = new ArrayList<>();
        for (ApiRequest location : req.objectList("locations")) {
            location.optionalEnum("type");
            ApiRequest experiment = location.optionalObject("mlflow_experiment");
            if (experiment != null) {
                experimentIds.add(experiment.optionalString("experiment_id") == null ? ""
                        : experiment.optionalString("experiment_id"));
            }
        }
        Page<TraceInfo> page = traces.search(experimentIds, req.optionalString("filter"), maxResults(req),
                req.stringList("order_by"), req.optionalString("page_token"));
        return JsonObject.empty().with("traces", page.items()).with("next_page_token", page.nextPageToken());
    }

    /** GET /api/2.0/mlflow/traces (the deprecated SearchTraces). */
    public Object searchV2(ApiRequest req) {
        List<String> ids = requiredList(req, "experiment_ids");
        Page<TraceInfo> page = traces.search(ids, req.optionalString("filter"), maxResults(req),
                req.stringList("order_by"), req.optionalString("page_token"));
        return JsonObject.empty().with("traces", page.items().stream().map(TraceInfoV2::new).toList())
                .with("next_page_token", page.nextPageToken());
    }

    /** Paging arguments as MLflow checks them: at most 500, positive, 100 when absent. */
    static int maxResults(ApiRequest req) {
        req.stringList("order_by");
        req.optionalString("page_token");
        req.optionalString("filter");
        Long max = req.optionalLong("max_results");
        if (max == null) {
            return DEFAULT_TRACES_PER_PAGE;
        }
        if (max > MAX_TRACES_PER_PAGE) {
            throw MlflowException.invalidParameter(Validation.invalidValue("max_results", max, null));
        }
        if (max < 1) {
            throw MlflowException.invalidParameter("Invalid value " + max
                    + " for parameter 'max_results' supplied. It must be a positive integer");
        }
        return max.intValue();
    }

    /** PATCH /api/{2,3}.0/mlflow/traces/{id}/tags. */
    public Object setTag(ApiRequest req) {
        String key = req.requiredString("key");
        immutable(key, "set");
        traces.setTag(traceIdOf(req), key, req.optionalString("value"));
        return JsonObject.empty();
    }

    /** DELETE /api/{2,3}.0/mlflow/traces/{id}/tags. */
    public Object deleteTag(ApiRequest req) {
        String key = req.requiredString("key");
        if (!"mlflow.trace.archivalFailure".equals(key)) {
            immutable(key, "deleted");
        }
        traces.deleteTag(traceIdOf(req), key);
        return JsonObject.empty();
    }

    private static void immutable(String key, String operation) {
        if (TraceIngestService.BLOCKED_TAGS.contains(key)) {
            throw MlflowException.invalidParameter("Tag '" + key + "' is immutable and cannot be " + operation
                    + " on a trace.");
        }
    }

    /** v2 paths name the trace request_id, v3 paths trace_id. */
    private static String traceIdOf(ApiRequest req) {
        String id = req.optionalString("trace_id");
        return id != null && !id.isEmpty() ? id : req.requiredString("request_id");
    }

    /** POST /api/{2,3}.0/mlflow/traces/delete-traces. */
    public Object delete(ApiRequest req) {
        String experimentId = req.requiredString("experiment_id");
        Long maxTraces = req.optionalLong("max_traces");
        if (maxTraces != null && (maxTraces > Integer.MAX_VALUE || maxTraces < Integer.MIN_VALUE)) {
            throw MlflowException.invalidParameter("Invalid value " + maxTraces + " for parameter 'max_traces'.");
        }
        int deleted = traces.delete(experimentId, req.optionalLong("max_timestamp_millis"),
                maxTraces == null ? null : maxTraces.intValue(), req.stringList("request_ids"));
        return JsonObject.empty().with("traces_deleted", deleted);
    }

    /** POST /api/2.0/mlflow/traces/link-to-run. */
    public Object linkToRun(ApiRequest req) {
        List<String> ids = requiredList(req, "trace_ids");
        traces.linkToRun(ids, req.requiredString("run_id"));
        return JsonObject.empty();
    }

    /** POST /api/2.0/mlflow/traces/link-prompts. */
    public Object linkPrompts(ApiRequest req) {
        String traceId = req.requiredString("trace_id");
        if (!req.has("prompt_versions")) {
            throw req.missing("prompt_versions");
        }
        List<PromptRef> prompts = new ArrayList<>();
        for (ApiRequest p : req.objectList("prompt_versions")) {
            String version = p.optionalString("version");
            try {
                prompts.add(new PromptRef(p.requiredString("name"), Integer.parseInt(version == null ? "" : version)));
            } catch (NumberFormatException e) {
                throw MlflowException.invalidParameter("Invalid prompt version: '" + version + "'");
            }
        }
        traces.linkPrompts(traceId, prompts);
        return JsonObject.empty();
    }

    /** POST /api/2.0/mlflow/traces (the deprecated StartTrace). */
    public Object startTraceV2(ApiRequest req) {
        TraceInfo info = ingest.startTraceV2(req.optionalString("experiment_id") == null ? ""
                        : req.optionalString("experiment_id"),
                ProtoTime.requireTimestampMillis("timestamp_ms", req.longOr("timestamp_ms", 0)),
                TraceMessages.keyValues(req, "request_metadata"), TraceMessages.keyValues(req, "tags"));
        return JsonObject.empty().with("trace_info", new TraceInfoV2(info));
    }

    /** PATCH /api/2.0/mlflow/traces/{request_id} (the deprecated EndTrace). */
    public Object endTraceV2(ApiRequest req) {
        TraceInfo info = ingest.endTraceV2(req.requiredString("request_id"),
                ProtoTime.requireTimestampMillis("timestamp_ms", req.longOr("timestamp_ms", 0)),
                TraceStates.fromV2Status(req.optionalEnum("status")), TraceMessages.keyValues(req, "request_metadata"),
                TraceMessages.keyValues(req, "tags"));
        return JsonObject.empty().with("trace_info", new TraceInfoV2(info));
    }

    /** GET /api/2.0/mlflow/traces/{request_id}/info (the deprecated GetTraceInfo). */
    public Object getInfoV2(ApiRequest req) {
        return JsonObject.empty().with("trace_info", new TraceInfoV2(traces.info(req.requiredString("request_id"))));
    }

    private static List<String> requiredList(ApiRequest req, String field) {
        if (!req.has(field)) {
            throw req.missing(field);
        }
        return req.stringList(field);
    }
}
