package dev.labbook.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labbook.http.ErrorCode;
import dev.labbook.http.MlflowException;
import dev.labbook.loggedmodels.LoggedModelInfo;
import dev.labbook.loggedmodels.LoggedModelService;
import dev.labbook.loggedmodels.LoggedModelStore;
import dev.labbook.model.KeyValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;

/** {@link LoggedModels} on the logged-model tables, through that feature's service and store. */
public final class StoredLoggedModels implements LoggedModels {
    static final String MODEL_VERSIONS_TAG = "mlflow.modelVersions";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LoggedModelService service;
    private final LoggedModelStore store;

    public StoredLoggedModels(LoggedModelService service, LoggedModelStore store) {
        this.service = service;
        this.store = store;
    }

    @Override
    public Optional<LoggedModelRef> find(String modelId) {
        try {
            LoggedModelInfo info = service.get(modelId, false).info();
            return Optional.of(new LoggedModelRef(info.artifactLocation(), info.sourceRunId()));
        } catch (MlflowException e) {
            if (e.code() == ErrorCode.RESOURCE_DOES_NOT_EXIST) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** As MLflow: the tag holds a JSON list of {"name", "version"}, to which this registration is added once. */
    @Override
    public void recordRegistration(DSLContext ctx, String modelId, String name, int version) {
        Optional<LoggedModelInfo> info = store.findForUpdate(ctx, modelId);
        if (info.isEmpty()) {
            return;
        }
        String existing = store.load(ctx, List.of(info.get())).get(0).tags().stream()
                .filter(t -> t.key().equals(MODEL_VERSIONS_TAG)).map(KeyValue::value).findFirst().orElse(null);
        List<Map<String, Object>> versions = parse(existing);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", name);
        entry.put("version", version);
        if (!versions.contains(entry)) {
            versions.add(entry);
        }
        store.upsertTags(ctx, modelId, List.of(new KeyValue(MODEL_VERSIONS_TAG, render(versions))));
    }

    private static List<Map<String, Object>> parse(String json) {
        if (json == null || json.isBlank()) {
            return new ArrayList<>();
        }
        try {
            return new ArrayList<>(JSON.readValue(json, new TypeReference<List<Map<String, Object>>>() {}));
        } catch (JsonProcessingException e) {
            return new ArrayList<>(); // a tag a user overwrote with something else starts afresh
        }
    }

    /** Python's json.dumps spelling, so the tag reads the same as MLflow writes it. */
    private static String render(List<Map<String, Object>> versions) {
        List<String> items = new ArrayList<>();
        try {
            for (Map<String, Object> v : versions) {
                List<String> fields = new ArrayList<>();
                for (Map.Entry<String, Object> field : v.entrySet()) {
                    fields.add(JSON.writeValueAsString(field.getKey()) + ": " + JSON.writeValueAsString(field.getValue()));
                }
                items.add("{" + String.join(", ", fields) + "}");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return "[" + String.join(", ", items) + "]";
    }
}
