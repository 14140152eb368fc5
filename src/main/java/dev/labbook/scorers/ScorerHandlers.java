package dev.labbook.scorers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labbook.http.ApiRequest;
import dev.labbook.http.JsonObject;
import dev.labbook.http.MlflowException;
import java.util.ArrayList;
import java.util.List;

/** HTTP for the scorer registry (/api/3.0/mlflow/scorers/...) and its online scoring configs. */
public final class ScorerHandlers {
    private final ScorerService scorers;

    public ScorerHandlers(ScorerService scorers) {
        this.scorers = scorers;
    }

    /** POST /scorers/register. */
    public Object register(ApiRequest req) {
        ScorerVersion registered = scorers.register(req.requiredString("experiment_id"), req.requiredString("name"),
                req.requiredString("serialized_scorer"));
        return registered.toRegisterResponse();
    }

    /** GET /scorers/list: by experiment_id, by experiment_ids (not both), or across every active experiment. */
    public Object list(ApiRequest req) {
        String experimentId = req.optionalString("experiment_id");
        boolean hasIds = req.raw().has("experiment_ids") || req.raw().has("experimentIds");
        List<String> ids = req.stringList("experiment_ids");
        boolean hasId = experimentId != null && !experimentId.isEmpty();
        if (hasId && hasIds) {
            throw MlflowException.invalidParameter("Cannot specify both 'experiment_id' and 'experiment_ids'. Use "
                    + "'experiment_ids' to scope the query to multiple experiments, or "
                    + "'experiment_id' to scope it to a single experiment.");
        }
        return scorerList(scorers.list(hasId ? experimentId : null, hasIds ? ids : null));
    }

    /** GET /scorers/versions. */
    public Object versions(ApiRequest req) {
        return scorerList(scorers.versions(req.requiredString("experiment_id"), req.requiredString("name")));
    }

    /** GET /scorers/get. */
    public Object get(ApiRequest req) {
        ScorerVersion scorer = scorers.get(req.requiredString("experiment_id"), req.requiredString("name"),
                version(req));
        return JsonObject.empty().withMessage("scorer", scorer.toJson());
    }

    /** DELETE /scorers/delete: one version, or every version without {@code version}. */
    public Object delete(ApiRequest req) {
        scorers.delete(req.requiredString("experiment_id"), req.requiredString("name"), version(req));
        return JsonObject.empty();
    }

    /** GET /scorers/online-configs: the configs of these scorers (plain JSON, not a protobuf message). */
    public Object configs(ApiRequest req) {
        if (!req.has("scorer_ids")) {
            throw req.missing("scorer_ids");
        }
        List<JsonObject> configs = new ArrayList<>();
        scorers.configs(req.stringList("scorer_ids")).forEach(c -> configs.add(c.toJson()));
        JsonObject answer = JsonObject.empty();
        answer.put("configs", configs);
        return answer;
    }

    /** PUT /scorers/online-config. */
    public Object upsertConfig(ApiRequest req) {
        String experimentId = req.requiredString("experiment_id");
        String name = req.requiredString("name");
        if (!req.has("sample_rate")) {
            throw req.missing("sample_rate");
        }
        double sampleRate = req.requiredDouble("sample_rate");
        JsonNode filter = req.value("filter_string");
        if (filter != null && !filter.isNull() && !filter.isTextual()) {
            throw MlflowException.invalidParameter("Invalid value " + pyRepr(filter) + " for parameter 'filter_string' "
                    + "supplied: Value was of type '" + pyType(filter) + "'. Expected type 'str' or None.");
        }
        String filterString = filter == null || filter.isNull() ? null : filter.asText();
        OnlineScoringConfig config = scorers.upsertConfig(experimentId, name, sampleRate, filterString);
        return JsonObject.empty().withMessage("config", config.toJson());
    }

    private static Integer version(ApiRequest req) {
        Long version = req.optionalLong("version");
        if (version == null) {
            return null;
        }
        if (version < Integer.MIN_VALUE || version > Integer.MAX_VALUE) {
            throw MlflowException.invalidParameter("Failed to parse version field: Value out of range: " + version + ".");
        }
        return version.intValue();
    }

    private static JsonObject scorerList(List<ScorerVersion> versions) {
        return JsonObject.empty().with("scorers", versions.stream().map(ScorerVersion::toJson).toList());
    }

    private static String pyRepr(JsonNode node) {
        if (node.isBoolean()) {
            return node.asBoolean() ? "True" : "False";
        }
        return node.toString();
    }

    private static String pyType(JsonNode node) {
        if (node.isBoolean()) return "bool";
        if (node.isIntegralNumber()) return "int";
        if (node.isNumber()) return "float";
        if (node.isArray()) return "list";
        return "dict";
    }
}
