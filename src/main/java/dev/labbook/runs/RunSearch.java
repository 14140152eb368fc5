package dev.labbook.runs;

import static dev.labbook.db.schema.Tables.DATASETS;
import static dev.labbook.db.schema.Tables.LATEST_METRICS;
import static dev.labbook.db.schema.Tables.PARAMS;
import static dev.labbook.db.schema.Tables.RUNS;
import static dev.labbook.db.schema.Tables.RUN_INPUTS;
import static dev.labbook.db.schema.Tables.RUN_INPUT_TAGS;
import static dev.labbook.db.schema.Tables.TAGS;

import dev.labbook.db.FilterSql;
import dev.labbook.db.SortKey;
import dev.labbook.http.MlflowException;
import dev.labbook.search.Comparator;
import dev.labbook.search.Comparison;
import dev.labbook.search.EntityType;
import dev.labbook.search.OrderBy;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.TableLike;
import org.jooq.impl.DSL;

/**
 * Run search as SQL: filters become EXISTS sub-queries on the child tables (a run lacking the
 * referenced metric, param or tag never matches, except IS NULL), and each order_by term on a
 * metric, param or tag becomes a LEFT JOIN on its primary key plus a rank that sorts missing
 * values (and NaN metrics) last in both directions, as MLflow does.
 */
final class RunSearch {
    private final List<SortKey> sortKeys = new ArrayList<>();
    private final List<Join> joins = new ArrayList<>();

    record Join(Table<?> table, Condition on) {}

    RunSearch(List<OrderBy> orderBy) {
        boolean startTimeOrdered = false;
        List<String> seen = new ArrayList<>();
        for (OrderBy o : orderBy) {
            String id = o.identifier().type() + ":" + o.identifier().key();
            if (seen.contains(id)) {
                throw MlflowException.invalidParameter("`order_by` contains duplicate fields: " + orderBy);
            }
            seen.add(id);
            startTimeOrdered |= o.identifier().type() == EntityType.ATTRIBUTE
                    && o.identifier().key().equals("start_time");
            addOrder(o, joins.size());
        }
        if (!startTimeOrdered) {
            sortKeys.add(SortKey.of(RUNS.START_TIME, false));
        }
        sortKeys.add(SortKey.of(RUNS.RUN_UUID, true));
    }

    List<SortKey> sortKeys() {
        return sortKeys;
    }

    TableLike<?> from() {
        Table<?> from = RUNS;
        for (Join join : joins) {
            from = from.leftJoin(join.table()).on(join.on());
        }
        return from;
    }

    private void addOrder(OrderBy o, int n) {
        String key = o.identifier().key();
        switch (o.identifier().type()) {
            case METRIC -> {
                var m = LATEST_METRICS.as("order_metric_" + n);
                joins.add(new Join(m, m.RUN_UUID.eq(RUNS.RUN_UUID).and(m.KEY.eq(key))));
                Field<Integer> rank = DSL.when(m.RUN_UUID.isNull(), 2).when(m.IS_NAN.isTrue(), 1).otherwise(0);
                sortKeys.add(SortKey.of(rank, true));
                sortKeys.add(new SortKey(m.VALUE, o.ascending(), true));
            }
            case PARAM -> {
                var p = PARAMS.as("order_param_" + n);
                joins.add(new Join(p, p.RUN_UUID.eq(RUNS.RUN_UUID).and(p.KEY.eq(key))));
                addRankedValue(p.VALUE, o.ascending());
            }
            case TAG -> {
                var t = TAGS.as("order_tag_" + n);
                joins.add(new Join(t, t.RUN_UUID.eq(RUNS.RUN_UUID).and(t.KEY.eq(key))));
                addRankedValue(t.VALUE, o.ascending());
            }
            case ATTRIBUTE -> {
                Field<?> field = attribute(key);
                if (field == RUNS.END_TIME) {
                    addRankedValue(field, o.ascending());
                } else {
                    sortKeys.add(SortKey.of(field, o.ascending()));
                }
            }
            default -> throw MlflowException.invalidParameter("Invalid order_by entity: " + o.identifier().type());
        }
    }

    private void addRankedValue(Field<?> value, boolean ascending) {
        sortKeys.add(SortKey.of(DSL.when(value.isNull(), 1).otherwise(0), true));
        sortKeys.add(new SortKey(value, ascending, true));
    }

