package dev.labbook.review;

import dev.labbook.db.Database;
import dev.labbook.experiments.Experiment;
import dev.labbook.experiments.ExperimentService;
import dev.labbook.http.MlflowException;
import dev.labbook.model.Page;
import dev.labbook.model.Validation;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;

/** MLflow's rules for label schemas (an experiment's review questions); each public method is one transaction. */
public final class LabelSchemaService {
    static final String DEFAULT_NAME = "Feedback";
    static final String DEFAULT_INSTRUCTION = "Share any feedback on this trace.";

    private final Database db;
    private final LabelSchemaStore store;
    private final ExperimentService experiments;
    private final Clock clock;

    public LabelSchemaService(Database db, LabelSchemaStore store, ExperimentService experiments, Clock clock) {
        this.db = db;
        this.store = store;
        this.experiments = experiments;
        this.clock = clock;
    }

    /** What a create asks for; the handler has checked the required fields, type and input. */
    record NewSchema(String experimentId, String name, String type, LabelSchemaInput input, String instruction,
                     boolean enableComment) {}

    LabelSchema create(NewSchema s) {
        validateName(s.name());
        validateInstruction(s.instruction());
        s.input().validate();
        return db.tx(ctx -> {
            long experimentId = activeExperiment(ctx, s.experimentId());
            if (store.findByName(ctx, experimentId, s.name()).isPresent()) {
                throw alreadyExists(s.name(), experimentId);
            }
            long now = clock.millis();
            LabelSchema schema = new LabelSchema(newId(), experimentId, s.name(), s.type(), s.instruction(),
                    s.enableComment(), s.input(), null, now, now, false);
            try {
                store.insert(ctx, schema);
            } catch (org.jooq.exception.DataAccessException e) {
                if (store.findByName(ctx, experimentId, s.name()).isPresent()) {
                    throw alreadyExists(s.name(), experimentId);
                }
                throw e;
            }
            return schema;
        });
    }

    LabelSchema get(String schemaId) {
        return db.tx(ctx -> require(ctx, schemaId));
    }

    LabelSchema getByName(String experimentId, String name) {
        return db.tx(ctx -> {
            long id = activeExperiment(ctx, experimentId);
            return store.findByName(ctx, id, name).orElseThrow(() -> MlflowException.notFound(
                    "Label schema with name '" + name + "' not found for experiment '" + experimentId + "'."));
        });
    }

    /** A page, newest first; the experiment's default question is created by its first list. */
    Page<LabelSchema> list(String experimentId, int maxResults, String pageToken) {
        int offset = OffsetPages.offset(pageToken);
        return db.tx(ctx -> {
            long id = activeExperiment(ctx, experimentId);
            ensureDefault(ctx, id);
            List<LabelSchema> rows = store.page(ctx, id, offset, maxResults + 1);
            if (rows.size() > maxResults) {
                return new Page<>(rows.subList(0, maxResults), OffsetPages.token(offset + maxResults));
            }
            return new Page<>(rows, null);
        });
    }

    /** The fields an update may change; null leaves a field as it is. */
    record Changes(String name, String instruction, Boolean enableComment, LabelSchemaInput input) {}

    LabelSchema update(String schemaId, Changes c) {
        return db.tx(ctx -> {
            LabelSchema existing = require(ctx, schemaId);
            if (existing.isDefault()) {
                throw MlflowException.invalidParameter("The experiment's default question cannot be edited.");
            }
            if (c.name() != null) {
                validateName(c.name());
            }
            validateInstruction(c.instruction());
            if (c.input() != null) {
                c.input().validate();
                requireSameVariant(existing.input(), c.input());
            }
            if (c.name() != null && !c.name().equals(existing.name())
                    && store.findByName(ctx, existing.experimentId(), c.name()).isPresent()) {
                throw alreadyExists(c.name(), existing.experimentId());
            }
            LabelSchema updated = new LabelSchema(existing.schemaId(), existing.experimentId(),
                    c.name() != null ? c.name() : existing.name(), existing.type(),
                    c.instruction() != null ? c.instruction() : existing.instruction(),
                    c.enableComment() != null ? c.enableComment() : existing.enableComment(),
                    c.input() != null ? c.input() : existing.input(), existing.createdBy(), existing.createdAt(),
                    clock.millis(), false);
            store.update(ctx, updated);
            return updated;
        });
    }

