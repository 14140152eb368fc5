package dev.labbook.registry;

import static dev.labbook.db.schema.Tables.MODEL_VERSIONS;

import dev.labbook.db.Database;
import dev.labbook.db.KeysetPages;
import dev.labbook.db.ReadScope;
import dev.labbook.db.SortKey;
import dev.labbook.http.MlflowException;
import dev.labbook.model.KeyValue;
import dev.labbook.model.Page;
import dev.labbook.model.Validation;
import dev.labbook.search.FilterParser;
import dev.labbook.search.SearchKind;
import dev.labbook.search.SearchSyntaxException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.exception.IntegrityConstraintViolationException;

/** MLflow's rules for model versions, their tags and stages. Each public method is one transaction. */
public final class ModelVersionService {
    static final int MAX_SEARCH_RESULTS = 200_000;
    private static final int CREATE_ATTEMPTS = 5;

    private final Database db;
    private final RegistryStore store;
    private final ModelVersionStore versions;
    private final RegistryService models;
    private final ModelVersionSources sources;
    private final LoggedModels loggedModels;
    private final Clock clock;

    public ModelVersionService(Database db, RegistryStore store, RegistryService models, ModelVersionSources sources,
                        LoggedModels loggedModels, Clock clock) {
        this.db = db;
        this.store = store;
        this.versions = store.versions();
        this.models = models;
        this.sources = sources;
        this.loggedModels = loggedModels;
        this.clock = clock;
    }

    /** What a create request carries; absent strings are null, and hasRunId/hasModelId say whether they were sent. */
    public record NewVersion(String name, String source, String runId, boolean hasRunId, String modelId,
                             boolean hasModelId, String runLink, String description, List<KeyValue> tags) {}

