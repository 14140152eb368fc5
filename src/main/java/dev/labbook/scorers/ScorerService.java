package dev.labbook.scorers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labbook.db.Database;
import dev.labbook.experiments.Experiment;
import dev.labbook.experiments.ExperimentService;
import dev.labbook.http.MlflowException;
import dev.labbook.model.Validation;
import dev.labbook.search.FilterParser;
import dev.labbook.search.SearchKind;
import dev.labbook.search.SearchSyntaxException;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;

/**
 * MLflow's rules for the scorer registry: versions per (experiment, name), numbered from one past
 * the highest existing version; each public method is one transaction.
 */
public final class ScorerService {
    /** MLflow's scorer_name column is VARCHAR(256). */
    static final int MAX_NAME_LENGTH = 256;
    private static final Pattern EXPERIMENT_ID = Pattern.compile("^[a-zA-Z0-9][\\w\\-]{0,63}$");

    private final Database db;
    private final ScorerStore store;
    private final ExperimentService experiments;
    private final Clock clock;
    private final boolean customScorersEnabled;

    public ScorerService(Database db, ScorerStore store, ExperimentService experiments, Clock clock,
                         boolean customScorersEnabled) {
        this.db = db;
        this.store = store;
        this.experiments = experiments;
        this.clock = clock;
        this.customScorersEnabled = customScorersEnabled;
    }

    /** Adds a version of the named scorer, creating the scorer on its first registration. */
    public ScorerVersion register(String experimentId, String name, String serialized) {
        JsonNode scorer = SerializedScorers.check(serialized, customScorersEnabled);
        validateName(name);
        for (int attempt = 1; ; attempt++) {
            try {
                return db.tx(ctx -> {
                    Experiment experiment = activeExperiment(ctx, experimentId);
                    SerializedScorers.checkModel(SerializedScorers.model(scorer));
                    String scorerId = store.scorerId(ctx, experiment.id(), name).orElse(null);
                    if (scorerId == null) {
                        scorerId = UUID.randomUUID().toString();
                        store.insertScorer(ctx, scorerId, experiment.id(), name);
                    }
                    int version = store.maxVersion(ctx, scorerId) + 1;
                    long now = clock.millis();
                    store.insertVersion(ctx, scorerId, version, serialized, now);
                    return new ScorerVersion(experiment.id(), scorerId, name, version, serialized, now);
                });
            } catch (IntegrityConstraintViolationException e) {
                // Two registrations raced for the same new scorer or the same next version.
                if (attempt >= 10) {
                    throw e;
                }
            }
        }
    }

    /** The latest version of each scorer: of one experiment, of several (inactive ones skipped), or of all. */
    public List<ScorerVersion> list(String experimentId, List<String> experimentIds) {
        if (experimentIds != null) {
            List<Long> ids = new LinkedHashSet<>(experimentIds).stream().map(ScorerService::listedExperimentId).toList();
            return db.tx(ctx -> ids.isEmpty() ? List.of() : store.latest(ctx, store.activeExperiments(ctx, ids)));
        }
        if (experimentId != null) {
            return db.tx(ctx -> store.latest(ctx, List.of(activeExperiment(ctx, experimentId).id())));
        }
        return db.tx(ctx -> store.latest(ctx, null));
    }

    public List<ScorerVersion> versions(String experimentId, String name) {
        return db.tx(ctx -> {
            Experiment experiment = activeExperiment(ctx, experimentId);
            List<ScorerVersion> versions = store.scorerId(ctx, experiment.id(), name).map(id -> store.versions(ctx, id))
                    .orElse(List.of());
            if (versions.isEmpty()) {
                throw notFound(name, experimentId);
            }
            return versions;
        });
    }

    /** One version; the latest when {@code version} is null. */
    public ScorerVersion get(String experimentId, String name, Integer version) {
        return db.tx(ctx -> {
            Experiment experiment = activeExperiment(ctx, experimentId);
            return store.scorerId(ctx, experiment.id(), name).flatMap(id -> store.version(ctx, id, version))
                    .orElseThrow(() -> version == null ? notFound(name, experimentId)
                            : versionNotFound(name, version, experimentId));
        });
    }

