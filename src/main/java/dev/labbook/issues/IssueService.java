package dev.labbook.issues;

import static dev.labbook.db.schema.Tables.ISSUES;

import dev.labbook.db.Database;
import dev.labbook.experiments.Experiment;
import dev.labbook.experiments.ExperimentService;
import dev.labbook.http.MlflowException;
import dev.labbook.model.Page;
import dev.labbook.runs.RunInfo;
import dev.labbook.runs.RunService;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SortField;
import org.jooq.exception.IntegrityConstraintViolationException;

/** MLflow's rules for issues: create, update, get and search; each public method is one transaction. */
public final class IssueService {
    static final int DEFAULT_MAX_RESULTS = 100;

    private final Database db;
    private final IssueStore store;
    private final ExperimentService experiments;
    private final RunService runs;
    private final Clock clock;

    public IssueService(Database db, IssueStore store, ExperimentService experiments, RunService runs, Clock clock) {
        this.db = db;
        this.store = store;
        this.experiments = experiments;
        this.runs = runs;
        this.clock = clock;
    }

    /** What a new issue starts with; status defaults to pending, lists and maps may be empty. */
    public record NewIssue(String experimentId, String name, String description, String status, String severity,
                           List<String> rootCauses, String sourceRunId, List<String> categories, String createdBy,
                           String issueId, Long lastSeenTimestamp, Map<String, String> metadata) {}

    public Issue create(NewIssue n) {
        IssueRules.name(n.name());
        IssueRules.status(n.status());
        IssueRules.severity(n.severity());
        IssueRules.strings("categories", n.categories());
        IssueRules.metadata(n.metadata());
        IssueRules.lastSeen(n.lastSeenTimestamp());
        IssueRules.issueId(n.issueId());
        IssueRules.actor("created_by", n.createdBy());
        long experimentId = dev.labbook.model.Validation.experimentId(n.experimentId());
        try {
            return db.tx(ctx -> {
                Experiment experiment = experiments.require(ctx, experimentId);
                if (!experiment.isActive()) {
                    throw MlflowException.notFound("No Experiment with id=" + n.experimentId() + " exists");
                }
                String id = n.issueId() != null ? n.issueId() : "iss-" + UUID.randomUUID().toString().replace("-", "");
                if (store.exists(ctx, id)) {
                    throw MlflowException.alreadyExists("Issue ID already exists");
                }
                if (n.sourceRunId() != null) {
                    RunInfo run = runs.require(ctx, n.sourceRunId());
                    if (run.experimentId() != experimentId) {
                        throw MlflowException.invalidParameter("Source run must belong to the Issue experiment");
                    }
                }
                long now = clock.millis();
                Issue issue = new Issue(id, experimentId, n.name(), n.description(),
                        n.status() == null ? "pending" : n.status(), n.severity(), n.rootCauses(), n.sourceRunId(),
                        n.categories(), now, now, n.createdBy(),
                        n.lastSeenTimestamp() != null ? n.lastSeenTimestamp() : now, n.createdBy(), n.metadata());
                store.insert(ctx, issue);
                store.replaceCategories(ctx, id, byHash(n.categories()));
                return issue;
            });
        } catch (IntegrityConstraintViolationException e) {
            throw MlflowException.alreadyExists("Issue ID already exists");
        }
    }

    public Issue get(String issueId) {
        return db.tx(ctx -> store.find(ctx, issueId).orElseThrow(() -> notFound(issueId)));
    }

    /** The changes of an update; null leaves a field as it is, empty categories clear them. */
    public record Changes(String name, String description, String status, String severity, List<String> categories,
                          Long lastSeenTimestamp, String lastUpdatedBy, Map<String, String> metadata,
                          List<String> deleteMetadataKeys) {}

    public Issue update(String issueId, Changes c) {
        IssueRules.name(c.name());
        IssueRules.status(c.status());
        IssueRules.severity(c.severity());
        IssueRules.strings("categories", c.categories());
        IssueRules.metadata(c.metadata());
        IssueRules.lastSeen(c.lastSeenTimestamp());
        IssueRules.strings("delete_metadata_keys", c.deleteMetadataKeys());
        IssueRules.actor("last_updated_by", c.lastUpdatedBy());
        if (c.metadata() != null && c.deleteMetadataKeys() != null
                && c.deleteMetadataKeys().stream().anyMatch(c.metadata()::containsKey)) {
            throw MlflowException.invalidParameter("Cannot update and delete the same key");
        }
        return db.tx(ctx -> {
            Issue old = store.findForUpdate(ctx, issueId).orElseThrow(() -> notFound(issueId));
            List<String> categories = old.categories();
            if (c.categories() != null) {
                categories = List.copyOf(new LinkedHashSet<>(c.categories()));
                store.replaceCategories(ctx, issueId, byHash(c.categories()));
            }
            Map<String, String> metadata = old.metadata();
            if (c.metadata() != null || c.deleteMetadataKeys() != null) {
                Map<String, String> merged = new LinkedHashMap<>(old.metadata());
                if (c.metadata() != null) {
                    merged.putAll(c.metadata());
                }
                if (c.deleteMetadataKeys() != null) {
                    c.deleteMetadataKeys().forEach(merged::remove);
                }
                IssueRules.metadata(merged);
                metadata = merged;
            }
            Issue updated = new Issue(issueId, old.experimentId(), c.name() != null ? c.name() : old.name(),
                    c.description() != null ? c.description() : old.description(),
                    c.status() != null ? c.status() : old.status(), c.severity() != null ? c.severity() : old.severity(),
                    old.rootCauses(), old.sourceRunId(), categories, old.createdTimestamp(), clock.millis(),
                    old.createdBy(), c.lastSeenTimestamp() != null ? Math.max(old.lastSeen(), c.lastSeenTimestamp())
                            : old.lastSeenTimestamp(),
                    c.lastUpdatedBy() != null ? c.lastUpdatedBy() : old.lastUpdatedBy(), metadata);
            store.update(ctx, updated);
            return updated;
        });
    }

