package dev.labbook.traces;

import static dev.labbook.db.schema.Tables.TRACE_INFO;
import static dev.labbook.db.schema.Tables.TRACE_PROMPT_LINKS;
import static dev.labbook.db.schema.Tables.TRACE_REQUEST_METADATA;
import static dev.labbook.db.schema.Tables.TRACE_RUN_LINKS;
import static dev.labbook.db.schema.Tables.TRACE_TAGS;

import dev.labbook.db.Keyset;
import dev.labbook.db.SortKey;
import dev.labbook.db.UpsertSyntax;
import dev.labbook.model.Page;
import dev.labbook.db.schema.tables.records.TraceInfoRecord;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;

/** SQL for trace infos, their tags and request metadata, and their links to runs. */
public final class TraceStore {

    public void insert(DSLContext ctx, TraceRow row) {
        ctx.insertInto(TRACE_INFO).set(record(ctx, row)).execute();
    }

    /** Inserts the row unless the trace exists; true when this call created it. */
    public boolean insertIfAbsent(DSLContext ctx, TraceRow row) {
        return UpsertSyntax.of(ctx).insertInto(TRACE_INFO).set(record(ctx, row)).onDuplicateKeyIgnore().execute() == 1;
    }

    public void update(DSLContext ctx, TraceRow row) {
        ctx.update(TRACE_INFO).set(record(ctx, row)).where(TRACE_INFO.REQUEST_ID.eq(row.traceId())).execute();
    }

    private static TraceInfoRecord record(DSLContext ctx, TraceRow row) {
        TraceInfoRecord r = ctx.newRecord(TRACE_INFO);
        r.setRequestId(row.traceId());
        r.setExperimentId(row.experimentId());
        r.setTimestampMs(row.timestampMs());
        r.setExecutionTimeMs(row.executionMs());
        r.setStatus(row.status());
        r.setClientRequestId(row.clientRequestId());
        r.setRequestPreview(row.requestPreview());
        r.setResponsePreview(row.responsePreview());
        return r;
    }

    public Optional<TraceRow> find(DSLContext ctx, String traceId) {
        return ctx.selectFrom(TRACE_INFO).where(TRACE_INFO.REQUEST_ID.eq(traceId)).fetchOptional(TraceStore::row);
    }

    /** The row, locked for the rest of the transaction so writers to one trace queue up. */
    public Optional<TraceRow> findForUpdate(DSLContext ctx, String traceId) {
        return ctx.selectFrom(TRACE_INFO).where(TRACE_INFO.REQUEST_ID.eq(traceId)).forUpdate()
                .fetchOptional(TraceStore::row);
    }

    public List<TraceRow> findAll(DSLContext ctx, Collection<String> traceIds, Condition scope) {
        return ctx.selectFrom(TRACE_INFO).where(TRACE_INFO.REQUEST_ID.in(traceIds).and(scope)).fetch(TraceStore::row);
    }

    /**
     * One keyset page of a search: up to {@code limit} rows after {@code after} (the sort values of the
     * previous page's last row, or null), with the next page's token, or null on the last page.
     */
    public Page<TraceRow> page(DSLContext ctx, Condition where, List<SortKey> keys, List<Object> after, int limit) {
        Condition scoped = after == null ? where : where.and(Keyset.after(keys, after));
        List<? extends Record> rows = ctx.select(Keyset.selectWithSortKeys(TRACE_INFO.fields(), keys)).from(TRACE_INFO)
                .where(scoped).orderBy(keys.stream().map(SortKey::orderField).toList()).limit(limit + 1).fetch();
        String next = Keyset.nextToken(rows, limit, keys);
        return new Page<>(rows.stream().limit(limit).map(TraceStore::row).toList(), next);
    }

    /** Whether at least {@code atLeast} traces carry this tag (or metadata) value, reading no further. */
    public boolean isCommon(DSLContext ctx, boolean tag, String key, String value, int atLeast) {
        var matching = tag
                ? ctx.selectOne().from(TRACE_TAGS).where(TRACE_TAGS.KEY.eq(key)).and(TRACE_TAGS.VALUE.eq(value))
                : ctx.selectOne().from(TRACE_REQUEST_METADATA).where(TRACE_REQUEST_METADATA.KEY.eq(key))
                        .and(TRACE_REQUEST_METADATA.VALUE.eq(value));
        return ctx.fetchCount(matching.limit(atLeast)) >= atLeast;
    }

    static TraceRow row(Record r) {
        return new TraceRow(r.get(TRACE_INFO.REQUEST_ID), r.get(TRACE_INFO.EXPERIMENT_ID), r.get(TRACE_INFO.TIMESTAMP_MS),
                r.get(TRACE_INFO.EXECUTION_TIME_MS), r.get(TRACE_INFO.STATUS), r.get(TRACE_INFO.CLIENT_REQUEST_ID),
                r.get(TRACE_INFO.REQUEST_PREVIEW), r.get(TRACE_INFO.RESPONSE_PREVIEW));
    }

    public void upsertTags(DSLContext ctx, String traceId, Map<String, String> tags) {
        upsert(ctx, TRACE_TAGS, TRACE_TAGS.REQUEST_ID, TRACE_TAGS.KEY, TRACE_TAGS.VALUE, traceId, tags);
    }

    public void upsertMetadata(DSLContext ctx, String traceId, Map<String, String> metadata) {
        upsert(ctx, TRACE_REQUEST_METADATA, TRACE_REQUEST_METADATA.REQUEST_ID, TRACE_REQUEST_METADATA.KEY,
                TRACE_REQUEST_METADATA.VALUE, traceId, metadata);
    }

