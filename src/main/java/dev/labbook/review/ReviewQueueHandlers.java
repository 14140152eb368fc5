package dev.labbook.review;

import dev.labbook.http.ApiRequest;
import dev.labbook.http.JsonObject;
import dev.labbook.http.MlflowException;
import dev.labbook.model.Page;
import java.util.List;

/**
 * HTTP for review queues: /api/3.0/mlflow/review-queues/... With --auth the signed-in user owns the
 * queues they create and is the one who completes items; without it the client's completed_by is kept.
 */
public final class ReviewQueueHandlers {
    private final ReviewQueueService queues;
    private final ReviewAccess access;

    public ReviewQueueHandlers(ReviewQueueService queues, ReviewAccess access) {
        this.queues = queues;
        this.access = access;
    }

    public Object create(ApiRequest req) {
        String experimentId = req.requiredString("experiment_id");
        String name = req.requiredString("name");
        String type = switch (String.valueOf(req.optionalEnum("queue_type"))) {
            case "USER", "1" -> ReviewQueue.USER;
            case "CUSTOM", "2" -> ReviewQueue.CUSTOM;
            default -> throw MlflowException.invalidParameter(
                    "`queue_type` must be one of USER or CUSTOM; got proto enum value 0.");
        };
        if (ReviewQueue.CUSTOM.equals(type)) {
            access.registeredUserLike().apply(name).ifPresent(user -> {
                throw MlflowException.invalidParameter("'" + user + "' is a registered user. A custom review queue "
                        + "cannot use a username as its name; assign that user to a queue instead.");
            });
        }
        ReviewQueue created = queues.create(experimentId, name, type, req.stringList("users"),
                req.stringList("schema_ids"), access.username().get());
        return queue(created);
    }

    public Object getOrCreateUserQueue(ApiRequest req) {
        String experimentId = req.requiredString("experiment_id");
        return queue(queues.getOrCreateUserQueue(experimentId, req.requiredString("user")));
    }

    public Object get(ApiRequest req) {
        return queue(queues.get(req.requiredString("queue_id")));
    }

    public Object getByName(ApiRequest req) {
        String experimentId = req.requiredString("experiment_id");
        return queue(queues.getByName(experimentId, req.requiredString("name")));
    }

    public Object list(ApiRequest req) {
        String experimentId = req.requiredString("experiment_id");
        Integer maxResults = OffsetPages.maxResults(req);
        Page<ReviewQueue> page = queues.list(experimentId, req.optionalString("user"), req.optionalString("item_id"),
                maxResults, req.optionalString("page_token"));
        String caller = access.username().get();
        // As MLflow, the page is narrowed after it is cut, so a narrowed page may hold fewer rows.
        List<ReviewQueue> visible = page.items().stream().filter(q -> access.listsEveryQueue().test(q.experimentId())
                || caller != null && q.users().contains(QueueRules.user(caller))).toList();
        return JsonObject.empty()
                .with("review_queues", visible.stream().map(ReviewQueue::json).toList())
                .with("next_page_token", page.nextPageToken() == null ? "" : page.nextPageToken());
    }

    public Object update(ApiRequest req) {
        String queueId = req.requiredString("queue_id");
        String newName = req.optionalString("name");
        if (newName != null && !queues.get(queueId).isUser()) {
            access.registeredUserLike().apply(newName).ifPresent(user -> {
                throw MlflowException.invalidParameter("'" + user + "' is a registered user. A custom review queue "
                        + "cannot be renamed to a username; assign that user to a queue instead.");
            });
        }
        List<String> users = Boolean.TRUE.equals(req.optionalBoolean("update_users")) ? req.stringList("users") : null;
        List<String> schemaIds = Boolean.TRUE.equals(req.optionalBoolean("update_schema_ids"))
                ? req.stringList("schema_ids") : null;
        ReviewQueue updated = queues.update(queueId, new ReviewQueueService.Changes(newName,
                req.optionalString("new_owner"), users, schemaIds));
        return queue(updated);
    }

    public Object delete(ApiRequest req) {
        queues.delete(req.requiredString("queue_id"));
        return JsonObject.empty();
    }

    public Object addItems(ApiRequest req) {
        String queueId = req.requiredString("queue_id");
        List<String> itemIds = QueueRules.itemIds(req.stringList("item_ids"));
        // Only TRACE exists; protobuf's parser reads any other value as the zero, which means "unset".
        req.optionalEnum("item_type");
        List<ReviewQueueItem> items = queues.addItems(queueId, itemIds);
        return JsonObject.empty().with("items", items.stream().map(ReviewQueueItem::json).toList());
    }

    public Object removeItems(ApiRequest req) {
        queues.removeItems(req.requiredString("queue_id"), req.stringList("item_ids"));
        return JsonObject.empty();
    }

    public Object listItems(ApiRequest req) {
        String queueId = req.requiredString("queue_id");
        Integer maxResults = OffsetPages.maxResults(req);
        String status = status(req.optionalEnum("status"));
        Page<ReviewQueueItem> page = queues.listItems(queueId, status, maxResults, req.optionalString("page_token"));
        return JsonObject.empty()
                .with("items", page.items().stream().map(ReviewQueueItem::json).toList())
                .with("next_page_token", page.nextPageToken() == null ? "" : page.nextPageToken());
    }

    public Object setItemStatus(ApiRequest req) {
        String queueId = req.requiredString("queue_id");
        String itemId = req.requiredString("item_id");
        String status = status(req.optionalEnum("status"));
        if (status == null) {
            throw MlflowException.invalidParameter("`status` must be one of PENDING, COMPLETE, or DECLINED; got proto "
                    + "enum value 0.");
        }
        String user = access.username().get();
        // With auth, the credit goes to the caller whatever the client says; reopening clears it.
        String completedBy = user != null ? (ReviewQueueItem.PENDING.equals(status) ? null : user)
                : req.optionalString("completed_by");
        return JsonObject.empty().with("item", queues.setItemStatus(queueId, itemId, status, completedBy).json());
    }

    /** A ReviewStatus by name or number; unknown values are protobuf's zero, i.e. none. */
    private static String status(String value) {
        return switch (String.valueOf(value)) {
            case "PENDING", "1" -> ReviewQueueItem.PENDING;
            case "COMPLETE", "2" -> ReviewQueueItem.COMPLETE;
            case "DECLINED", "3" -> ReviewQueueItem.DECLINED;
            default -> null;
        };
    }

    private static JsonObject queue(ReviewQueue q) {
        return JsonObject.empty().with("review_queue", q.json());
    }
}