    /** A page of issues with the trace counts asked for, and the total count when asked for. */
    public record Found(List<Issue> issues, List<Integer> traceCounts, String nextPageToken, Integer totalCount) {}

    public Found search(IssueQuery q, String filterString, Integer maxResults, String pageToken) {
        int limit = maxResults == null ? DEFAULT_MAX_RESULTS : maxResults;
        boolean enhanced = q.name() != null || !q.statuses().isEmpty() || !q.severities().isEmpty()
                || !q.categories().isEmpty() || !q.orderBy().isEmpty() || q.viewGiven() || q.includeTotalCount();
        String fingerprint = fingerprint(q, filterString);
        IssuePageToken.Position position = IssuePageToken.parse(pageToken, fingerprint, !enhanced);
        List<Map.Entry<Field<?>, Boolean>> keys = new ArrayList<>();
        for (String order : q.orderBy()) {
            String[] parts = order.trim().split("\\s+");
            Field<?> field = parts.length >= 1 && parts.length <= 2 ? IssueSearchSql.sortField(parts[0]) : null;
            if (field == null || (parts.length == 2 && !parts[1].equalsIgnoreCase("ASC")
                    && !parts[1].equalsIgnoreCase("DESC"))) {
                throw MlflowException.invalidParameter("Invalid issue order_by: " + IssueRules.repr(order));
            }
            keys.add(Map.entry(field, parts.length == 2 && parts[1].equalsIgnoreCase("DESC")));
        }
        if (!keys.isEmpty()) {
            keys.add(Map.entry(ISSUES.ISSUE_ID, true));
        }
        Condition where = IssueSearchSql.where(q);
        if (position.after() != null) {
            if (keys.isEmpty() || position.after().size() != keys.size() || !typesMatch(q.orderBy(), position.after())) {
                throw MlflowException.invalidParameter("Invalid issue page token");
            }
            where = where.and(IssueSearchSql.after(keys, position.after()));
        }
        List<SortField<?>> order = keys.isEmpty() ? IssueSearchSql.defaultOrder(q.includeTraceCount())
                : keys.stream().<SortField<?>>map(k -> k.getValue() ? k.getKey().desc() : k.getKey().asc()).toList();
        List<Field<?>> sortValues = keys.stream().<Field<?>>map(Map.Entry::getKey).toList();
        Condition finalWhere = where;
        Condition counted = IssueSearchSql.where(q);
        return db.tx(ctx -> {
            Integer total = q.includeTotalCount() ? store.count(ctx, counted) : null;
            List<IssueStore.Row> rows = store.page(ctx, finalWhere, order, sortValues,
                    q.includeTraceCount() ? IssueSearchSql.TRACE_COUNT : null, position.offset(), limit + 1);
            String next = null;
            if (rows.size() > limit) {
                next = !keys.isEmpty() ? IssuePageToken.keyset(rows.get(limit - 1).sortValues(), fingerprint)
                        : IssuePageToken.offset(position.offset() + limit, enhanced ? fingerprint : null);
                rows = rows.subList(0, limit);
            }
            return new Found(rows.stream().map(IssueStore.Row::issue).toList(),
                    rows.stream().map(IssueStore.Row::traceCount).toList(), next, total);
        });
    }

    private static boolean typesMatch(List<String> orderBy, List<Object> values) {
        for (int i = 0; i < values.size(); i++) {
            boolean text = i == values.size() - 1 || orderBy.get(i).trim().split("\\s+")[0].equals("name");
            if (text != (values.get(i) instanceof String)) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, String> byHash(List<String> categories) {
        Map<String, String> byHash = new LinkedHashMap<>();
        if (categories != null) {
            categories.forEach(c -> byHash.put(IssueRules.categoryHash(c), c));
        }
        return byHash;
    }

    /** Ties a page token to the query that made it. */
    private static String fingerprint(IssueQuery q, String filterString) {
        String canonical = String.join("\u0000", String.valueOf(q.experimentId()), String.valueOf(filterString),
                String.valueOf(q.name()), new TreeSet<>(q.statuses()).toString(), new TreeSet<>(q.severities()).toString(),
                new TreeSet<>(q.categories().stream().map(IssueRules::categoryHash).toList()).toString(),
                q.orderBy().toString(), Boolean.toString(q.includeTraceCount()), Boolean.toString(q.includeTotalCount()),
                String.valueOf(q.view()));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MlflowException notFound(String issueId) {
        return MlflowException.notFound("Issue with ID '" + issueId + "' not found");
    }
}
