package dev.labbook.review;

import static dev.labbook.db.schema.Tables.LABEL_SCHEMAS;

import dev.labbook.db.schema.tables.records.LabelSchemasRecord;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/** SQL for label schemas. */
public final class LabelSchemaStore {

    void insert(DSLContext ctx, LabelSchema s) {
        LabelSchemasRecord r = ctx.newRecord(LABEL_SCHEMAS);
        r.setSchemaId(s.schemaId());
        r.setExperimentId(s.experimentId());
        r.setName(s.name());
        r.setType(s.type());
        r.setInstruction(s.instruction());
        r.setEnableComment(s.enableComment());
        r.setInputType(s.input().kind());
        r.setInputConfig(s.input().configJson());
        r.setCreatedBy(s.createdBy());
        r.setCreatedTime(s.createdAt());
        r.setLastUpdateTime(s.lastUpdatedAt());
        r.setIsDefault(s.isDefault());
        ctx.insertInto(LABEL_SCHEMAS).set(r).execute();
    }

    void update(DSLContext ctx, LabelSchema s) {
        ctx.update(LABEL_SCHEMAS)
                .set(LABEL_SCHEMAS.NAME, s.name())
                .set(LABEL_SCHEMAS.INSTRUCTION, s.instruction())
                .set(LABEL_SCHEMAS.ENABLE_COMMENT, s.enableComment())
                .set(LABEL_SCHEMAS.INPUT_TYPE, s.input().kind())
                .set(LABEL_SCHEMAS.INPUT_CONFIG, s.input().configJson())
                .set(LABEL_SCHEMAS.LAST_UPDATE_TIME, s.lastUpdatedAt())
                .where(LABEL_SCHEMAS.SCHEMA_ID.eq(s.schemaId()))
                .execute();
    }

    Optional<LabelSchema> find(DSLContext ctx, String schemaId) {
        return ctx.selectFrom(LABEL_SCHEMAS).where(LABEL_SCHEMAS.SCHEMA_ID.eq(schemaId))
                .fetchOptional(LabelSchemaStore::from);
    }

    Optional<LabelSchema> findByName(DSLContext ctx, long experimentId, String name) {
        return ctx.selectFrom(LABEL_SCHEMAS)
                .where(LABEL_SCHEMAS.EXPERIMENT_ID.eq(experimentId).and(LABEL_SCHEMAS.NAME.eq(name)))
                .fetchOptional(LabelSchemaStore::from);
    }

    boolean hasDefault(DSLContext ctx, long experimentId) {
        return ctx.fetchExists(LABEL_SCHEMAS, LABEL_SCHEMAS.EXPERIMENT_ID.eq(experimentId)
                .and(LABEL_SCHEMAS.IS_DEFAULT.isTrue()));
    }

    /** One page, newest first, then by id; {@code limit} rows from {@code offset}. */
    List<LabelSchema> page(DSLContext ctx, long experimentId, int offset, int limit) {
        return ctx.selectFrom(LABEL_SCHEMAS).where(LABEL_SCHEMAS.EXPERIMENT_ID.eq(experimentId))
                .orderBy(LABEL_SCHEMAS.CREATED_TIME.desc(), LABEL_SCHEMAS.SCHEMA_ID.asc())
                .limit(limit).offset(offset)
                .fetch(LabelSchemaStore::from);
    }

    /** Which of these ids are schemas of the experiment. */
    List<String> existingIds(DSLContext ctx, long experimentId, Collection<String> schemaIds) {
        return ctx.select(LABEL_SCHEMAS.SCHEMA_ID).from(LABEL_SCHEMAS)
                .where(LABEL_SCHEMAS.EXPERIMENT_ID.eq(experimentId).and(LABEL_SCHEMAS.SCHEMA_ID.in(schemaIds)))
                .fetch(LABEL_SCHEMAS.SCHEMA_ID);
    }

    void delete(DSLContext ctx, String schemaId) {
        ctx.deleteFrom(LABEL_SCHEMAS).where(LABEL_SCHEMAS.SCHEMA_ID.eq(schemaId)).execute();
    }

    private static LabelSchema from(LabelSchemasRecord r) {
        return new LabelSchema(r.getSchemaId(), r.getExperimentId(), r.getName(), r.getType(), r.getInstruction(),
                Boolean.TRUE.equals(r.getEnableComment()), LabelSchemaInput.fromColumns(r.getInputType(), r.getInputConfig()),
                r.getCreatedBy(), r.getCreatedTime(), r.getLastUpdateTime(), Boolean.TRUE.equals(r.getIsDefault()));
    }
}
