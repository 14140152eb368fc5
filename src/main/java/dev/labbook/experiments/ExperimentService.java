package dev.labbook.experiments;

import static dev.labbook.db.schema.Tables.EXPERIMENTS;

import dev.labbook.artifacts.ArtifactLocations;
import dev.labbook.db.Database;
import dev.labbook.db.Keyset;
import dev.labbook.db.ReadScope;
import dev.labbook.db.SortKey;
import dev.labbook.http.MlflowException;
import dev.labbook.model.KeyValue;
import dev.labbook.model.Lifecycle;
import dev.labbook.model.Page;
import dev.labbook.model.Validation;
import dev.labbook.model.ViewType;
import dev.labbook.runs.RunStore;
import dev.labbook.search.FilterParser;
import dev.labbook.search.OrderBy;
import dev.labbook.search.SearchKind;
import dev.labbook.search.SearchSyntaxException;
import java.time.Clock;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;

/** MLflow's rules for experiments; each public method is one transaction. */
public final class ExperimentService {
    public static final int MAX_RESULTS_LIMIT = 50_000;

    private final Database db;
    private final ExperimentStore store;
    private final RunStore runs;
    private final ArtifactLocations locations;
    private final Clock clock;

    public ExperimentService(Database db, ExperimentStore store, RunStore runs, ArtifactLocations locations,
                             Clock clock) {
        this.db = db;
        this.store = store;
        this.runs = runs;
        this.locations = locations;
        this.clock = clock;
    }

    public void initDefaultExperiment() {
        db.txRun(ctx -> store.initDefaultExperiment(ctx, locations.forExperiment(0), clock.millis()));
    }

    public long create(String name, String artifactLocation, List<KeyValue> tags) {
        validateName(name);
        tags.forEach(ExperimentService::validateTag);
        String explicitLocation = artifactLocation == null || artifactLocation.isEmpty()
                ? null : locations.validateExperimentLocation(artifactLocation);
        for (int attempt = 0; ; attempt++) {
            try {
                return db.tx(ctx -> {
                    if (store.findByName(ctx, name).isPresent()) {
                        throw alreadyExists(name);
                    }
                    long id = store.nextId(ctx);
                    long now = clock.millis();
                    String location = explicitLocation != null ? explicitLocation : locations.forExperiment(id);
                    store.insert(ctx, new Experiment(id, name, location, Lifecycle.ACTIVE, now, now, tags));
                    return id;
                });
            } catch (IntegrityConstraintViolationException e) {
                // Two creations raced: for the same name, or for the same next id.
                if (db.tx(ctx -> store.findByName(ctx, name)).isPresent()) {
                    throw alreadyExists(name);
                }
                if (attempt >= 10) {
                    throw e;
                }
            }
        }
    }

    public Experiment get(String experimentId) {
        long id = Validation.experimentId(experimentId);
        return db.tx(ctx -> require(ctx, id));
    }

    public Experiment getByName(String name) {
        return db.tx(ctx -> store.findByName(ctx, name)).orElseThrow(() ->
                MlflowException.notFound("Could not find experiment with name '" + name + "'"));
    }

    public Page<Experiment> search(String filter, List<String> orderBy, ViewType viewType, long maxResults,
                                   String pageToken) {
        if (maxResults < 1 || maxResults > MAX_RESULTS_LIMIT) {
            throw MlflowException.invalidParameter("Invalid value " + maxResults + " for parameter 'max_results' "
                    + "supplied. It must be at most " + MAX_RESULTS_LIMIT + " and greater than 0.");
        }
        Condition where;
        List<SortKey> keys;
        try {
            where = ExperimentSearch.filter(FilterParser.parse(filter, SearchKind.EXPERIMENTS));
            List<OrderBy> parsedOrder = orderBy.stream()
                    .map(o -> FilterParser.parseOrderBy(o, SearchKind.EXPERIMENTS)).toList();
            keys = ExperimentSearch.sortKeys(parsedOrder);
        } catch (SearchSyntaxException e) {
            throw MlflowException.invalidParameter(e.getMessage());
        }
        Condition scoped = where.and(EXPERIMENTS.LIFECYCLE_STAGE.in(viewType.stages()))
                .and(ReadScope.experiments(EXPERIMENTS.EXPERIMENT_ID));
        if (pageToken != null && !pageToken.isEmpty()) {
            scoped = scoped.and(Keyset.after(keys, Keyset.parseToken(pageToken, keys)));
        }
        Condition finalWhere = scoped;
        int limit = (int) maxResults;
        return db.tx(ctx -> {
            var rows = ctx.selectFrom(EXPERIMENTS).where(finalWhere)
                    .orderBy(keys.stream().map(SortKey::orderField).toList())
                    .limit(limit + 1).fetch();
            String next = rows.size() > limit ? Keyset.tokenAfter(keys, rows.get(limit - 1)) : null;
            List<Experiment> page = rows.stream().limit(limit).map(ExperimentStore::fromRecord).toList();
            var tags = store.tagsOf(ctx, page.stream().map(Experiment::id).toList());
            return new Page<>(page.stream().map(e -> e.withTags(tags.getOrDefault(e.id(), List.of()))).toList(), next);
        });
    }

