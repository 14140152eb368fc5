package dev.labbook.review;

import dev.labbook.db.Database;
import dev.labbook.http.MlflowException;
import dev.labbook.model.Page;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;

/** MLflow's rules for review queues and their items; each public method is one transaction. */
public final class ReviewQueueService {
    static final int DEFAULT_PAGE = 1000;

    private final Database db;
    private final ReviewQueueStore store;
    private final LabelSchemaService schemas;
    private final Clock clock;

    public ReviewQueueService(Database db, ReviewQueueStore store, LabelSchemaService schemas, Clock clock) {
        this.db = db;
        this.store = store;
        this.schemas = schemas;
        this.clock = clock;
    }

    /**
     * A user queue is named after its one user and has no schemas (it asks all of the experiment's);
     * a custom queue has any name but "default", up to ten users and a chosen set of schemas.
     */
    ReviewQueue create(String experimentId, String name, String queueType, List<String> users, List<String> schemaIds,
                       String createdBy) {
        List<String> normalizedUsers = QueueRules.users(users);
        List<String> normalizedSchemas = QueueRules.schemaIds(schemaIds);
        String normalizedName;
        if (ReviewQueue.USER.equals(queueType)) {
            normalizedName = QueueRules.user(name);
            QueueRules.nonEmpty(normalizedName, "name", QueueRules.NAME_MAX);
            if (normalizedUsers.isEmpty()) {
                normalizedUsers = List.of(normalizedName);
            } else if (!normalizedUsers.equals(List.of(normalizedName))) {
                throw MlflowException.invalidParameter("A user queue must have exactly one assigned user equal to its "
                        + "name; got name=" + Py.repr(normalizedName) + " and users=" + Py.list(normalizedUsers) + ".");
            }
            if (!normalizedSchemas.isEmpty()) {
                throw MlflowException.invalidParameter("A user queue cannot have explicitly-attached schemas; it "
                        + "resolves to all of the experiment's label schemas.");
            }
        } else {
            normalizedName = QueueRules.customName(name);
        }
        String finalName = normalizedName;
        List<String> finalUsers = normalizedUsers;
        return db.tx(ctx -> {
            long experiment = schemas.activeExperiment(ctx, experimentId);
            List<String> missing = schemas.missingIds(ctx, experiment, normalizedSchemas);
            if (!missing.isEmpty()) {
                throw MlflowException.invalidParameter("Label schema id(s) " + Py.list(missing)
                        + " not found for experiment '" + experimentId + "'.");
            }
            if (store.findByNameKey(ctx, experiment, Py.lower(finalName)).isPresent()) {
                throw nameTaken(finalName);
            }
            long now = clock.millis();
            ReviewQueue queue = new ReviewQueue("rq-" + UUID.randomUUID().toString().replace("-", ""), experiment,
                    finalName, queueType, createdBy, now, now, sorted(finalUsers), sorted(normalizedSchemas));
            try {
                store.insert(ctx, queue);
            } catch (org.jooq.exception.DataAccessException e) {
                if (store.findByNameKey(ctx, experiment, Py.lower(finalName)).isPresent()) {
                    throw nameTaken(finalName);
                }
                throw e;
            }
            return queue;
        });
    }

    /** The user's own queue, created (owned by that user) the first time. */
    ReviewQueue getOrCreateUserQueue(String experimentId, String user) {
        String name = QueueRules.user(user);
        try {
            return create(experimentId, name, ReviewQueue.USER, List.of(), List.of(), name);
        } catch (MlflowException e) {
            if (e.code() != dev.labbook.http.ErrorCode.RESOURCE_ALREADY_EXISTS) {
                throw e;
            }
            ReviewQueue existing = getByName(experimentId, name);
            if (!existing.isUser()) {
                throw MlflowException.alreadyExists("A non-user queue named '" + name + "' already exists; cannot "
                        + "get-or-create a user queue with that name.");
            }
            return existing;
        }
    }

    ReviewQueue get(String queueId) {
        return db.tx(ctx -> require(ctx, queueId, false));
    }

