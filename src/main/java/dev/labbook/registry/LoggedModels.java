package dev.labbook.registry;

import java.util.Optional;
import org.jooq.DSLContext;

/**
 * What registering a version needs from MLflow 3 logged models, so the registry does not reach into
 * their tables: where a logged model's files are, and a place to record that it was registered.
 */
public interface LoggedModels {

    /** A logged model as registration sees it. */
    record LoggedModelRef(String artifactLocation, String sourceRunId) {}

    /** The active logged model with this id, or empty when there is none. */
    Optional<LoggedModelRef> find(String modelId);

    /**
     * Records on the logged model that it became version {@code version} of {@code name} (MLflow's
     * {@code mlflow.modelVersions} tag), inside the registration's transaction.
     */
    void recordRegistration(DSLContext ctx, String modelId, String name, int version);
}
