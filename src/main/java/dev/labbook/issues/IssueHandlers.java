package dev.labbook.issues;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labbook.http.ApiRequest;
import dev.labbook.http.JsonObject;
import dev.labbook.http.MlflowException;
import dev.labbook.model.Validation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** HTTP for issues: /api/3.0/mlflow/issues, /issues/{issue_id} and /issues/search. */
public final class IssueHandlers {
    /** SEARCH_MAX_RESULTS_THRESHOLD of MLflow's SQL store. */
    static final int MAX_RESULTS = 50_000;

    private final IssueService issues;

    public IssueHandlers(IssueService issues) {
        this.issues = issues;
    }

    /** POST /issues. */
    public Object create(ApiRequest req) {
        String name = req.requiredString("name");
        String description = req.requiredString("description");
        String experimentId = req.requiredString("experiment_id");
        IssueService.NewIssue issue = new IssueService.NewIssue(experimentId, name, description,
                req.optionalString("status"), req.optionalString("severity"), req.stringList("root_causes"),
                emptyToNull(req.optionalString("source_run_id")), req.stringList("categories"),
                emptyToNull(req.optionalString("created_by")), req.optionalString("issue_id"), lastSeen(req),
                metadata(req));
        return JsonObject.empty().withMessage("issue", issues.create(issue).toJson(null, false));
    }

    /** GET /issues/{issue_id}. */
    public Object get(ApiRequest req) {
        return JsonObject.empty().withMessage("issue", issues.get(req.requiredString("issue_id")).toJson(null, false));
    }

    /** PATCH /issues/{issue_id}: fields given replace, metadata merges, categories [] clears them. */
    public Object update(ApiRequest req) {
        String issueId = req.requiredString("issue_id");
        Map<String, String> metadata = metadata(req);
        List<String> deleteKeys = req.stringList("delete_metadata_keys");
        IssueService.Changes changes = new IssueService.Changes(req.optionalString("name"),
                req.optionalString("description"), req.optionalString("status"), req.optionalString("severity"),
                req.has("categories") ? req.stringList("categories") : null, lastSeen(req),
                emptyToNull(req.optionalString("last_updated_by")), metadata.isEmpty() ? null : metadata,
                deleteKeys.isEmpty() ? null : deleteKeys);
        return JsonObject.empty().withMessage("issue", issues.update(issueId, changes).toJson(null, false));
    }

    /** POST /issues/search. */
    public Object search(ApiRequest req) {
        String experimentId = emptyToNull(req.optionalString("experiment_id"));
        String filter = emptyToNull(req.optionalString("filter_string"));
        Long maxResults = req.optionalLong("max_results");
        String pageToken = emptyToNull(req.optionalString("page_token"));
        boolean traceCount = Boolean.TRUE.equals(req.optionalBoolean("include_trace_count"));
        String name = req.optionalString("name");
        List<String> statuses = req.stringList("statuses");
        List<String> severities = req.stringList("severities");
        List<String> categories = req.stringList("categories");
        List<String> orderBy = req.stringList("order_by");
        boolean totalCount = Boolean.TRUE.equals(req.optionalBoolean("include_total_count"));
        String view = req.optionalString("view");
        if (maxResults != null && maxResults < 1) {
            throw MlflowException.invalidParameter("Invalid value " + maxResults
                    + " for parameter 'max_results' supplied. It must be a positive integer");
        }
        if (maxResults != null && maxResults > MAX_RESULTS) {
            throw MlflowException.invalidParameter("Invalid value " + maxResults
                    + " for parameter 'max_results' supplied. It must be at most " + MAX_RESULTS);
        }
        if (name != null && name.codePointCount(0, name.length()) > 250) {
            throw MlflowException.invalidParameter("name must be a string of at most 250 characters");
        }
        Map<String, List<String>> lists = new LinkedHashMap<>();
        lists.put("statuses", statuses);
        lists.put("severities", severities);
        lists.put("order_by", orderBy);
        lists.forEach((field, values) -> {
            if (values.size() > 100) {
                throw MlflowException.invalidParameter(field + " must be a list of at most 100 strings");
            }
        });
        IssueRules.strings("categories", categories.isEmpty() ? null : categories);
        statuses.forEach(IssueRules::status);
        severities.forEach(IssueRules::severity);
        if (view != null && !view.equals("basic") && !view.equals("full")) {
            throw MlflowException.invalidParameter("view must be basic or full");
        }
        IssueQuery query = new IssueQuery(experimentId == null ? null : Validation.experimentId(experimentId),
                IssueFilter.parse(filter), name, statuses, severities, categories, orderBy, traceCount, totalCount, view);
        IssueService.Found found = issues.search(query, filter, maxResults == null ? null : maxResults.intValue(),
                pageToken);
        List<JsonObject> page = new ArrayList<>();
        for (int i = 0; i < found.issues().size(); i++) {
            page.add(found.issues().get(i).toJson(found.traceCounts().get(i), query.basic()));
        }
        // MLflow sets next_page_token to "" explicitly, so the (proto2) field is written.
        JsonObject answer = JsonObject.empty().with("issues", page)
                .with("next_page_token", found.nextPageToken() == null ? "" : found.nextPageToken());
        return totalCount ? answer.with("total_count", found.totalCount()) : answer;
    }

    /** last_seen_timestamp: an integer (or its decimal text) of nonnegative milliseconds. */
    private static Long lastSeen(ApiRequest req) {
        JsonNode node = req.value("last_seen_timestamp");
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToLong() && node.asLong() >= 0) {
            return node.asLong();
        }
        if (node.isTextual() && node.asText().trim().matches("[0-9]{1,19}")) {
            try {
                return Long.parseLong(node.asText().trim());
            } catch (NumberFormatException e) {
                // Beyond 2^63: refused below.
            }
        }
        throw MlflowException.invalidParameter("last_seen_timestamp must be nonnegative milliseconds");
    }

    /** metadata: a JSON object of strings. */
    private static Map<String, String> metadata(ApiRequest req) {
        JsonNode node = req.value("metadata");
        Map<String, String> metadata = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return metadata;
        }
        if (!node.isObject()) {
            throw MlflowException.invalidParameter("metadata must be a string map with at most 100 entries");
        }
        for (var it = node.fields(); it.hasNext(); ) {
            var entry = it.next();
            if (!entry.getValue().isTextual()) {
                throw MlflowException.invalidParameter("metadata must be a string map with at most 100 entries");
            }
            metadata.put(entry.getKey(), entry.getValue().asText());
        }
        IssueRules.metadata(metadata);
        return metadata;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