    /** Deletes one version (the scorer stays, even with no versions left) or, without a version, the whole scorer. */
    public void delete(String experimentId, String name, Integer version) {
        db.txRun(ctx -> {
            Experiment experiment = activeExperiment(ctx, experimentId);
            String scorerId = store.scorerId(ctx, experiment.id(), name)
                    .orElseThrow(() -> notFound(name, experimentId));
            if (version != null) {
                if (store.deleteVersion(ctx, scorerId, version) == 0) {
                    throw versionNotFound(name, version, experimentId);
                }
            } else if (store.maxVersion(ctx, scorerId) == 0) {
                throw notFound(name, experimentId);
            } else {
                store.deleteScorer(ctx, scorerId);
            }
        });
    }

    /**
     * Replaces the scorer's online scoring config. Sampling traces needs a judge served by an AI
     * gateway endpoint, which Labbook does not have, so only a sample rate of 0 (off) can be stored
     * for a scorer that has versions, as on an MLflow server with no gateway endpoints.
     */
    public OnlineScoringConfig upsertConfig(String experimentId, String name, double sampleRate, String filterString) {
        if (!(sampleRate >= 0.0 && sampleRate <= 1.0)) {
            throw MlflowException.invalidParameter("sample_rate must be between 0.0 and 1.0, got " + pyFloat(sampleRate));
        }
        if (filterString != null && !filterString.isEmpty()) {
            try {
                FilterParser.parse(filterString, SearchKind.TRACES);
            } catch (SearchSyntaxException e) {
                throw MlflowException.invalidParameter(e.getMessage());
            }
        }
        return db.tx(ctx -> {
            Experiment experiment = activeExperiment(ctx, experimentId);
            String scorerId = store.scorerId(ctx, experiment.id(), name)
                    .orElseThrow(() -> notFound(name, experimentId));
            ScorerVersion latest = store.version(ctx, scorerId, null).orElse(null);
            if (latest != null && sampleRate > 0
                    && !SerializedScorers.usesGateway(dev.labbook.traces.otlp.PythonJson.parse(latest.serializedScorer()))) {
                throw MlflowException.invalidParameter("Scorer '" + name + "' does not use a gateway model. Automatic "
                        + "evaluation is only supported for scorers that use gateway models.");
            }
            OnlineScoringConfig config = new OnlineScoringConfig(UUID.randomUUID().toString().replace("-", ""),
                    scorerId, sampleRate, experiment.id(), filterString);
            store.replaceConfig(ctx, config);
            return config;
        });
    }

    public List<OnlineScoringConfig> configs(List<String> scorerIds) {
        return scorerIds.isEmpty() ? List.of() : db.tx(ctx -> store.configs(ctx, scorerIds));
    }

    private Experiment activeExperiment(DSLContext ctx, String experimentId) {
        return experiments.requireActive(ctx, Validation.experimentId(experimentId));
    }

    private static long listedExperimentId(String id) {
        if (!EXPERIMENT_ID.matcher(id).matches()) {
            throw MlflowException.invalidParameter("Invalid experiment ID: '" + id + "'");
        }
        return Validation.experimentId(id);
    }

    private static void validateName(String name) {
        if (name.isBlank()) {
            throw MlflowException.invalidParameter("Scorer name cannot be empty or contain only whitespace.");
        }
        Validation.lengthLimit("name", MAX_NAME_LENGTH, name);
    }

    private static MlflowException notFound(String name, String experimentId) {
        return MlflowException.notFound("Scorer with name '" + name + "' not found for experiment " + experimentId + ".");
    }

    private static MlflowException versionNotFound(String name, int version, String experimentId) {
        return MlflowException.notFound("Scorer with name '" + name + "' and version " + version
                + " not found for experiment " + experimentId + ".");
    }

    /** Python's repr of a float, for the common cases (2 -> 2.0, 1.5 -> 1.5, nan). */
    static String pyFloat(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e16) {
            return String.format(java.util.Locale.ROOT, "%.1f", value);
        }
        return Double.toString(value);
    }
}
