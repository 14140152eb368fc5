package dev.labbook.metrics;

import dev.labbook.http.ApiRequest;
import dev.labbook.http.JsonObject;
import dev.labbook.http.MlflowException;
import dev.labbook.model.Page;

/** HTTP for reading metric series. */
public final class MetricHandlers {
    private final MetricHistoryService history;

    public MetricHandlers(MetricHistoryService history) {
        this.history = history;
    }

    public Object getHistory(ApiRequest req) {
        Long maxResults = req.optionalLong("max_results");
        if (maxResults != null && maxResults <= 0) {
            throw MlflowException.invalidParameter("Invalid value " + maxResults
                    + " for parameter 'max_results' supplied. It must be a positive integer.");
        }
        String pageToken = req.optionalString("page_token");
        if (maxResults == null && (pageToken == null || pageToken.isEmpty())) {
            return history.wholeHistory(req.runId(), req.requiredString("metric_key"));
        }
        Page<Metric> page = history.history(req.runId(), req.requiredString("metric_key"),
                maxResults == null ? null : (int) Math.min(Integer.MAX_VALUE, maxResults),
                pageToken);
        return JsonObject.empty()
                .with("metrics", page.items())
                .with("next_page_token", page.nextPageToken());
    }

    public Object getHistoryBulk(ApiRequest req) {
        long maxResults = Math.max(1, Math.min(MetricHistoryService.MAX_BULK_POINTS,
                req.longOr("max_results", MetricHistoryService.MAX_BULK_POINTS)));
        var points = history.bulk(req.stringList("run_id"), req.requiredString("metric_key"), (int) maxResults);
        // This hand-written MLflow route always sends the list, even when empty.
        JsonObject response = JsonObject.empty();
        response.put("metrics", points.stream().map(p -> p.metric().withRunId(p.runId())).toList());
        return response;
    }

    public Object getHistoryBulkInterval(ApiRequest req) {
        long maxResults = req.longOr("max_results", MetricHistoryService.MAX_SAMPLED_POINTS);
        if (maxResults < 1 || maxResults > MetricHistoryService.MAX_SAMPLED_POINTS) {
            throw MlflowException.invalidParameter(
                    "max_results must be between 1 and " + MetricHistoryService.MAX_SAMPLED_POINTS + ".");
        }
        var points = history.sampled(req.stringList("run_ids"), req.requiredString("metric_key"), (int) maxResults,
                req.optionalLong("start_step"), req.optionalLong("end_step"));
        return JsonObject.empty().with("metrics",
                points.stream().map(p -> p.metric().withRunId(p.runId())).toList());
    }
}
