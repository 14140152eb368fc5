package dev.labbook.experiments;

import dev.labbook.http.ApiRequest;
import dev.labbook.http.JsonObject;
import dev.labbook.model.KeyValue;
import dev.labbook.model.Page;
import dev.labbook.model.ViewType;
import java.util.List;

/** HTTP for experiments: request message in, response message out. */
public final class ExperimentHandlers {
    private final ExperimentService experiments;

    public ExperimentHandlers(ExperimentService experiments) {
        this.experiments = experiments;
    }

    public Object create(ApiRequest req) {
        long id = experiments.create(req.requiredString("name"), req.optionalString("artifact_location"), tags(req));
        return JsonObject.empty().with("experiment_id", Long.toString(id));
    }

    public Object get(ApiRequest req) {
        return JsonObject.empty().with("experiment", experiments.get(req.requiredString("experiment_id")).toJson());
    }

    public Object getByName(ApiRequest req) {
        return JsonObject.empty().with("experiment", experiments.getByName(req.requiredString("experiment_name")).toJson());
    }

    public Object search(ApiRequest req) {
        Long maxResults = req.optionalLong("max_results");
        if (maxResults == null) {
            throw req.missing("max_results");
        }
        Page<Experiment> page = experiments.search(req.optionalString("filter"), req.stringList("order_by"),
                ViewType.parse(req.optionalEnum("view_type")), maxResults, req.optionalString("page_token"));
        return JsonObject.empty()
                .with("experiments", page.items().stream().map(Experiment::toJson).toList())
                .with("next_page_token", page.nextPageToken());
    }

    public Object delete(ApiRequest req) {
        experiments.delete(req.requiredString("experiment_id"));
        return JsonObject.empty();
    }

    public Object restore(ApiRequest req) {
        experiments.restore(req.requiredString("experiment_id"));
        return JsonObject.empty();
    }

    public Object update(ApiRequest req) {
        experiments.rename(req.requiredString("experiment_id"), req.requiredString("new_name"));
        return JsonObject.empty();
    }

    public Object setTag(ApiRequest req) {
        String value = req.optionalString("value");
        experiments.setTag(req.requiredString("experiment_id"),
                new KeyValue(req.requiredString("key"), value == null ? "" : value));
        return JsonObject.empty();
    }

    public Object deleteTag(ApiRequest req) {
        experiments.deleteTag(req.requiredString("experiment_id"), req.requiredString("key"));
        return JsonObject.empty();
    }

    static List<KeyValue> tags(ApiRequest req) {
        return req.objectList("tags").stream()
                .map(t -> new KeyValue(t.requiredString("key"), valueOrEmpty(t.optionalString("value"))))
                .toList();
    }

    private static String valueOrEmpty(String value) {
        return value == null ? "" : value;
    }
}