    /** Soft delete, which also soft-deletes the experiment's runs. */
    public void delete(String experimentId) {
        long id = Validation.experimentId(experimentId);
        db.txRun(ctx -> {
            Experiment experiment = require(ctx, id);
            if (!experiment.isActive()) {
                throw MlflowException.notFound("No Experiment with id=" + id + " exists");
            }
            long now = clock.millis();
            store.updateLifecycle(ctx, id, Lifecycle.DELETED, now);
            runs.setLifecycleOfExperiment(ctx, id, Lifecycle.DELETED, now);
        });
    }

    public void restore(String experimentId) {
        long id = Validation.experimentId(experimentId);
        db.txRun(ctx -> {
            Experiment experiment = require(ctx, id);
            if (experiment.isActive()) {
                throw MlflowException.notFound("No deleted Experiment with id=" + id + " exists");
            }
            store.updateLifecycle(ctx, id, Lifecycle.ACTIVE, clock.millis());
            runs.setLifecycleOfExperiment(ctx, id, Lifecycle.ACTIVE, null);
        });
    }

    public void rename(String experimentId, String newName) {
        long id = Validation.experimentId(experimentId);
        validateName(newName);
        try {
            db.txRun(ctx -> {
                Experiment experiment = require(ctx, id);
                if (!experiment.isActive()) {
                    // MLflow answers INVALID_STATE (HTTP 500), which the client retries for minutes.
                    throw MlflowException.invalidParameter("Cannot rename a non-active experiment.");
                }
                if (!experiment.name().equals(newName) && store.findByName(ctx, newName).isPresent()) {
                    throw alreadyExists(newName);
                }
                store.rename(ctx, id, newName, clock.millis());
            });
        } catch (IntegrityConstraintViolationException e) {
            throw alreadyExists(newName);
        }
    }

    public void setTag(String experimentId, KeyValue tag) {
        long id = Validation.experimentId(experimentId);
        validateTag(tag);
        db.txRun(ctx -> {
            requireActive(ctx, id);
            store.setTag(ctx, id, tag);
        });
    }

    public void deleteTag(String experimentId, String key) {
        long id = Validation.experimentId(experimentId);
        db.txRun(ctx -> {
            requireActive(ctx, id);
            if (!store.deleteTag(ctx, id, key)) {
                throw MlflowException.notFound("No tag with name: " + key + " in experiment with id " + id);
            }
        });
    }

    /** For other features that need an experiment that exists and is active. */
    public Experiment requireActive(DSLContext ctx, long id) {
        return active(require(ctx, id));
    }

    public Experiment require(DSLContext ctx, long id) {
        return store.findById(ctx, id).orElseThrow(() -> noSuchExperiment(id));
    }

    /** As {@link #require}, without the tags (one query less): for hot write paths such as tracing. */
    public Experiment requireUntagged(DSLContext ctx, long id) {
        return store.findByIdUntagged(ctx, id).orElseThrow(() -> noSuchExperiment(id));
    }

    public Experiment requireActiveUntagged(DSLContext ctx, long id) {
        return active(requireUntagged(ctx, id));
    }

    private static Experiment active(Experiment experiment) {
        if (!experiment.isActive()) {
            throw MlflowException.invalidParameter("The experiment " + experiment.id() + " must be in the 'active' state. "
                    + "Current state is " + experiment.lifecycleStage() + ".");
        }
        return experiment;
    }

    private static MlflowException noSuchExperiment(long id) {
        return MlflowException.notFound("No Experiment with id=" + id + " exists");
    }

    private static void validateName(String name) {
        if (name == null || name.isEmpty()) {
            throw MlflowException.invalidParameter("Invalid experiment name: '" + (name == null ? "" : name) + "'");
        }
        Validation.lengthLimit("name", Validation.MAX_EXPERIMENT_NAME_LENGTH, name);
    }

    private static void validateTag(KeyValue tag) {
        Validation.keyName("key", tag.key());
        Validation.lengthLimit("value", Validation.MAX_EXPERIMENT_TAG_VALUE_LENGTH, tag.value());
    }

    private static MlflowException alreadyExists(String name) {
        return MlflowException.alreadyExists("Experiment(name=" + name + ") already exists. Error: "
                + "an experiment with this name exists (names of deleted experiments stay reserved).");
    }
}
