package dev.labbook.review;

import static dev.labbook.db.schema.Tables.REVIEW_QUEUES;
import static dev.labbook.db.schema.Tables.REVIEW_QUEUE_ITEMS;
import static dev.labbook.db.schema.Tables.REVIEW_QUEUE_LABEL_SCHEMAS;
import static dev.labbook.db.schema.Tables.REVIEW_QUEUE_USERS;
import static dev.labbook.db.schema.Tables.TRACE_INFO;

import dev.labbook.db.schema.tables.records.ReviewQueueItemsRecord;
import dev.labbook.db.schema.tables.records.ReviewQueuesRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** SQL for review queues, their users, attached schemas and items. */
public final class ReviewQueueStore {

    void insert(DSLContext ctx, ReviewQueue q) {
        ctx.insertInto(REVIEW_QUEUES)
                .set(REVIEW_QUEUES.QUEUE_ID, q.queueId())
                .set(REVIEW_QUEUES.EXPERIMENT_ID, q.experimentId())
                .set(REVIEW_QUEUES.NAME, q.name())
                .set(REVIEW_QUEUES.NAME_KEY, Py.lower(q.name()))
                .set(REVIEW_QUEUES.QUEUE_TYPE, q.queueType())
                .set(REVIEW_QUEUES.CREATED_BY, q.createdBy())
                .set(REVIEW_QUEUES.CREATION_TIME_MS, q.creationTimeMs())
                .set(REVIEW_QUEUES.LAST_UPDATE_TIME_MS, q.lastUpdateTimeMs())
                .execute();
        replaceUsers(ctx, q.queueId(), q.users());
        replaceSchemaIds(ctx, q.queueId(), q.schemaIds());
    }

    void update(DSLContext ctx, ReviewQueue q) {
        ctx.update(REVIEW_QUEUES)
                .set(REVIEW_QUEUES.NAME, q.name())
                .set(REVIEW_QUEUES.NAME_KEY, Py.lower(q.name()))
                .set(REVIEW_QUEUES.CREATED_BY, q.createdBy())
                .set(REVIEW_QUEUES.LAST_UPDATE_TIME_MS, q.lastUpdateTimeMs())
                .where(REVIEW_QUEUES.QUEUE_ID.eq(q.queueId()))
                .execute();
    }

    void replaceUsers(DSLContext ctx, String queueId, List<String> users) {
        ctx.deleteFrom(REVIEW_QUEUE_USERS).where(REVIEW_QUEUE_USERS.QUEUE_ID.eq(queueId)).execute();
        if (!users.isEmpty()) {
            var insert = ctx.insertInto(REVIEW_QUEUE_USERS, REVIEW_QUEUE_USERS.QUEUE_ID, REVIEW_QUEUE_USERS.USER_ID);
            for (String user : users) {
                insert = insert.values(queueId, user);
            }
            insert.execute();
        }
    }

    void replaceSchemaIds(DSLContext ctx, String queueId, List<String> schemaIds) {
        ctx.deleteFrom(REVIEW_QUEUE_LABEL_SCHEMAS).where(REVIEW_QUEUE_LABEL_SCHEMAS.QUEUE_ID.eq(queueId)).execute();
        if (!schemaIds.isEmpty()) {
            var insert = ctx.insertInto(REVIEW_QUEUE_LABEL_SCHEMAS, REVIEW_QUEUE_LABEL_SCHEMAS.QUEUE_ID,
                    REVIEW_QUEUE_LABEL_SCHEMAS.SCHEMA_ID);
            for (String schemaId : schemaIds) {
                insert = insert.values(queueId, schemaId);
            }
            insert.execute();
        }
    }

    /** The queue row, locked for the rest of the transaction when {@code forUpdate}. */
    Optional<ReviewQueue> find(DSLContext ctx, String queueId, boolean forUpdate) {
        var select = ctx.selectFrom(REVIEW_QUEUES).where(REVIEW_QUEUES.QUEUE_ID.eq(queueId));
        Optional<ReviewQueuesRecord> row = forUpdate ? select.forUpdate().fetchOptional() : select.fetchOptional();
        return row.map(r -> hydrate(ctx, List.of(from(r))).get(0));
    }

