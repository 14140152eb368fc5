package dev.labbook.issues;

import static dev.labbook.db.schema.Tables.ISSUES;
import static dev.labbook.db.schema.Tables.ISSUE_CATEGORIES;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labbook.db.schema.tables.records.IssuesRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SortField;

/** SQL for issues and their category index. */
public final class IssueStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One row of a search page: the issue, its trace count (when asked for) and its sort values. */
    public record Row(Issue issue, Integer traceCount, List<Object> sortValues) {}

    public boolean exists(DSLContext ctx, String issueId) {
        return ctx.fetchExists(ISSUES, ISSUES.ISSUE_ID.eq(issueId));
    }

    public Optional<Issue> find(DSLContext ctx, String issueId) {
        return ctx.selectFrom(ISSUES).where(ISSUES.ISSUE_ID.eq(issueId)).fetchOptional(IssueStore::from);
    }

    /** The issue, locked until the transaction ends so concurrent metadata patches do not lose entries. */
    public Optional<Issue> findForUpdate(DSLContext ctx, String issueId) {
        return ctx.selectFrom(ISSUES).where(ISSUES.ISSUE_ID.eq(issueId)).forUpdate().fetchOptional(IssueStore::from);
    }

    public void insert(DSLContext ctx, Issue issue) {
        IssuesRecord r = ctx.newRecord(ISSUES);
        r.setIssueId(issue.issueId());
        r.setExperimentId(issue.experimentId());
        r.setCreatedTimestamp(issue.createdTimestamp());
        r.setCreatedBy(issue.createdBy());
        r.setSourceRunId(issue.sourceRunId());
        fill(r, issue);
        ctx.insertInto(ISSUES).set(r).execute();
    }

    public void update(DSLContext ctx, Issue issue) {
        IssuesRecord r = ctx.newRecord(ISSUES);
        fill(r, issue);
        ctx.update(ISSUES).set(r).where(ISSUES.ISSUE_ID.eq(issue.issueId())).execute();
    }

    private static void fill(IssuesRecord r, Issue issue) {
        r.setName(issue.name());
        r.setDescription(issue.description());
        r.setStatus(issue.status());
        r.setSeverity(issue.severity());
        r.setRootCauses(issue.rootCauses().isEmpty() ? null : write(issue.rootCauses()));
        r.setCategories(issue.categories().isEmpty() ? null : write(issue.categories()));
        r.setLastUpdatedTimestamp(issue.lastUpdatedTimestamp());
        r.setLastSeenTimestamp(issue.lastSeenTimestamp());
        r.setLastUpdatedBy(issue.lastUpdatedBy());
        r.setIssueMetadata(issue.metadata().isEmpty() ? null : write(issue.metadata()));
    }

    /** Replaces the issue's category index with these (hash to category). */
    public void replaceCategories(DSLContext ctx, String issueId, Map<String, String> byHash) {
        ctx.deleteFrom(ISSUE_CATEGORIES).where(ISSUE_CATEGORIES.ISSUE_ID.eq(issueId)).execute();
        for (Map.Entry<String, String> entry : byHash.entrySet()) {
            ctx.insertInto(ISSUE_CATEGORIES).set(ISSUE_CATEGORIES.ISSUE_ID, issueId)
                    .set(ISSUE_CATEGORIES.CATEGORY_HASH, entry.getKey())
                    .set(ISSUE_CATEGORIES.CATEGORY, entry.getValue()).execute();
        }
    }

    public int count(DSLContext ctx, Condition where) {
        return ctx.fetchCount(ISSUES, where);
    }

    /** One page: {@code limit} rows after {@code offset}, in {@code order}, with these extra fields read back. */
    public List<Row> page(DSLContext ctx, Condition where, List<SortField<?>> order, List<Field<?>> sortValues,
                          Field<Integer> traceCount, int offset, int limit) {
        List<org.jooq.SelectFieldOrAsterisk> fields = new ArrayList<>(List.of(ISSUES.fields()));
        if (traceCount != null) {
            fields.add(traceCount);
        }
        fields.addAll(sortValues);
        List<Row> rows = new ArrayList<>();
        for (Record r : ctx.select(fields).from(ISSUES).where(where).orderBy(order).offset(offset).limit(limit).fetch()) {
            List<Object> values = new ArrayList<>();
            sortValues.forEach(f -> values.add(r.get(f)));
            rows.add(new Row(from(r.into(ISSUES)), traceCount == null ? null : r.get(traceCount), values));
        }
        return rows;
    }

    private static Issue from(IssuesRecord r) {
        return new Issue(r.getIssueId(), r.getExperimentId(), r.getName(), r.getDescription(), r.getStatus(),
                r.getSeverity(), readList(r.getRootCauses()), r.getSourceRunId(), readList(r.getCategories()),
                r.getCreatedTimestamp(), r.getLastUpdatedTimestamp(), r.getCreatedBy(), r.getLastSeenTimestamp(),
                r.getLastUpdatedBy(), readMap(r.getIssueMetadata()));
    }

    private static List<String> readList(String json) {
        if (json == null || json.isEmpty()) {
            return List.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("issues: stored JSON list does not parse", e);
        }
    }

    private static Map<String, String> readMap(String json) {
        if (json == null || json.isEmpty()) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<LinkedHashMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("issues: stored metadata does not parse", e);
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