    /** Metadata keys that are not set yet get these values; existing ones stay. */
    public void addMissingMetadata(DSLContext ctx, String traceId, Map<String, String> metadata) {
        if (metadata.isEmpty()) {
            return;
        }
        var insert = UpsertSyntax.of(ctx).insertInto(TRACE_REQUEST_METADATA, TRACE_REQUEST_METADATA.REQUEST_ID,
                TRACE_REQUEST_METADATA.KEY, TRACE_REQUEST_METADATA.VALUE);
        metadata.forEach((k, v) -> insert.values(traceId, k, v));
        insert.onDuplicateKeyIgnore().execute();
    }

    // Keys in sorted order: concurrent writers then take the primary-key locks in one order.
    private static <R extends Record> void upsert(DSLContext ctx, Table<R> table, Field<String> id,
                                                  Field<String> key, Field<String> value, String traceId,
                                                  Map<String, String> entries) {
        if (entries.isEmpty()) {
            return;
        }
        var insert = UpsertSyntax.of(ctx).insertInto(table, id, key, value);
        new java.util.TreeMap<>(entries).forEach((k, v) -> insert.values(traceId, k, v));
        insert.onDuplicateKeyUpdate().set(value, DSL.excluded(value)).execute();
    }

    public int deleteTag(DSLContext ctx, String traceId, String key) {
        return ctx.deleteFrom(TRACE_TAGS).where(TRACE_TAGS.REQUEST_ID.eq(traceId).and(TRACE_TAGS.KEY.eq(key))).execute();
    }

    /** These traces' tags and request metadata, each by trace and in key order. */
    public record TagsAndMetadata(Map<String, Map<String, String>> tags, Map<String, Map<String, String>> metadata) {
        public Map<String, String> tagsOf(String traceId) {
            return tags.getOrDefault(traceId, Map.of());
        }

        public Map<String, String> metadataOf(String traceId) {
            return metadata.getOrDefault(traceId, Map.of());
        }
    }

    /** Tags and request metadata of these traces in one query (a union of the two tables). */
    public TagsAndMetadata tagsAndMetadata(DSLContext ctx, Collection<String> traceIds) {
        Map<String, Map<String, String>> tags = new HashMap<>();
        Map<String, Map<String, String>> metadata = new HashMap<>();
        if (!traceIds.isEmpty()) {
            Field<Boolean> isTag = DSL.field("is_tag", Boolean.class);
            ctx.select(DSL.inline(true).as(isTag), TRACE_TAGS.REQUEST_ID, TRACE_TAGS.KEY, TRACE_TAGS.VALUE)
                    .from(TRACE_TAGS).where(TRACE_TAGS.REQUEST_ID.in(traceIds))
                    .unionAll(DSL.select(DSL.inline(false).as(isTag), TRACE_REQUEST_METADATA.REQUEST_ID,
                                    TRACE_REQUEST_METADATA.KEY, TRACE_REQUEST_METADATA.VALUE)
                            .from(TRACE_REQUEST_METADATA).where(TRACE_REQUEST_METADATA.REQUEST_ID.in(traceIds)))
                    .forEach(r -> (Boolean.TRUE.equals(r.value1()) ? tags : metadata)
                            .computeIfAbsent(r.value2(), k -> new TreeMap<>()).put(r.value3(), r.value4()));
        }
        return new TagsAndMetadata(tags, metadata);
    }

    public void linkToRun(DSLContext ctx, Collection<String> traceIds, String runId) {
        if (traceIds.isEmpty()) {
            return;
        }
        var insert = UpsertSyntax.of(ctx).insertInto(TRACE_RUN_LINKS, TRACE_RUN_LINKS.REQUEST_ID, TRACE_RUN_LINKS.RUN_UUID);
        traceIds.forEach(id -> insert.values(id, runId));
        insert.onDuplicateKeyIgnore().execute();
    }

    public void linkPrompts(DSLContext ctx, String traceId, List<PromptRef> prompts) {
        if (prompts.isEmpty()) {
            return;
        }
        var insert = UpsertSyntax.of(ctx).insertInto(TRACE_PROMPT_LINKS, TRACE_PROMPT_LINKS.REQUEST_ID,
                TRACE_PROMPT_LINKS.PROMPT_NAME, TRACE_PROMPT_LINKS.PROMPT_VERSION);
        prompts.forEach(p -> insert.values(traceId, p.name(), p.version()));
        insert.onDuplicateKeyIgnore().execute();
    }

    /** Ids of an experiment's traces to delete: by id, or the oldest up to a time and/or count. */
    public List<String> idsToDelete(DSLContext ctx, long experimentId, Long maxTimestampMillis, Integer maxTraces,
                                    List<String> traceIds) {
        Condition where = TRACE_INFO.EXPERIMENT_ID.eq(experimentId);
        if (!traceIds.isEmpty()) {
            where = where.and(TRACE_INFO.REQUEST_ID.in(traceIds));
        }
        if (maxTimestampMillis != null) {
            where = where.and(TRACE_INFO.TIMESTAMP_MS.le(maxTimestampMillis));
        }
        var query = ctx.select(TRACE_INFO.REQUEST_ID).from(TRACE_INFO).where(where)
                .orderBy(TRACE_INFO.TIMESTAMP_MS, TRACE_INFO.REQUEST_ID);
        return maxTraces == null ? query.fetch(TRACE_INFO.REQUEST_ID) : query.limit(maxTraces).fetch(TRACE_INFO.REQUEST_ID);
    }

    /** Deletes these traces; child rows go with them through ON DELETE CASCADE. */
    public int delete(DSLContext ctx, Collection<String> traceIds) {
        return traceIds.isEmpty() ? 0 : ctx.deleteFrom(TRACE_INFO).where(TRACE_INFO.REQUEST_ID.in(traceIds)).execute();
    }
}