    Optional<ReviewQueue> findByNameKey(DSLContext ctx, long experimentId, String nameKey) {
        return ctx.selectFrom(REVIEW_QUEUES)
                .where(REVIEW_QUEUES.EXPERIMENT_ID.eq(experimentId).and(REVIEW_QUEUES.NAME_KEY.eq(nameKey)))
                .fetchOptional().map(r -> hydrate(ctx, List.of(from(r))).get(0));
    }

    /** One page of an experiment's queues, newest first, optionally those of a user or holding an item. */
    List<ReviewQueue> page(DSLContext ctx, long experimentId, String user, String itemId, int offset, int limit) {
        Condition where = REVIEW_QUEUES.EXPERIMENT_ID.eq(experimentId);
        if (user != null) {
            where = where.and(REVIEW_QUEUES.QUEUE_ID.in(DSL.select(REVIEW_QUEUE_USERS.QUEUE_ID).from(REVIEW_QUEUE_USERS)
                    .where(REVIEW_QUEUE_USERS.USER_ID.eq(user))));
        }
        if (itemId != null) {
            where = where.and(REVIEW_QUEUES.QUEUE_ID.in(DSL.select(REVIEW_QUEUE_ITEMS.QUEUE_ID).from(REVIEW_QUEUE_ITEMS)
                    .where(REVIEW_QUEUE_ITEMS.ITEM_ID.eq(itemId))));
        }
        List<ReviewQueue> rows = ctx.selectFrom(REVIEW_QUEUES).where(where)
                .orderBy(REVIEW_QUEUES.CREATION_TIME_MS.desc(), REVIEW_QUEUES.QUEUE_ID.asc())
                .limit(limit).offset(offset)
                .fetch(ReviewQueueStore::from);
        return hydrate(ctx, rows);
    }

    void delete(DSLContext ctx, String queueId) {
        ctx.deleteFrom(REVIEW_QUEUES).where(REVIEW_QUEUES.QUEUE_ID.eq(queueId)).execute();
    }

    // ---- items ----

    boolean hasItems(DSLContext ctx, String queueId) {
        return ctx.fetchExists(REVIEW_QUEUE_ITEMS, REVIEW_QUEUE_ITEMS.QUEUE_ID.eq(queueId));
    }

    /** The experiment of each of these traces that exists. */
    Map<String, Long> traceExperiments(DSLContext ctx, Collection<String> traceIds) {
        Map<String, Long> found = new LinkedHashMap<>();
        ctx.select(TRACE_INFO.REQUEST_ID, TRACE_INFO.EXPERIMENT_ID).from(TRACE_INFO)
                .where(TRACE_INFO.REQUEST_ID.in(traceIds))
                .forEach(r -> found.put(r.value1(), r.value2()));
        return found;
    }

    Map<String, ReviewQueueItem> items(DSLContext ctx, String queueId, Collection<String> itemIds) {
        Map<String, ReviewQueueItem> found = new LinkedHashMap<>();
        ctx.selectFrom(REVIEW_QUEUE_ITEMS)
                .where(REVIEW_QUEUE_ITEMS.QUEUE_ID.eq(queueId).and(REVIEW_QUEUE_ITEMS.ITEM_ID.in(itemIds)))
                .forEach(r -> found.put(r.getItemId(), item(r)));
        return found;
    }

    void insertItems(DSLContext ctx, List<ReviewQueueItem> items) {
        var insert = ctx.insertInto(REVIEW_QUEUE_ITEMS, REVIEW_QUEUE_ITEMS.QUEUE_ID, REVIEW_QUEUE_ITEMS.ITEM_TYPE,
                REVIEW_QUEUE_ITEMS.ITEM_ID, REVIEW_QUEUE_ITEMS.STATUS, REVIEW_QUEUE_ITEMS.CREATION_TIME_MS,
                REVIEW_QUEUE_ITEMS.LAST_UPDATE_TIME_MS);
        for (ReviewQueueItem i : items) {
            insert = insert.values(i.queueId(), i.itemType(), i.itemId(), i.status(), i.creationTimeMs(),
                    i.lastUpdateTimeMs());
        }
        insert.execute();
    }

