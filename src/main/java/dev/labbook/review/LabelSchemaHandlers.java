package dev.labbook.review;

import dev.labbook.http.ApiRequest;
import dev.labbook.http.JsonObject;
import dev.labbook.model.Page;

/** HTTP for label schemas: /api/3.0/mlflow/label-schemas/... */
public final class LabelSchemaHandlers {
    private static final int DEFAULT_PAGE = 100;

    private final LabelSchemaService schemas;

    public LabelSchemaHandlers(LabelSchemaService schemas) {
        this.schemas = schemas;
    }

    public Object create(ApiRequest req) {
        String experimentId = req.requiredString("experiment_id");
        String name = req.requiredString("name");
        String type = switch (String.valueOf(req.optionalEnum("type"))) {
            case "FEEDBACK", "1" -> LabelSchema.FEEDBACK;
            case "EXPECTATION", "2" -> LabelSchema.EXPECTATION;
            // Protobuf's parser turns an unknown value into the enum's zero, which MLflow then refuses.
            default -> throw dev.labbook.http.MlflowException.invalidParameter(
                    "Label schema `type` must be one of FEEDBACK or EXPECTATION; got proto enum value 0.");
        };
        LabelSchemaInput input = LabelSchemaInput.read(req.optionalObject("input"));
        String instruction = req.optionalString("instruction");
        boolean enableComment = Boolean.TRUE.equals(req.optionalBoolean("enable_comment"));
        LabelSchema created = schemas.create(new LabelSchemaService.NewSchema(experimentId, name, type, input,
                instruction, enableComment));
        return JsonObject.empty().with("label_schema", created.json());
    }

    public Object get(ApiRequest req) {
        return JsonObject.empty().with("label_schema", schemas.get(req.requiredString("schema_id")).json());
    }

    public Object getByName(ApiRequest req) {
        String experimentId = req.requiredString("experiment_id");
        String name = req.requiredString("name");
        return JsonObject.empty().with("label_schema", schemas.getByName(experimentId, name).json());
    }

    public Object list(ApiRequest req) {
        String experimentId = req.requiredString("experiment_id");
        Integer maxResults = OffsetPages.maxResults(req);
        Page<LabelSchema> page = schemas.list(experimentId, maxResults == null ? DEFAULT_PAGE : maxResults,
                req.optionalString("page_token"));
        return JsonObject.empty()
                .with("label_schemas", page.items().stream().map(LabelSchema::json).toList())
                .with("next_page_token", page.nextPageToken() == null ? "" : page.nextPageToken());
    }

    public Object update(ApiRequest req) {
        String schemaId = req.requiredString("schema_id");
        String name = req.optionalString("name");
        String instruction = req.optionalString("instruction");
        Boolean enableComment = req.optionalBoolean("enable_comment");
        LabelSchemaInput input = req.has("input") ? LabelSchemaInput.read(req.optionalObject("input")) : null;
        LabelSchema updated = schemas.update(schemaId, new LabelSchemaService.Changes(name, instruction,
                enableComment, input));
        return JsonObject.empty().with("label_schema", updated.json());
    }

    public Object delete(ApiRequest req) {
        schemas.delete(req.requiredString("schema_id"));
        return JsonObject.empty();
    }
}
