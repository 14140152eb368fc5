package dev.labbook.evaldatasets;

import static dev.labbook.db.schema.Tables.EVALUATION_DATASET_RECORDS;

import dev.labbook.db.schema.tables.EvaluationDatasetRecords;
import dev.labbook.db.schema.tables.records.EvaluationDatasetRecordsRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.BatchBindStep;
import org.jooq.Condition;
import org.jooq.DSLContext;

/** SQL for the records of datasets. */
public final class EvalRecordStore {
    private static final EvaluationDatasetRecords R = EVALUATION_DATASET_RECORDS;

    /** The dataset's records with these input hashes, by hash. */
    Map<String, EvalRecord> byInputHash(DSLContext ctx, String datasetId, Collection<String> hashes) {
        Map<String, EvalRecord> found = new HashMap<>();
        for (List<String> chunk : EvalDatasetStore.chunks(hashes)) {
            ctx.selectFrom(R).where(R.DATASET_ID.eq(datasetId)).and(R.INPUT_HASH.in(chunk))
                    .forEach(r -> found.put(r.getInputHash(), from(r)));
        }
        return found;
    }

    void insert(DSLContext ctx, List<EvalRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        List<EvaluationDatasetRecordsRecord> rows = new ArrayList<>(records.size());
        for (EvalRecord e : records) {
            EvaluationDatasetRecordsRecord r = ctx.newRecord(R);
            r.setDatasetRecordId(e.recordId());
            r.setDatasetId(e.datasetId());
            r.setInputs(e.inputs());
            r.setOutputs(e.outputs());
            r.setExpectations(e.expectations());
            r.setTags(e.tags());
            r.setSource(e.source());
            r.setSourceId(e.sourceId());
            r.setSourceType(e.sourceType());
            r.setCreatedTime(e.createdTime());
            r.setLastUpdateTime(e.lastUpdateTime());
            r.setCreatedBy(e.createdBy());
            r.setLastUpdatedBy(e.lastUpdatedBy());
            r.setInputHash(e.inputHash());
            rows.add(r);
        }
        ctx.batchInsert(rows).execute();
    }

    /** Writes what a merge may change: outputs, expectations, tags and the last update. */
    void update(DSLContext ctx, List<EvalRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        BatchBindStep batch = ctx.batch(ctx.update(R)
                .set(R.OUTPUTS, (String) null).set(R.EXPECTATIONS, (String) null).set(R.TAGS, (String) null)
                .set(R.LAST_UPDATE_TIME, (Long) null).set(R.LAST_UPDATED_BY, (String) null)
                .where(R.DATASET_RECORD_ID.eq((String) null)));
        for (EvalRecord e : records) {
            batch = batch.bind(e.outputs(), e.expectations(), e.tags(), e.lastUpdateTime(), e.lastUpdatedBy(),
                    e.recordId());
        }
        batch.execute();
    }

    /**
     * Up to {@code limit} records in (created_time, dataset_record_id) order, after that pair when
     * {@code after} is given. Written as a range on created_time so that the page index is read from
     * the cursor on.
     */
    List<EvalRecord> page(DSLContext ctx, String datasetId, RecordCursor after, int limit) {
        Condition where = R.DATASET_ID.eq(datasetId);
        if (after != null) {
            where = where.and(R.CREATED_TIME.ge(after.createdTime()))
                    .and(R.CREATED_TIME.gt(after.createdTime()).or(R.DATASET_RECORD_ID.gt(after.recordId())));
        }
        return ctx.selectFrom(R).where(where).orderBy(R.CREATED_TIME, R.DATASET_RECORD_ID).limit(limit)
                .fetch(EvalRecordStore::from);
    }

    int delete(DSLContext ctx, String datasetId, Collection<String> recordIds) {
        int deleted = 0;
        for (List<String> chunk : EvalDatasetStore.chunks(recordIds)) {
            deleted += ctx.deleteFrom(R).where(R.DATASET_ID.eq(datasetId)).and(R.DATASET_RECORD_ID.in(chunk))
                    .execute();
        }
        return deleted;
    }

    private static EvalRecord from(EvaluationDatasetRecordsRecord r) {
        return new EvalRecord(r.getDatasetRecordId(), r.getDatasetId(), r.getInputs(), r.getOutputs(),
                r.getExpectations(), r.getTags(), r.getSource(), r.getSourceId(), r.getSourceType(),
                r.getCreatedTime(), r.getLastUpdateTime(), r.getCreatedBy(), r.getLastUpdatedBy(), r.getInputHash());
    }
}
