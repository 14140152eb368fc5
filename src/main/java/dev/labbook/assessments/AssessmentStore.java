package dev.labbook.assessments;

import static dev.labbook.db.schema.Tables.ASSESSMENTS;
import static dev.labbook.db.schema.Tables.TRACE_INFO;

import dev.labbook.db.UpsertSyntax;
import dev.labbook.db.schema.tables.records.AssessmentsRecord;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;

/** SQL for assessments. */
public final class AssessmentStore {

    public void insert(DSLContext ctx, Assessment a) {
        ctx.insertInto(ASSESSMENTS).set(record(ctx, a)).execute();
    }

    /** Inserts or replaces by id: the exporter may send a trace's assessments again on retry. */
    public void upsert(DSLContext ctx, Assessment a) {
        AssessmentsRecord row = record(ctx, a);
        UpsertSyntax.of(ctx).insertInto(ASSESSMENTS).set(row).onDuplicateKeyUpdate().set(row).execute();
    }

    private static AssessmentsRecord record(DSLContext ctx, Assessment a) {
        AssessmentsRecord r = ctx.newRecord(ASSESSMENTS);
        r.setAssessmentId(a.assessmentId());
        r.setTraceId(a.traceId());
        r.setName(a.name());
        r.setAssessmentType(a.type().column());
        r.setValue(a.valueJson());
        r.setError(a.errorJson());
        r.setCreatedTimestamp(a.createdMs());
        r.setLastUpdatedTimestamp(a.updatedMs());
        r.setSourceType(a.sourceType());
        r.setSourceId(a.sourceId());
        r.setRunId(a.runId());
        r.setSpanId(a.spanId());
        r.setRationale(a.rationale());
        r.setOverrides(a.overrides());
        r.setValid(a.valid());
        r.setAssessmentMetadata(a.metadataJson());
        return r;
    }

    public boolean traceExists(DSLContext ctx, String traceId) {
        return ctx.fetchExists(TRACE_INFO, TRACE_INFO.REQUEST_ID.eq(traceId));
    }

    public Optional<Assessment> find(DSLContext ctx, String traceId, String assessmentId) {
        return ctx.selectFrom(ASSESSMENTS)
                .where(ASSESSMENTS.TRACE_ID.eq(traceId).and(ASSESSMENTS.ASSESSMENT_ID.eq(assessmentId)))
                .fetchOptional(AssessmentStore::from);
    }

    /** Ids of these assessments that belong to a trace other than {@code traceId}. */
    public List<String> foreignIds(DSLContext ctx, String traceId, Collection<String> ids) {
        return ctx.select(ASSESSMENTS.ASSESSMENT_ID).from(ASSESSMENTS)
                .where(ASSESSMENTS.ASSESSMENT_ID.in(ids).and(ASSESSMENTS.TRACE_ID.ne(traceId)))
                .fetch(ASSESSMENTS.ASSESSMENT_ID);
    }

    /** Every assessment of these traces, in creation order per trace. */
    public Map<String, List<Assessment>> forTraces(DSLContext ctx, Collection<String> traceIds) {
        Map<String, List<Assessment>> byTrace = new LinkedHashMap<>();
        if (traceIds.isEmpty()) {
            return byTrace;
        }
        ctx.selectFrom(ASSESSMENTS).where(ASSESSMENTS.TRACE_ID.in(traceIds))
                .orderBy(ASSESSMENTS.TRACE_ID, ASSESSMENTS.CREATED_TIMESTAMP, ASSESSMENTS.ASSESSMENT_ID)
                .forEach(r -> byTrace.computeIfAbsent(r.getTraceId(), k -> new java.util.ArrayList<>()).add(from(r)));
        return byTrace;
    }

    public int setValid(DSLContext ctx, String traceId, String assessmentId, boolean valid) {
        return ctx.update(ASSESSMENTS).set(ASSESSMENTS.VALID, valid)
                .where(ASSESSMENTS.TRACE_ID.eq(traceId).and(ASSESSMENTS.ASSESSMENT_ID.eq(assessmentId))).execute();
    }

    public void update(DSLContext ctx, Assessment a) {
        ctx.update(ASSESSMENTS)
                .set(ASSESSMENTS.NAME, a.name())
                .set(ASSESSMENTS.VALUE, a.valueJson())
                .set(ASSESSMENTS.ERROR, a.errorJson())
                .set(ASSESSMENTS.LAST_UPDATED_TIMESTAMP, a.updatedMs())
                .set(ASSESSMENTS.RATIONALE, a.rationale())
                .set(ASSESSMENTS.ASSESSMENT_METADATA, a.metadataJson())
                .where(ASSESSMENTS.TRACE_ID.eq(a.traceId()).and(ASSESSMENTS.ASSESSMENT_ID.eq(a.assessmentId())))
                .execute();
    }

    public void delete(DSLContext ctx, String traceId, String assessmentId) {
        ctx.deleteFrom(ASSESSMENTS)
                .where(ASSESSMENTS.TRACE_ID.eq(traceId).and(ASSESSMENTS.ASSESSMENT_ID.eq(assessmentId))).execute();
    }

    private static Assessment from(AssessmentsRecord r) {
        return new Assessment(r.getAssessmentId(), r.getTraceId(), r.getName(),
                AssessmentType.fromColumn(r.getAssessmentType()), r.getValue(), r.getError(), r.getCreatedTimestamp(),
                r.getLastUpdatedTimestamp(), r.getSourceType(), r.getSourceId(), r.getRunId(), r.getSpanId(),
                r.getRationale(), r.getOverrides(), Boolean.TRUE.equals(r.getValid()), r.getAssessmentMetadata());
    }
}