    /** By name, ignoring case as the uniqueness does. */
    ReviewQueue getByName(String experimentId, String name) {
        return db.tx(ctx -> {
            long experiment = schemas.activeExperiment(ctx, experimentId);
            return store.findByNameKey(ctx, experiment, Py.lower(name)).orElseThrow(() -> MlflowException.notFound(
                    "Review queue with name '" + name + "' not found for experiment '" + experimentId + "'."));
        });
    }

    Page<ReviewQueue> list(String experimentId, String user, String itemId, Integer maxResults, String pageToken) {
        int limit = maxResults == null ? DEFAULT_PAGE : maxResults;
        int offset = OffsetPages.offset(pageToken);
        return db.tx(ctx -> {
            long experiment = schemas.activeExperiment(ctx, experimentId);
            List<ReviewQueue> rows = store.page(ctx, experiment, user == null ? null : QueueRules.user(user), itemId,
                    offset, limit + 1);
            return page(rows, limit, offset);
        });
    }

    /** What an update changes; null leaves a field as it is (users and schema ids replace the set). */
    record Changes(String name, String newOwner, List<String> users, List<String> schemaIds) {
        boolean none() {
            return name == null && newOwner == null && users == null && schemaIds == null;
        }
    }

    /** Edits a custom queue; its questions are frozen once it holds items. */
    ReviewQueue update(String queueId, Changes c) {
        return db.tx(ctx -> {
            ReviewQueue q = require(ctx, queueId, true);
            if (q.isUser()) {
                throw MlflowException.invalidParameter("A user queue's name, assigned user, schemas, and owner are "
                        + "fixed and cannot be updated.");
            }
            if (c.none()) {
                return q;
            }
            String owner = c.newOwner() == null ? q.createdBy() : QueueRules.owner(c.newOwner());
            String name = c.name() == null ? q.name() : QueueRules.customName(c.name());
            List<String> users = c.users() == null ? q.users() : sorted(QueueRules.users(c.users()));
            List<String> schemaIds = q.schemaIds();
            if (c.schemaIds() != null) {
                if (store.hasItems(ctx, queueId)) {
                    throw MlflowException.invalidParameter("A review queue's questions are locked once items are "
                            + "assigned to it. Remove the items before changing its questions.");
                }
                schemaIds = sorted(QueueRules.schemaIds(c.schemaIds()));
                List<String> missing = schemas.missingIds(ctx, q.experimentId(), schemaIds);
                if (!missing.isEmpty()) {
                    throw MlflowException.invalidParameter("Label schema id(s) " + Py.list(missing)
                            + " not found for experiment '" + q.experimentId() + "'.");
                }
            }
            if (!Py.lower(name).equals(Py.lower(q.name()))
                    && store.findByNameKey(ctx, q.experimentId(), Py.lower(name)).isPresent()) {
                throw nameTaken(name);
            }
            ReviewQueue updated = new ReviewQueue(q.queueId(), q.experimentId(), name, q.queueType(), owner,
                    q.creationTimeMs(), clock.millis(), users, schemaIds);
            store.update(ctx, updated);
            if (c.users() != null) {
                store.replaceUsers(ctx, queueId, users);
            }
            if (c.schemaIds() != null) {
                store.replaceSchemaIds(ctx, queueId, schemaIds);
            }
            return updated;
        });
    }

    /** Deletes a queue with its users, items and schema links; a missing queue is no error. */
    void delete(String queueId) {
        db.txRun(ctx -> store.delete(ctx, queueId));
    }