    /**
     * Registers the next version of a model, READY at once. The model's row is locked while the number
     * is chosen, so concurrent registrations get consecutive numbers; a clash on (name, version), which
     * the lock rules out, would be retried.
     */
    public ModelVersion create(NewVersion request) {
        RegistryValidation.modelName(request.name());
        List<KeyValue> tags = RegistryService.lastValuePerKey(request.tags());
        tags.forEach(RegistryValidation::tag);
        checkLengths(request);
        Origin origin = origin(request, Prompts.isPromptRequest(tags));
        for (int attempt = 1; ; attempt++) {
            try {
                return db.tx(ctx -> {
                    if (!store.lock(ctx, request.name())) {
                        throw RegistryService.modelNotFound(request.name());
                    }
                    long now = clock.millis();
                    int number = versions.nextVersion(ctx, request.name());
                    versions.insert(ctx, new ModelVersion(request.name(), number, now, now, null, Stages.NONE,
                            orEmpty(request.description()), origin.source(), origin.runId(), orEmpty(request.runLink()),
                            "READY", null, origin.storageLocation(), origin.modelId(), tags, List.of()));
                    store.touch(ctx, request.name(), now);
                    if (!origin.prompt() && origin.modelId() != null && !origin.modelId().isEmpty()) {
                        loggedModels.recordRegistration(ctx, origin.modelId(), request.name(), number);
                    }
                    return versions.find(ctx, request.name(), number).orElseThrow();
                });
            } catch (IntegrityConstraintViolationException e) {
                if (attempt >= CREATE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    public ModelVersion get(String name, String version) {
        RegistryValidation.modelName(name);
        int number = RegistryValidation.version(version);
        return db.tx(ctx -> require(ctx, name, number));
    }

    /** Only the description changes; an absent description clears it, as in MLflow. */
    public ModelVersion update(String name, String version, String description) {
        RegistryValidation.modelName(name);
        int number = RegistryValidation.version(version);
        Validation.lengthLimit("description", RegistryValidation.MAX_DESCRIPTION_LENGTH, description);
        return db.tx(ctx -> {
            require(ctx, name, number);
            versions.updateDescription(ctx, name, number, description, clock.millis());
            return require(ctx, name, number);
        });
    }

    public ModelVersion transition(String name, String version, String stage, boolean archiveExisting) {
        RegistryValidation.modelName(name);
        int number = RegistryValidation.version(version);
        String target = Stages.canonical(stage);
        if (archiveExisting && !Stages.ACTIVE.contains(target)) {
            // MLflow raises this without an error code (HTTP 500, which clients retry); it is bad input.
            throw MlflowException.invalidParameter("Model version transition cannot archive existing model versions "
                    + "because '" + stage + "' is not an Active stage. Valid stages are " + Stages.ACTIVE);
        }
        return db.tx(ctx -> {
            require(ctx, name, number);
            long now = clock.millis();
            if (archiveExisting) {
                versions.archiveOthersIn(ctx, name, number, target, now);
            }
            versions.setStage(ctx, name, number, target, now);
            store.touch(ctx, name, now);
            return require(ctx, name, number);
        });
    }

    /** MLflow's soft delete: the number stays taken, the version disappears from every read. */
    public void delete(String name, String version) {
        RegistryValidation.modelName(name);
        int number = RegistryValidation.version(version);
        db.txRun(ctx -> {
            require(ctx, name, number);
            long now = clock.millis();
            versions.softDelete(ctx, name, number, now);
            store.touch(ctx, name, now);
        });
    }

    public String downloadUri(String name, String version) {
        return get(name, version).downloadUri();
    }

    public Page<ModelVersion> search(String filter, List<String> orderBy, long maxResults, String pageToken) {
        RegistryValidation.maxResults(maxResults, MAX_SEARCH_RESULTS);
        Condition where;
        List<SortKey> keys;
        try {
            where = RegistrySearch.versions(FilterParser.parse(filter, SearchKind.MODEL_VERSIONS));
            keys = RegistrySearch.versionOrder(orderBy.stream()
                    .map(o -> FilterParser.parseOrderBy(o, SearchKind.MODEL_VERSIONS)).toList(), orderBy);
        } catch (SearchSyntaxException e) {
            throw MlflowException.invalidParameter(e.getMessage());
        }
        where = where.and(ReadScope.registeredModels(MODEL_VERSIONS.NAME));
        return KeysetPages.page(db, where, keys, pageToken, (int) maxResults, versions::fetch,
                v -> sortValues(keys, v));
    }

    public void setTag(String name, String version, KeyValue tag) {
        RegistryValidation.modelName(name);
        int number = RegistryValidation.version(version);
        RegistryValidation.tag(tag);
        db.txRun(ctx -> {
            require(ctx, name, number);
            versions.setTag(ctx, name, number, tag);
        });
    }

    /** As MLflow, deleting a tag the version does not have is not an error. */
    public void deleteTag(String name, String version, String key) {
        RegistryValidation.modelName(name);
        int number = RegistryValidation.version(version);
        Validation.keyName("key", key);
        db.txRun(ctx -> {
            require(ctx, name, number);
            versions.deleteTag(ctx, name, number, key);
        });
    }

    private ModelVersion require(DSLContext ctx, String name, int version) {
        return versions.find(ctx, name, version).orElseThrow(() -> RegistryService.versionNotFound(name, version));
    }

    /** Where a new version's files are and what it came from, after MLflow's checks on the source. */
    private record Origin(String source, String storageLocation, String runId, String modelId, boolean prompt) {}

    private Origin origin(NewVersion request, boolean prompt) {
        String source = request.source();
        String runId = orEmpty(request.runId());
        String modelId = request.modelId();
        if (prompt) {
            if (!Prompts.isPlaceholderSource(source)) {
                throw MlflowException.invalidParameter("Invalid prompt source: '" + source
                        + "'. Prompt sources must use an MLflow placeholder.");
            }
            return new Origin(source, null, runId, modelId, true);
        }
        String storageLocation = null;
        if (ModelUri.isModelsUri(source)) {
            if (ModelUri.hasAuthority(source)) {
                throw MlflowException.invalidParameter("Invalid model version source: '" + source
                        + "'. Registered model sources must use the active model registry.");
            }
            ModelUri uri = ModelUri.parse(source).orElse(null);
            if (uri != null && !uri.isLoggedModel()) {
                ModelVersion from = referencedVersion(uri, source);
                if ((request.hasRunId() && !runId.equals(orEmpty(from.runId())))
                        || (request.hasModelId() && !orEmpty(modelId).equals(orEmpty(from.modelId())))) {
                    throw MlflowException.invalidParameter("Invalid model version source: '" + source + "'. The "
                            + "run_id and model_id request parameters must match the referenced model version.");
                }
                source = "models:/" + from.name() + "/" + from.version();
                runId = request.hasRunId() ? runId : orEmpty(from.runId());
                modelId = request.hasModelId() ? modelId : from.modelId();
                storageLocation = from.downloadUri();
            }
        }
        boolean fromModel = modelId != null && !modelId.isEmpty();
        sources.check(source, runId, fromModel ? modelId : null);
        if (fromModel) {
            LoggedModels.LoggedModelRef model = sources.loggedModel(modelId, source);
            if (storageLocation == null && ModelUri.parse(source).map(ModelUri::isLoggedModel).orElse(false)) {
                storageLocation = model.artifactLocation();
            }
            if (runId.isEmpty() && model.sourceRunId() != null) {
                runId = model.sourceRunId();
            }
        }
        return new Origin(source, storageLocation, runId, modelId, false);
    }

    /** The version a models:/<name>/<version|stage|latest> or models:/<name>@<alias> source names. */
    private ModelVersion referencedVersion(ModelUri uri, String source) {
        RegisteredModel model = models.get(uri.name());
        if (model.isPrompt()) {
            throw MlflowException.invalidParameter("Invalid model version source: '" + source
                    + "'. Prompt versions cannot be used as model version sources.");
        }
        if (uri.version() != null) {
            return get(uri.name(), Integer.toString(uri.version()));
        }
        if (uri.alias() != null) {
            return models.versionByAlias(uri.name(), uri.alias());
        }
        List<ModelVersion> latest = models.latestVersions(uri.name(),
                uri.stage() == null ? List.of() : List.of(uri.stage()));
        if (latest.isEmpty()) {
            throw MlflowException.notFound("No versions of model with name '" + uri.name() + "'"
                    + (uri.stage() == null ? "" : " and stage '" + uri.stage() + "'") + " found");
        }
        return latest.get(latest.size() - 1);
    }

    private static void checkLengths(NewVersion request) {
        Validation.lengthLimit("source", RegistryValidation.MAX_SOURCE_LENGTH, request.source());
        Validation.lengthLimit("run_id", RegistryValidation.MAX_RUN_ID_LENGTH, request.runId());
        Validation.lengthLimit("run_link", RegistryValidation.MAX_RUN_LINK_LENGTH, request.runLink());
        Validation.lengthLimit("description", RegistryValidation.MAX_DESCRIPTION_LENGTH, request.description());
        Validation.lengthLimit("model_id", RegistryValidation.MAX_MODEL_ID_LENGTH, request.modelId());
    }

    private static List<Object> sortValues(List<SortKey> keys, ModelVersion version) {
        List<Object> values = new ArrayList<>();
        for (SortKey key : keys) {
            Field<?> field = key.field();
            values.add(field == MODEL_VERSIONS.NAME ? version.name()
                    : field == MODEL_VERSIONS.VERSION ? (Object) version.version()
                    : field == MODEL_VERSIONS.CREATION_TIME ? version.creationTimestamp()
                    : version.lastUpdatedTimestamp());
        }
        return values;
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
