package dev.labbook.issues;

import static dev.labbook.db.schema.Tables.ASSESSMENTS;
import static dev.labbook.db.schema.Tables.ISSUES;
import static dev.labbook.db.schema.Tables.ISSUE_CATEGORIES;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.SortField;
import org.jooq.impl.DSL;

/** An issue search's WHERE and ORDER BY in jOOQ, as MLflow's SQL store builds them. */
final class IssueSearchSql {
    private IssueSearchSql() {}

    /** Severity from lowest to highest; anything else (no severity) ranks -1. */
    static final Field<Integer> SEVERITY_RANK = rank(ISSUES.SEVERITY, IssueRules.SEVERITIES, -1);
    static final Field<Integer> STATUS_RANK = rank(ISSUES.STATUS, IssueRules.STATUSES, 3);
    static final Field<Long> LAST_SEEN = DSL.coalesce(ISSUES.LAST_SEEN_TIMESTAMP, ISSUES.CREATED_TIMESTAMP);

    /** The traces that reference the issue: assessments of type 'issue' named after it. */
    static final Field<Integer> TRACE_COUNT = DSL.field(DSL.select(DSL.countDistinct(ASSESSMENTS.TRACE_ID))
            .from(ASSESSMENTS).where(ASSESSMENTS.ASSESSMENT_TYPE.eq("issue").and(ASSESSMENTS.NAME.eq(ISSUES.ISSUE_ID))))
            .as("trace_count");

    private static Field<Integer> rank(Field<String> column, List<String> values, int otherwise) {
        var choose = DSL.choose(column);
        org.jooq.CaseWhenStep<String, Integer> step = null;
        for (int i = 0; i < values.size(); i++) {
            step = step == null ? choose.when(values.get(i), DSL.inline(i)) : step.when(values.get(i), DSL.inline(i));
        }
        return step.otherwise(DSL.inline(otherwise));
    }

    /** The sortable fields of order_by. */
    static Field<?> sortField(String name) {
        return switch (name) {
            case "name" -> DSL.lower(ISSUES.NAME);
            case "status" -> STATUS_RANK;
            case "severity" -> SEVERITY_RANK;
            case "created_timestamp" -> ISSUES.CREATED_TIMESTAMP;
            case "last_updated_timestamp" -> ISSUES.LAST_UPDATED_TIMESTAMP;
            case "last_seen_timestamp" -> LAST_SEEN;
            default -> null;
        };
    }

    static Condition where(IssueQuery q) {
        Condition where = DSL.noCondition();
        if (q.experimentId() != null) {
            where = where.and(ISSUES.EXPERIMENT_ID.eq(q.experimentId()));
        }
        for (IssueFilter.Clause clause : q.filter()) {
            Field<String> column = clause.key().equals("status") ? ISSUES.STATUS : ISSUES.SOURCE_RUN_ID;
            where = where.and(clause.equal() ? column.eq(clause.value()) : column.ne(clause.value()));
        }
        if (q.name() != null) {
            where = where.and(DSL.lower(ISSUES.NAME).contains(q.name().toLowerCase(java.util.Locale.ROOT)));
        }
        if (!q.statuses().isEmpty()) {
            where = where.and(ISSUES.STATUS.in(q.statuses()));
        }
        if (!q.severities().isEmpty()) {
            where = where.and(ISSUES.SEVERITY.in(q.severities()));
        }
        if (!q.categories().isEmpty()) {
            where = where.and(DSL.exists(DSL.selectOne().from(ISSUE_CATEGORIES).where(
                    ISSUE_CATEGORIES.ISSUE_ID.eq(ISSUES.ISSUE_ID)
                            .and(ISSUE_CATEGORIES.CATEGORY_HASH.in(q.categories().stream().map(IssueRules::categoryHash).toList())))));
        }
        return where;
    }

    /** The legacy order: severity, trace count when counted, then newest first. */
    static List<SortField<?>> defaultOrder(boolean withTraceCount) {
        List<SortField<?>> order = new ArrayList<>();
        order.add(SEVERITY_RANK.desc());
        if (withTraceCount) {
            order.add(DSL.field(DSL.name("trace_count"), Integer.class).desc());
        }
        order.add(ISSUES.CREATED_TIMESTAMP.desc());
        order.add(ISSUES.ISSUE_ID.desc());
        return order;
    }

    /** Rows after the keyset position {@code after} (one value per sort key, issue id last). */
    static Condition after(List<Map.Entry<Field<?>, Boolean>> keys, List<Object> after) {
        Condition any = DSL.falseCondition();
        Condition prefix = DSL.noCondition();
        for (int i = 0; i < keys.size(); i++) {
            @SuppressWarnings("unchecked")
            Field<Object> field = (Field<Object>) keys.get(i).getKey();
            Object value = after.get(i);
            Condition beyond = keys.get(i).getValue() ? field.lt(value) : field.gt(value);
            any = any.or(prefix.and(beyond));
            prefix = prefix.and(field.eq(value));
        }
        return any;
    }
}