    static Condition filter(List<Comparison> comparisons) {
        Condition where = DSL.trueCondition();
        for (Comparison c : comparisons) {
            where = where.and(condition(c));
        }
        return where;
    }

    private static Condition condition(Comparison c) {
        String key = c.identifier().key();
        return switch (c.identifier().type()) {
            case METRIC -> DSL.exists(DSL.selectOne().from(LATEST_METRICS)
                    .where(LATEST_METRICS.RUN_UUID.eq(RUNS.RUN_UUID).and(LATEST_METRICS.KEY.eq(key))
                            .and(LATEST_METRICS.IS_NAN.isFalse())
                            .and(FilterSql.onNumber(LATEST_METRICS.VALUE, c.comparator(), c.value()))));
            case PARAM -> keyed(DSL.selectOne().from(PARAMS)
                    .where(PARAMS.RUN_UUID.eq(RUNS.RUN_UUID).and(PARAMS.KEY.eq(key))), PARAMS.VALUE, c);
            case TAG -> keyed(DSL.selectOne().from(TAGS)
                    .where(TAGS.RUN_UUID.eq(RUNS.RUN_UUID).and(TAGS.KEY.eq(key))), TAGS.VALUE, c);
            case ATTRIBUTE -> attributeCondition(c);
            case DATASET -> dataset(c);
            default -> throw MlflowException.invalidParameter("Invalid entity type '" + c.identifier().type() + "'");
        };
    }

    private static Condition keyed(org.jooq.SelectConditionStep<?> present, Field<String> value, Comparison c) {
        if (c.comparator() == Comparator.IS_NULL) {
            return DSL.notExists(present);
        }
        if (c.comparator() == Comparator.IS_NOT_NULL) {
            return DSL.exists(present);
        }
        return DSL.exists(present.and(FilterSql.onString(value, c.comparator(), c.value())));
    }

    @SuppressWarnings("unchecked")
    private static Condition attributeCondition(Comparison c) {
        Field<?> field = attribute(c.identifier().key());
        if (field == RUNS.START_TIME || field == RUNS.END_TIME) {
            return FilterSql.onNumber((Field<Long>) field, c.comparator(), c.value());
        }
        return FilterSql.onString((Field<String>) field, c.comparator(), c.value());
    }

    private static Field<?> attribute(String key) {
        return switch (key) {
            case "run_id" -> RUNS.RUN_UUID;
            case "run_name" -> RUNS.RUN_NAME;
            case "user_id" -> RUNS.USER_ID;
            case "status" -> RUNS.STATUS;
            case "artifact_uri" -> RUNS.ARTIFACT_URI;
            case "start_time" -> RUNS.START_TIME;
            case "end_time" -> RUNS.END_TIME;
            default -> throw MlflowException.invalidParameter("Invalid attribute key '" + key + "' specified.");
        };
    }

    /** A run matches when ANY of its dataset inputs matches. */
    private static Condition dataset(Comparison c) {
        var base = DSL.selectOne().from(RUN_INPUTS).join(DATASETS).on(DATASETS.DATASET_UUID.eq(RUN_INPUTS.DATASET_UUID));
        return switch (c.identifier().key()) {
            case "name" -> DSL.exists(base.where(RUN_INPUTS.RUN_UUID.eq(RUNS.RUN_UUID)
                    .and(FilterSql.onString(DATASETS.NAME, c.comparator(), c.value()))));
            case "digest" -> DSL.exists(base.where(RUN_INPUTS.RUN_UUID.eq(RUNS.RUN_UUID)
                    .and(FilterSql.onString(DATASETS.DIGEST, c.comparator(), c.value()))));
            case "context" -> DSL.exists(DSL.selectOne().from(RUN_INPUT_TAGS)
                    .where(RUN_INPUT_TAGS.RUN_UUID.eq(RUNS.RUN_UUID)
                            .and(RUN_INPUT_TAGS.NAME.eq("mlflow.data.context"))
                            .and(FilterSql.onString(RUN_INPUT_TAGS.VALUE, c.comparator(), c.value()))));
            default -> throw MlflowException.invalidParameter(
                    "Invalid dataset key '" + c.identifier().key() + "' specified.");
        };
    }
}