    /** Deletes a schema (a missing one is no error); the default question cannot be deleted. */
    void delete(String schemaId) {
        db.txRun(ctx -> store.find(ctx, schemaId).ifPresent(s -> {
            if (s.isDefault()) {
                throw MlflowException.invalidParameter("The experiment's default question cannot be deleted.");
            }
            store.delete(ctx, schemaId);
        }));
    }

    /** For queues: which of these ids are not schemas of the experiment, in the order given. */
    List<String> missingIds(DSLContext ctx, long experimentId, List<String> schemaIds) {
        if (schemaIds.isEmpty()) {
            return List.of();
        }
        List<String> found = store.existingIds(ctx, experimentId, schemaIds);
        return schemaIds.stream().filter(id -> !found.contains(id)).toList();
    }

    /** An experiment that exists and is active, or MLflow's 404 (its store reads active experiments only). */
    long activeExperiment(DSLContext ctx, String experimentId) {
        long id = Validation.experimentId(experimentId);
        Experiment experiment = experiments.require(ctx, id);
        if (!experiment.isActive()) {
            throw MlflowException.notFound("No Experiment with id=" + id + " exists");
        }
        return id;
    }

    private void ensureDefault(DSLContext ctx, long experimentId) {
        if (store.hasDefault(ctx, experimentId)) {
            return;
        }
        long now = clock.millis();
        try {
            store.insert(ctx, new LabelSchema(newId(), experimentId, DEFAULT_NAME, LabelSchema.FEEDBACK,
                    DEFAULT_INSTRUCTION, false, new LabelSchemaInput.Text(null), null, now, now, true));
        } catch (org.jooq.exception.DataAccessException e) {
            // A concurrent list seeded it first: its row is the default.
        }
    }

    private LabelSchema require(DSLContext ctx, String schemaId) {
        return store.find(ctx, schemaId).orElseThrow(() ->
                MlflowException.notFound("Label schema with id '" + schemaId + "' not found."));
    }

    private static void requireSameVariant(LabelSchemaInput existing, LabelSchemaInput replacement) {
        if (existing.getClass() != replacement.getClass()) {
            throw MlflowException.invalidParameter("A label schema's input type cannot be changed after creation "
                    + "(existing: " + existing.className() + ", got: " + replacement.className() + ").");
        }
        if (existing instanceof LabelSchemaInput.Categorical old
                && replacement instanceof LabelSchemaInput.Categorical now && old.multiSelect() != now.multiSelect()) {
            throw MlflowException.invalidParameter("`InputCategorical.multi_select` cannot be changed after creation.");
        }
    }

    private static void validateName(String name) {
        if (name.isEmpty()) {
            throw MlflowException.invalidParameter("Label schema `name` must be a non-empty string; got ''.");
        }
        if (Py.len(name) > 250) {
            throw MlflowException.invalidParameter("Label schema `name` must be at most 250 characters; got "
                    + Py.len(name) + ".");
        }
        if (Py.lower(Py.strip(name)).equals("feedback")) {
            throw MlflowException.invalidParameter("`" + name + "` is reserved for the experiment's default question "
                    + "and cannot be used for another label schema.");
        }
    }

    private static void validateInstruction(String instruction) {
        if (instruction != null && Py.len(instruction) > 1000) {
            throw MlflowException.invalidParameter("Label schema `instruction` must be at most 1000 characters; got "
                    + Py.len(instruction) + ".");
        }
    }

    private static MlflowException alreadyExists(String name, long experimentId) {
        return MlflowException.alreadyExists("Label schema with name '" + name + "' already exists for experiment '"
                + experimentId + "'.");
    }

    private static String newId() {
        return "ls-" + UUID.randomUUID().toString().replace("-", "");
    }
}
