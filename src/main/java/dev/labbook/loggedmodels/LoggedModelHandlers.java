package dev.labbook.loggedmodels;

import dev.labbook.artifacts.ArtifactPaths;
import dev.labbook.artifacts.ArtifactRepositories;
import dev.labbook.http.ApiRequest;
import dev.labbook.http.ErrorCode;
import dev.labbook.http.JsonObject;
import dev.labbook.http.MlflowException;
import dev.labbook.model.KeyValue;
import dev.labbook.model.Page;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/** HTTP for MLflow 3 logged models: request message in, response message out. */
public final class LoggedModelHandlers {
    private final LoggedModelService models;
    private final ModelArtifacts artifacts;

    public LoggedModelHandlers(LoggedModelService models, ArtifactRepositories repositories) {
        this.models = models;
        this.artifacts = new ModelArtifacts(repositories);
    }

    public Object create(ApiRequest req) {
        LoggedModel model = models.create(req.requiredString("experiment_id"), req.optionalString("name"),
                req.optionalString("model_type"), req.optionalString("source_run_id"), keyValues(req, "params"),
                keyValues(req, "tags"));
        return JsonObject.empty().with("model", model.toJson());
    }

    /** allow_deleted is a query flag MLflow's handler reads outside the proto message. */
    public Object get(ApiRequest req) {
        Boolean allowDeleted = req.optionalBoolean("allow_deleted");
        LoggedModel model = models.get(req.requiredString("model_id"), allowDeleted != null && allowDeleted);
        return JsonObject.empty().with("model", model.toJson());
    }

    public Object finalizeModel(ApiRequest req) {
        String modelId = req.requiredString("model_id");
        String statusText = req.optionalEnum("status");
        if (statusText == null || statusText.isEmpty()) {
            throw req.missing("status");
        }
        LoggedModelStatus status = LoggedModelStatus.parse(statusText);
        return JsonObject.empty().with("model", models.finalizeModel(modelId, status).toJson());
    }

    public Object delete(ApiRequest req) {
        models.delete(req.requiredString("model_id"));
        return JsonObject.empty();
    }

    /** MLflow declares a model in the response but never fills it: the answer is {}. */
    public Object setTags(ApiRequest req) {
        models.setTags(req.requiredString("model_id"), keyValues(req, "tags"));
        return JsonObject.empty();
    }

    public Object deleteTag(ApiRequest req) {
        models.deleteTag(req.requiredString("model_id"), req.requiredString("tag_key"));
        return JsonObject.empty();
    }

    public Object logParams(ApiRequest req) {
        models.logParams(req.requiredString("model_id"), keyValues(req, "params"));
        return JsonObject.empty();
    }

    public Object search(ApiRequest req) {
        List<String> experimentIds = req.stringList("experiment_ids");
        if (experimentIds.isEmpty()) {
            throw req.missing("experiment_ids");
        }
        List<LoggedModelSearch.DatasetFilter> datasets = req.objectList("datasets").stream()
                .map(d -> new LoggedModelSearch.DatasetFilter(d.optionalString("dataset_name"),
                        emptyToNull(d.optionalString("dataset_digest"))))
                .toList();
        List<LoggedModelSearch.Order> orderBy = new ArrayList<>();
        for (ApiRequest o : req.objectList("order_by")) {
            Boolean ascending = o.optionalBoolean("ascending");
            String field = o.optionalString("field_name");
            orderBy.add(new LoggedModelSearch.Order(field == null ? "" : field, ascending == null || ascending,
                    emptyToNull(o.optionalString("dataset_name")), emptyToNull(o.optionalString("dataset_digest"))));
        }
        Page<LoggedModel> page = models.search(experimentIds, req.optionalString("filter"), datasets,
                req.optionalLong("max_results"), orderBy, req.optionalString("page_token"));
        return JsonObject.empty()
                .with("models", page.items().stream().map(LoggedModel::toJson).toList())
                .with("next_page_token", page.nextPageToken());
    }

    /** POST /runs/outputs (LogOutputs): models the run produced. */
    public Object logOutputs(ApiRequest req) {
        String runId = req.requiredString("run_id");
        List<ApiRequest> items = req.objectList("models");
        if (items.isEmpty()) {
            throw req.missing("models");
        }
        List<ModelOutput> outputs = items.stream()
                .map(m -> new ModelOutput(m.requiredString("model_id"), m.longOr("step", 0)))
                .toList();
        models.logOutputs(runId, outputs);
        return JsonObject.empty();
    }

    /** GET .../logged-models/{model_id}/artifacts/directories: one level of the model's artifacts. */
    public Object listArtifacts(ApiRequest req) {
        String modelId = req.requiredString("model_id");
        String directory = req.optionalString("artifact_directory_path");
        ArtifactPaths.validate(directory);
        return artifacts.list(models.artifactLocation(modelId), directory);
    }

    /** GET /ajax-api/2.0/mlflow/logged-models/{model_id}/artifacts/files?artifact_file_path=: the UI's download. */
    public void getArtifact(Context ctx) {
        String raw = ctx.queryParam("artifact_file_path");
        if (raw == null || raw.isEmpty()) {
            throw new MlflowException(ErrorCode.BAD_REQUEST,
                    "Request must include the \"artifact_file_path\" query parameter.");
        }
        String path = ArtifactPaths.validate(raw);
        if (path.isEmpty()) {
            throw MlflowException.invalidParameter("Invalid path");
        }
        artifacts.send(ctx, models.artifactLocation(ctx.pathParam("model_id")), path);
    }

    private static List<KeyValue> keyValues(ApiRequest req, String field) {
        return req.objectList(field).stream()
                .map(t -> new KeyValue(t.optionalString("key"), t.optionalString("value")))
                .toList();
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
