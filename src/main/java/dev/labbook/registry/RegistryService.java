package dev.labbook.registry;

import static dev.labbook.db.schema.Tables.REGISTERED_MODELS;

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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;

/**
 * MLflow's rules for registered models, their tags and aliases (mlflow/store/model_registry/
 * sqlalchemy_store.py); versions are {@link ModelVersionService}'s. Each public method is one transaction.
 */
public final class RegistryService {
    static final int MAX_SEARCH_RESULTS = 1000;

    private final Database db;
    private final RegistryStore store;
    private final Clock clock;

    public RegistryService(Database db, RegistryStore store, Clock clock) {
        this.db = db;
        this.store = store;
        this.clock = clock;
    }

    public RegisteredModel create(String name, String description, List<KeyValue> tags) {
        RegistryValidation.modelName(name);
        List<KeyValue> unique = lastValuePerKey(tags);
        unique.forEach(RegistryValidation::tag);
        Validation.lengthLimit("description", RegistryValidation.MAX_DESCRIPTION_LENGTH, description);
        try {
            return db.tx(ctx -> {
                store.find(ctx, name).ifPresent(existing -> {
                    throw alreadyExists(name, existing.tags(), unique);
                });
                store.insert(ctx, name, description, unique, clock.millis());
                return store.find(ctx, name).orElseThrow();
            });
        } catch (IntegrityConstraintViolationException e) {
            throw db.tx(ctx -> store.find(ctx, name)).map(existing -> alreadyExists(name, existing.tags(), unique))
                    .orElseThrow(() -> e);
        }
    }

    public RegisteredModel get(String name) {
        RegistryValidation.modelName(name);
        return db.tx(ctx -> require(ctx, name));
    }

    public RegisteredModel rename(String name, String newName) {
        RegistryValidation.modelName(name);
        RegistryValidation.modelName("new_name", newName);
        try {
            return db.tx(ctx -> {
                require(ctx, name);
                if (!name.equals(newName) && store.exists(ctx, newName)) {
                    throw nameTaken(newName);
                }
                long now = clock.millis();
                store.rename(ctx, name, newName, now);
                store.versions().touchVersionsOf(ctx, newName, now);
                return require(ctx, newName);
            });
        } catch (IntegrityConstraintViolationException e) {
            throw nameTaken(newName);
        }
    }

    public RegisteredModel update(String name, String description) {
        RegistryValidation.modelName(name);
        Validation.lengthLimit("description", RegistryValidation.MAX_DESCRIPTION_LENGTH, description);
        return db.tx(ctx -> {
            require(ctx, name);
            store.updateDescription(ctx, name, description, clock.millis());
            return require(ctx, name);
        });
    }

    /** A hard delete: the model's versions, tags and aliases go with it. */
    public void delete(String name) {
        RegistryValidation.modelName(name);
        db.txRun(ctx -> {
            require(ctx, name);
            store.delete(ctx, name);
        });
    }

    public Page<RegisteredModel> search(String filter, List<String> orderBy, long maxResults, String pageToken) {
        RegistryValidation.maxResults(maxResults, MAX_SEARCH_RESULTS);
        Condition where;
        List<SortKey> keys;
        try {
            where = RegistrySearch.models(FilterParser.parse(filter, SearchKind.REGISTERED_MODELS));
            keys = RegistrySearch.modelOrder(orderBy.stream()
                    .map(o -> FilterParser.parseOrderBy(o, SearchKind.REGISTERED_MODELS)).toList(), orderBy);
        } catch (SearchSyntaxException e) {
            throw MlflowException.invalidParameter(e.getMessage());
        }
        where = where.and(ReadScope.registeredModels(REGISTERED_MODELS.NAME));
        return KeysetPages.page(db, where, keys, pageToken, (int) maxResults, store::fetch,
                m -> sortValues(keys, m));
    }

    /** The newest live version in each requested stage (every stage when none is named), by version. */
    public List<ModelVersion> latestVersions(String name, List<String> stages) {
        RegistryValidation.modelName(name);
        List<String> wanted = stages.isEmpty() ? Stages.ALL : stages.stream().map(Stages::canonical).toList();
        return db.tx(ctx -> require(ctx, name).latestVersions().stream()
                .filter(v -> wanted.contains(v.currentStage()))
                .sorted(Comparator.comparingInt(ModelVersion::version)).toList());
    }

