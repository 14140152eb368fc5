package dev.labbook.assessments;

import dev.labbook.db.Database;
import dev.labbook.http.MlflowException;
import java.time.Clock;
import org.jooq.DSLContext;

/** MLflow's rules for assessments on traces; each public method is one transaction. */
public final class AssessmentService {
    private final Database db;
    private final AssessmentStore store;
    private final Clock clock;

    public AssessmentService(Database db, AssessmentStore store, Clock clock) {
        this.db = db;
        this.store = store;
        this.clock = clock;
    }

    public long now() {
        return clock.millis();
    }

    /** Creates an assessment; one that overrides another marks that one invalid. */
    public Assessment create(Assessment assessment) {
        return db.tx(ctx -> {
            requireTrace(ctx, assessment.traceId(), "Trace with ID '" + assessment.traceId() + "' not found.");
            if (assessment.overrides() != null
                    && store.setValid(ctx, assessment.traceId(), assessment.overrides(), false) == 0) {
                throw MlflowException.notFound("Assessment with ID '" + assessment.overrides() + "' not found for trace '"
                        + assessment.traceId() + "'");
            }
            if (store.find(ctx, assessment.traceId(), assessment.assessmentId()).isPresent()
                    || !store.foreignIds(ctx, assessment.traceId(), java.util.List.of(assessment.assessmentId())).isEmpty()) {
                throw MlflowException.invalidParameter("Assessment with ID '" + assessment.assessmentId()
                        + "' already exists.");
            }
            store.insert(ctx, assessment);
            return store.find(ctx, assessment.traceId(), assessment.assessmentId()).orElseThrow();
        });
    }

    public Assessment get(String traceId, String assessmentId) {
        return db.tx(ctx -> require(ctx, traceId, assessmentId));
    }

    /** The fields an update may change; null leaves a field as it is. */
    public record Changes(String name, AssessmentMessages.Kind expectation, AssessmentMessages.Kind feedback,
                          String rationale, java.util.Map<String, String> metadata) {}

    /** Source, span and creation time never change; metadata merges, the new keys winning. */
    public Assessment update(String traceId, String assessmentId, Changes changes) {
        return db.tx(ctx -> {
            Assessment existing = require(ctx, traceId, assessmentId);
            if (changes.expectation() != null && changes.feedback() != null) {
                throw MlflowException.invalidParameter("Cannot specify both `expectation` and `feedback` parameters.");
            }
            if (changes.expectation() != null && existing.type() != AssessmentType.EXPECTATION) {
                throw MlflowException.invalidParameter("Cannot update expectation value on a Feedback assessment.");
            }
            if (changes.feedback() != null && existing.type() != AssessmentType.FEEDBACK) {
                throw MlflowException.invalidParameter("Cannot update feedback value on an Expectation assessment.");
            }
            AssessmentMessages.Kind value = changes.feedback() != null ? changes.feedback() : changes.expectation();
            String metadataJson = mergedMetadata(existing.metadataJson(), changes.metadata());
            boolean feedback = existing.type() == AssessmentType.FEEDBACK;
            Assessment updated = new Assessment(existing.assessmentId(), traceId,
                    changes.name() != null ? changes.name() : existing.name(), existing.type(),
                    value != null ? value.valueJson() : existing.valueJson(),
                    value != null ? value.errorJson() : existing.errorJson(), existing.createdMs(), clock.millis(),
                    existing.sourceType(), existing.sourceId(), existing.runId(), existing.spanId(),
                    feedback && changes.rationale() != null ? changes.rationale() : feedback ? existing.rationale() : null,
                    existing.overrides(), existing.valid(), metadataJson);
            store.update(ctx, updated);
            return updated;
        });
    }

    /** Deletes an assessment (a missing one is no error); the one it overrode becomes valid again. */
    public void delete(String traceId, String assessmentId) {
        db.txRun(ctx -> {
            requireTrace(ctx, traceId, "Trace with ID '" + traceId + "' not found.");
            store.find(ctx, traceId, assessmentId).ifPresent(a -> {
                if (a.overrides() != null) {
                    store.setValid(ctx, traceId, a.overrides(), true);
                }
                store.delete(ctx, traceId, assessmentId);
            });
        });
    }

    private Assessment require(DSLContext ctx, String traceId, String assessmentId) {
        return store.find(ctx, traceId, assessmentId).orElseThrow(() -> {
            requireTrace(ctx, traceId, "Trace with request_id '" + traceId + "' not found");
            return MlflowException.notFound("Assessment with ID '" + assessmentId + "' not found for trace '"
                    + traceId + "'");
        });
    }

    private void requireTrace(DSLContext ctx, String traceId, String message) {
        if (!store.traceExists(ctx, traceId)) {
            throw MlflowException.notFound(message);
        }
    }

    private static String mergedMetadata(String existingJson, java.util.Map<String, String> changes) {
        if (changes == null || changes.isEmpty()) {
            return existingJson;
        }
        java.util.Map<String, String> merged = new java.util.LinkedHashMap<>();
        if (existingJson != null) {
            dev.labbook.traces.otlp.PythonJson.parse(existingJson).fields()
                    .forEachRemaining(e -> merged.put(e.getKey(), e.getValue().asText()));
        }
        merged.putAll(changes);
        return AssessmentMessages.metadataJson(merged);
    }
}
