package dev.labbook.registry;

import dev.labbook.http.ApiRequest;
import dev.labbook.http.JsonObject;
import dev.labbook.model.KeyValue;
import dev.labbook.model.Page;
import io.javalin.http.Context;
import java.util.List;

/** HTTP for the model registry: registered models, versions, aliases and tags. */
public final class RegistryHandlers {
    private static final long DEFAULT_MODEL_RESULTS = 100;
    private static final long DEFAULT_VERSION_RESULTS = 200_000;

    private final RegistryService models;
    private final ModelVersionService versions;
    private final ModelVersionArtifacts artifacts;

    public RegistryHandlers(RegistryService models, ModelVersionService versions, ModelVersionArtifacts artifacts) {
        this.models = models;
        this.versions = versions;
        this.artifacts = artifacts;
    }

    // ---- registered models ----

    public Object createModel(ApiRequest req) {
        return model(models.create(req.requiredString("name"), req.optionalString("description"), tags(req)));
    }

    public Object getModel(ApiRequest req) {
        return model(models.get(req.requiredString("name")));
    }

    public Object renameModel(ApiRequest req) {
        return model(models.rename(req.requiredString("name"), req.requiredString("new_name")));
    }

    public Object updateModel(ApiRequest req) {
        return model(models.update(req.requiredString("name"), req.optionalString("description")));
    }

    public Object deleteModel(ApiRequest req) {
        models.delete(req.requiredString("name"));
        return JsonObject.empty();
    }

    public Object searchModels(ApiRequest req) {
        Page<RegisteredModel> page = models.search(req.optionalString("filter"), req.stringList("order_by"),
                req.longOr("max_results", DEFAULT_MODEL_RESULTS), req.optionalString("page_token"));
        return JsonObject.empty()
                .with("registered_models", page.items().stream().map(RegisteredModel::toJson).toList())
                .with("next_page_token", page.nextPageToken());
    }

    public Object getLatestVersions(ApiRequest req) {
        return versionList(models.latestVersions(req.requiredString("name"), req.stringList("stages")));
    }

    public Object setModelTag(ApiRequest req) {
        models.setTag(req.requiredString("name"), new KeyValue(req.requiredString("key"), valueOf(req)));
        return JsonObject.empty();
    }

    public Object deleteModelTag(ApiRequest req) {
        models.deleteTag(req.requiredString("name"), req.requiredString("key"));
        return JsonObject.empty();
    }

    public Object setAlias(ApiRequest req) {
        models.setAlias(req.requiredString("name"), req.requiredString("alias"), req.requiredString("version"));
        return JsonObject.empty();
    }

    public Object deleteAlias(ApiRequest req) {
        models.deleteAlias(req.requiredString("name"), req.requiredString("alias"));
        return JsonObject.empty();
    }

    public Object getVersionByAlias(ApiRequest req) {
        return version(models.versionByAlias(req.requiredString("name"), req.requiredString("alias")));
    }

    // ---- model versions ----

    public Object createVersion(ApiRequest req) {
        return version(versions.create(new ModelVersionService.NewVersion(req.requiredString("name"),
                req.requiredString("source"), req.optionalString("run_id"), req.has("run_id"),
                req.optionalString("model_id"), req.has("model_id"), req.optionalString("run_link"),
                req.optionalString("description"), tags(req))));
    }

    public Object getVersion(ApiRequest req) {
        return version(versions.get(req.requiredString("name"), req.requiredString("version")));
    }

    public Object updateVersion(ApiRequest req) {
        return version(versions.update(req.requiredString("name"), req.requiredString("version"),
                req.optionalString("description")));
    }

    public Object transitionStage(ApiRequest req) {
        Boolean archive = req.optionalBoolean("archive_existing_versions");
        return version(versions.transition(req.requiredString("name"), req.requiredString("version"),
                req.requiredString("stage"), archive != null && archive));
    }

    public Object deleteVersion(ApiRequest req) {
        versions.delete(req.requiredString("name"), req.requiredString("version"));
        return JsonObject.empty();
    }

    public Object searchVersions(ApiRequest req) {
        Page<ModelVersion> page = versions.search(req.optionalString("filter"), req.stringList("order_by"),
                req.longOr("max_results", DEFAULT_VERSION_RESULTS), req.optionalString("page_token"));
        return JsonObject.empty()
                .with("model_versions", page.items().stream().map(ModelVersion::toJson).toList())
                .with("next_page_token", page.nextPageToken());
    }

    public Object getDownloadUri(ApiRequest req) {
        return JsonObject.empty().with("artifact_uri",
                versions.downloadUri(req.requiredString("name"), req.requiredString("version")));
    }

    public Object setVersionTag(ApiRequest req) {
        versions.setTag(req.requiredString("name"), req.requiredString("version"),
                new KeyValue(req.requiredString("key"), valueOf(req)));
        return JsonObject.empty();
    }

    public Object deleteVersionTag(ApiRequest req) {
        versions.deleteTag(req.requiredString("name"), req.requiredString("version"), req.requiredString("key"));
        return JsonObject.empty();
    }

    /** GET /model-versions/get-artifact: raw bytes, not JSON. */
    public void getArtifact(Context ctx) {
        artifacts.send(ctx);
    }

    private static JsonObject model(RegisteredModel model) {
        return JsonObject.empty().with("registered_model", model.toJson());
    }

    private static JsonObject version(ModelVersion version) {
        return JsonObject.empty().with("model_version", version.toJson());
    }

    private static JsonObject versionList(List<ModelVersion> list) {
        return JsonObject.empty().with("model_versions", list.stream().map(ModelVersion::toJson).toList());
    }

    private static List<KeyValue> tags(ApiRequest req) {
        return req.objectList("tags").stream()
                .map(t -> new KeyValue(t.requiredString("key"), valueOf(t)))
                .toList();
    }

    private static String valueOf(ApiRequest req) {
        String value = req.optionalString("value");
        return value == null ? "" : value;
    }
}