    /**
     * Attaches traces of the queue's experiment as pending items; ones already attached keep their
     * status. Answers every requested item, in request order.
     */
    List<ReviewQueueItem> addItems(String queueId, List<String> itemIds) {
        return db.tx(ctx -> {
            ReviewQueue q = require(ctx, queueId, true);
            Map<String, Long> experiments = store.traceExperiments(ctx, itemIds);
            List<String> invalid = itemIds.stream()
                    .filter(id -> !Long.valueOf(q.experimentId()).equals(experiments.get(id))).toList();
            if (!invalid.isEmpty()) {
                throw MlflowException.notFound("Cannot attach trace(s) " + Py.list(invalid) + " to review queue '"
                        + queueId + "': they do not exist in experiment '" + q.experimentId() + "'.");
            }
            Map<String, ReviewQueueItem> existing = store.items(ctx, queueId, itemIds);
            long now = clock.millis();
            List<ReviewQueueItem> added = new ArrayList<>();
            for (String id : itemIds) {
                if (!existing.containsKey(id)) {
                    ReviewQueueItem item = new ReviewQueueItem(queueId, ReviewQueueItem.TRACE, id,
                            ReviewQueueItem.PENDING, null, null, now, now);
                    added.add(item);
                    existing.put(id, item);
                }
            }
            if (!added.isEmpty()) {
                store.insertItems(ctx, added);
            }
            return itemIds.stream().map(existing::get).toList();
        });
    }

    void removeItems(String queueId, List<String> itemIds) {
        List<String> normalized = QueueRules.itemIds(itemIds);
        db.txRun(ctx -> {
            require(ctx, queueId, false);
            store.deleteItems(ctx, queueId, normalized);
        });
    }

    Page<ReviewQueueItem> listItems(String queueId, String status, Integer maxResults, String pageToken) {
        int limit = maxResults == null ? DEFAULT_PAGE : maxResults;
        int offset = OffsetPages.offset(pageToken);
        return db.tx(ctx -> {
            require(ctx, queueId, false);
            return page(store.itemPage(ctx, queueId, status, offset, limit + 1), limit, offset);
        });
    }

    /**
     * Moves an item to a status. Complete and declined record who did it; back to pending clears
     * that. Setting the status it already has changes nothing, so the first completer keeps the credit.
     */
    ReviewQueueItem setItemStatus(String queueId, String itemId, String status, String completedBy) {
        String item = Py.strip(itemId);
        String by = completedBy == null ? null : QueueRules.user(completedBy);
        if (ReviewQueueItem.PENDING.equals(status)) {
            if (by != null) {
                throw MlflowException.invalidParameter("`completed_by` must not be set when reopening an item to "
                        + "`pending`.");
            }
        } else if (by == null || by.isEmpty()) {
            throw MlflowException.invalidParameter("`completed_by` is required when setting status to `" + status + "`.");
        }
        if (by != null && Py.len(by) > QueueRules.USER_MAX) {
            throw MlflowException.invalidParameter("`completed_by` must be at most " + QueueRules.USER_MAX
                    + " characters; got " + Py.len(by) + ".");
        }
        return db.tx(ctx -> {
            require(ctx, queueId, false);
            ReviewQueueItem row = store.items(ctx, queueId, List.of(item)).get(item);
            if (row == null) {
                throw MlflowException.notFound("Item '" + item + "' is not attached to review queue '" + queueId + "'.");
            }
            if (row.status().equals(status)) {
                return row;
            }
            long now = clock.millis();
            boolean reopen = ReviewQueueItem.PENDING.equals(status);
            ReviewQueueItem updated = new ReviewQueueItem(queueId, row.itemType(), item, status, reopen ? null : by,
                    reopen ? null : now, row.creationTimeMs(), now);
            store.updateItem(ctx, updated);
            return updated;
        });
    }

    private ReviewQueue require(DSLContext ctx, String queueId, boolean forUpdate) {
        return store.find(ctx, queueId, forUpdate).orElseThrow(() ->
                MlflowException.notFound("Review queue with id '" + queueId + "' not found."));
    }

    private static <T> Page<T> page(List<T> rows, int limit, int offset) {
        if (rows.size() > limit) {
            return new Page<>(rows.subList(0, limit), OffsetPages.token(offset + limit));
        }
        return new Page<>(rows, null);
    }

    private static List<String> sorted(List<String> values) {
        return values.stream().sorted(Py.CODE_POINT_ORDER).toList();
    }

    private static MlflowException nameTaken(String name) {
        return MlflowException.alreadyExists("Review queue with name '" + name + "' already exists (names are "
                + "case-insensitive).");
    }
}