    public void setTag(String name, KeyValue tag) {
        RegistryValidation.modelName(name);
        RegistryValidation.tag(tag);
        db.txRun(ctx -> {
            requireExists(ctx, name);
            store.setTag(ctx, name, tag);
        });
    }

    /** As MLflow, deleting a tag the model does not have is not an error. */
    public void deleteTag(String name, String key) {
        RegistryValidation.modelName(name);
        Validation.keyName("key", key);
        db.txRun(ctx -> {
            requireExists(ctx, name);
            store.deleteTag(ctx, name, key);
        });
    }

    /** Points the alias at a live version, moving it if it named another. */
    public void setAlias(String name, String alias, String version) {
        RegistryValidation.modelName(name);
        RegistryValidation.aliasName(alias);
        RegistryValidation.aliasNotReserved(alias);
        int number = RegistryValidation.version(version);
        db.txRun(ctx -> {
            store.versions().find(ctx, name, number).orElseThrow(() -> versionNotFound(name, number));
            store.setAlias(ctx, name, alias, number);
        });
    }

    public void deleteAlias(String name, String alias) {
        RegistryValidation.modelName(name);
        RegistryValidation.aliasName(alias);
        db.txRun(ctx -> {
            requireExists(ctx, name);
            store.deleteAlias(ctx, name, alias);
        });
    }

    /** "latest" (any case) is every model's implicit alias for its highest live version. */
    public ModelVersion versionByAlias(String name, String alias) {
        RegistryValidation.modelName(name);
        RegistryValidation.aliasName(alias);
        if (alias.equalsIgnoreCase(RegistryValidation.LATEST_ALIAS)) {
            return latestVersions(name, List.of()).stream().max(Comparator.comparingInt(ModelVersion::version))
                    .orElseThrow(() -> MlflowException.notFound("Latest version not found for model " + name + "."));
        }
        return db.tx(ctx -> {
            requireExists(ctx, name);
            // MLflow answers a missing alias with INVALID_PARAMETER_VALUE, which load_prompt relies on.
            int version = store.aliasVersion(ctx, name, alias).orElseThrow(() ->
                    MlflowException.invalidParameter("Registered model alias " + alias + " not found."));
            return store.versions().find(ctx, name, version).orElseThrow(() -> versionNotFound(name, version));
        });
    }

    RegisteredModel require(DSLContext ctx, String name) {
        return store.find(ctx, name).orElseThrow(() -> modelNotFound(name));
    }

    void requireExists(DSLContext ctx, String name) {
        if (!store.exists(ctx, name)) {
            throw modelNotFound(name);
        }
    }

    static MlflowException modelNotFound(String name) {
        return MlflowException.notFound("Registered Model with name=" + name + " not found");
    }

    static MlflowException versionNotFound(String name, int version) {
        return MlflowException.notFound("Model Version (name=" + name + ", version=" + version + ") not found");
    }

    private static List<Object> sortValues(List<SortKey> keys, RegisteredModel model) {
        List<Object> values = new ArrayList<>();
        for (SortKey key : keys) {
            values.add(key.field() == REGISTERED_MODELS.NAME ? model.name() : model.lastUpdatedTimestamp());
        }
        return values;
    }

    /** MLflow keeps the last value of a key given twice. */
    static List<KeyValue> lastValuePerKey(List<KeyValue> tags) {
        Map<String, KeyValue> byKey = new LinkedHashMap<>();
        tags.forEach(t -> byKey.put(t.key(), t));
        return List.copyOf(byKey.values());
    }

    /** MLflow's wording tells a model from a prompt: the two share one namespace. */
    private static MlflowException alreadyExists(String name, List<KeyValue> existingTags, List<KeyValue> newTags) {
        String existing = hasPromptTag(existingTags) ? "Prompt" : "Registered Model";
        String created = hasPromptTag(newTags) ? "Prompt" : "Registered Model";
        if (!existing.equals(created)) {
            return MlflowException.alreadyExists("Tried to create a " + created.toLowerCase() + " with name '" + name
                    + "', but the name is already taken by a " + existing.toLowerCase() + ". MLflow does not allow "
                    + "creating a model and a prompt with the same name.");
        }
        return MlflowException.alreadyExists(created + " (name=" + name + ") already exists.");
    }

    private static boolean hasPromptTag(List<KeyValue> tags) {
        return tags.stream().anyMatch(t -> t.key().equals(Prompts.IS_PROMPT_TAG));
    }

    private static MlflowException nameTaken(String name) {
        return MlflowException.alreadyExists("Registered Model (name=" + name + ") already exists.");
    }
}