    void deleteItems(DSLContext ctx, String queueId, Collection<String> itemIds) {
        ctx.deleteFrom(REVIEW_QUEUE_ITEMS)
                .where(REVIEW_QUEUE_ITEMS.QUEUE_ID.eq(queueId).and(REVIEW_QUEUE_ITEMS.ITEM_ID.in(itemIds)))
                .execute();
    }

    /** One page of a queue's items, newest attached first, optionally of one status. */
    List<ReviewQueueItem> itemPage(DSLContext ctx, String queueId, String status, int offset, int limit) {
        Condition where = REVIEW_QUEUE_ITEMS.QUEUE_ID.eq(queueId);
        if (status != null) {
            where = where.and(REVIEW_QUEUE_ITEMS.STATUS.eq(status));
        }
        return ctx.selectFrom(REVIEW_QUEUE_ITEMS).where(where)
                .orderBy(REVIEW_QUEUE_ITEMS.CREATION_TIME_MS.desc(), REVIEW_QUEUE_ITEMS.ITEM_ID.asc())
                .limit(limit).offset(offset)
                .fetch(ReviewQueueStore::item);
    }

    void updateItem(DSLContext ctx, ReviewQueueItem i) {
        ctx.update(REVIEW_QUEUE_ITEMS)
                .set(REVIEW_QUEUE_ITEMS.STATUS, i.status())
                .set(REVIEW_QUEUE_ITEMS.COMPLETED_BY, i.completedBy())
                .set(REVIEW_QUEUE_ITEMS.COMPLETED_TIME_MS, i.completedTimeMs())
                .set(REVIEW_QUEUE_ITEMS.LAST_UPDATE_TIME_MS, i.lastUpdateTimeMs())
                .where(REVIEW_QUEUE_ITEMS.QUEUE_ID.eq(i.queueId()).and(REVIEW_QUEUE_ITEMS.ITEM_ID.eq(i.itemId())))
                .execute();
    }

    private List<ReviewQueue> hydrate(DSLContext ctx, List<ReviewQueue> queues) {
        if (queues.isEmpty()) {
            return queues;
        }
        List<String> ids = queues.stream().map(ReviewQueue::queueId).toList();
        Map<String, List<String>> users = new LinkedHashMap<>();
        ctx.select(REVIEW_QUEUE_USERS.QUEUE_ID, REVIEW_QUEUE_USERS.USER_ID).from(REVIEW_QUEUE_USERS)
                .where(REVIEW_QUEUE_USERS.QUEUE_ID.in(ids)).orderBy(REVIEW_QUEUE_USERS.USER_ID)
                .forEach(r -> users.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(r.value2()));
        Map<String, List<String>> schemas = new LinkedHashMap<>();
        ctx.select(REVIEW_QUEUE_LABEL_SCHEMAS.QUEUE_ID, REVIEW_QUEUE_LABEL_SCHEMAS.SCHEMA_ID)
                .from(REVIEW_QUEUE_LABEL_SCHEMAS).where(REVIEW_QUEUE_LABEL_SCHEMAS.QUEUE_ID.in(ids))
                .orderBy(REVIEW_QUEUE_LABEL_SCHEMAS.SCHEMA_ID)
                .forEach(r -> schemas.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(r.value2()));
        return queues.stream().map(q -> q.with(users.getOrDefault(q.queueId(), List.of()),
                schemas.getOrDefault(q.queueId(), List.of()))).toList();
    }

    private static ReviewQueue from(ReviewQueuesRecord r) {
        return new ReviewQueue(r.getQueueId(), r.getExperimentId(), r.getName(), r.getQueueType(), r.getCreatedBy(),
                r.getCreationTimeMs(), r.getLastUpdateTimeMs(), List.of(), List.of());
    }

    private static ReviewQueueItem item(ReviewQueueItemsRecord r) {
        return new ReviewQueueItem(r.getQueueId(), r.getItemType(), r.getItemId(), r.getStatus(), r.getCompletedBy(),
                r.getCompletedTimeMs(), r.getCreationTimeMs(), r.getLastUpdateTimeMs());
    }
}
