package dev.labbook.loggedmodels;

import static dev.labbook.db.schema.Tables.LOGGED_MODELS;
import static dev.labbook.db.schema.Tables.LOGGED_MODEL_METRICS;
import static dev.labbook.db.schema.Tables.LOGGED_MODEL_PARAMS;
import static dev.labbook.db.schema.Tables.LOGGED_MODEL_TAGS;

import dev.labbook.db.FilterSql;
import dev.labbook.db.SortKey;
import dev.labbook.db.schema.tables.LoggedModelMetrics;
import dev.labbook.http.MlflowException;
import dev.labbook.search.Comparator;
import dev.labbook.search.Comparison;
import dev.labbook.search.EntityType;
import dev.labbook.search.FilterParser;
import dev.labbook.search.ListValue;
import dev.labbook.search.OrderBy;
import dev.labbook.search.SearchKind;
import dev.labbook.search.StringValue;
import dev.labbook.search.Value;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * Logged-model search as SQL. Filters become EXISTS sub-queries on the child tables: a metric
 * comparison matches when any point of that metric does (only points on the requested datasets,
 * when datasets are given). Ordering by a metric uses its most recent point (latest timestamp,
 * then step), optionally on one dataset; models without it, and NaN values, sort last both ways.
 */
final class LoggedModelSearch {
    /** One entry of the request's {@code datasets}; a null digest matches any digest. */
    record DatasetFilter(String name, String digest) {}

    /** One entry of the request's {@code order_by}: an attribute or metrics.<key>, its direction and dataset. */
    record Order(String fieldName, boolean ascending, String datasetName, String datasetDigest) {}

    private LoggedModelSearch() {}

    static Condition filter(List<Comparison> comparisons, List<DatasetFilter> datasets) {
        Condition where = DSL.trueCondition();
        boolean onMetric = false;
        for (Comparison c : comparisons) {
            onMetric |= c.identifier().type() == EntityType.METRIC;
            where = where.and(condition(c, datasets));
        }
        if (!datasets.isEmpty() && !onMetric) {
            var m = LOGGED_MODEL_METRICS;
            where = where.and(DSL.exists(DSL.selectOne().from(m)
                    .where(m.MODEL_ID.eq(LOGGED_MODELS.MODEL_ID).and(onDatasets(m, datasets)))));
        }
        return where;
    }

    private static Condition condition(Comparison c, List<DatasetFilter> datasets) {
        String key = c.identifier().key();
        return switch (c.identifier().type()) {
            case METRIC -> {
                var m = LOGGED_MODEL_METRICS;
                yield DSL.exists(DSL.selectOne().from(m).where(m.MODEL_ID.eq(LOGGED_MODELS.MODEL_ID)
                        .and(m.KEY.eq(key)).and(m.IS_NAN.isFalse())
                        .and(FilterSql.onNumber(m.VALUE, c.comparator(), c.value()))
                        .and(datasets.isEmpty() ? DSL.trueCondition() : onDatasets(m, datasets))));
            }
            case PARAM -> DSL.exists(DSL.selectOne().from(LOGGED_MODEL_PARAMS)
                    .where(LOGGED_MODEL_PARAMS.MODEL_ID.eq(LOGGED_MODELS.MODEL_ID))
                    .and(LOGGED_MODEL_PARAMS.KEY.eq(key))
                    .and(FilterSql.onString(LOGGED_MODEL_PARAMS.VALUE, c.comparator(), c.value())));
            case TAG -> DSL.exists(DSL.selectOne().from(LOGGED_MODEL_TAGS)
                    .where(LOGGED_MODEL_TAGS.MODEL_ID.eq(LOGGED_MODELS.MODEL_ID))
                    .and(LOGGED_MODEL_TAGS.KEY.eq(key))
                    .and(FilterSql.onString(LOGGED_MODEL_TAGS.VALUE, c.comparator(), c.value())));
            case ATTRIBUTE -> attribute(c);
            default -> throw MlflowException.invalidParameter("Invalid entity type 'datasets'");
        };
    }

    private static Condition attribute(Comparison c) {
        return switch (c.identifier().key()) {
            case "creation_timestamp" -> FilterSql.onNumber(LOGGED_MODELS.CREATION_TIMESTAMP_MS, c.comparator(), c.value());
            case "last_updated_timestamp" ->
                    FilterSql.onNumber(LOGGED_MODELS.LAST_UPDATED_TIMESTAMP_MS, c.comparator(), c.value());
            case "status" -> FilterSql.onString(LOGGED_MODELS.STATUS, c.comparator(), statusValue(c));
            default -> FilterSql.onString(stringAttribute(c.identifier().key()), c.comparator(), c.value());
        };
    }

    /** Status filters may say READY or 2 for LOGGED_MODEL_READY; patterns are matched as written. */
    private static Value statusValue(Comparison c) {
        if (c.comparator() == Comparator.LIKE || c.comparator() == Comparator.ILIKE) {
            return c.value();
        }
        return switch (c.value()) {
            case StringValue s -> new StringValue(LoggedModelStatus.canonical(s.value()));
            case ListValue l -> new ListValue(l.values().stream().map(LoggedModelStatus::canonical).toList());
            default -> c.value();
        };
    }

    private static Field<String> stringAttribute(String key) {
        return switch (key) {
            case "name" -> LOGGED_MODELS.NAME;
            case "model_id" -> LOGGED_MODELS.MODEL_ID;
            case "model_type" -> LOGGED_MODELS.MODEL_TYPE;
            case "source_run_id" -> LOGGED_MODELS.SOURCE_RUN_ID;
            default -> throw MlflowException.invalidParameter("Invalid attribute key '" + key + "' specified.");
        };
    }

    private static Condition onDatasets(LoggedModelMetrics m, List<DatasetFilter> datasets) {
        Condition any = DSL.falseCondition();
        for (DatasetFilter d : datasets) {
            any = any.or(onDataset(m, d.name(), d.digest()));
        }
        return any;
    }

    private static Condition onDataset(LoggedModelMetrics m, String name, String digest) {
        Condition on = name == null ? DSL.trueCondition() : m.DATASET_NAME.eq(name);
        return digest == null ? on : on.and(m.DATASET_DIGEST.eq(digest));
    }

    /** MLflow appends creation_timestamp DESC and then model_id ASC unless the request orders by them. */
    static List<SortKey> sortKeys(List<Order> orders) {
        List<SortKey> keys = new ArrayList<>();
        boolean created = false;
        boolean id = false;
        for (int i = 0; i < orders.size(); i++) {
            Order o = orders.get(i);
            OrderBy parsed = FilterParser.parseOrderBy(o.fieldName(), SearchKind.LOGGED_MODELS);
            String key = parsed.identifier().key();
            if (parsed.identifier().type() == EntityType.METRIC) {
                addRanked(keys, latestMetric(key, o, i), o.ascending());
                continue;
            }
            Field<?> field = switch (key) {
                case "creation_timestamp" -> LOGGED_MODELS.CREATION_TIMESTAMP_MS;
                case "last_updated_timestamp" -> LOGGED_MODELS.LAST_UPDATED_TIMESTAMP_MS;
                case "status" -> LOGGED_MODELS.STATUS;
                default -> stringAttribute(key);
            };
            created |= field == LOGGED_MODELS.CREATION_TIMESTAMP_MS;
            id |= field == LOGGED_MODELS.MODEL_ID;
            if (field == LOGGED_MODELS.MODEL_TYPE || field == LOGGED_MODELS.SOURCE_RUN_ID) {
                addRanked(keys, field, o.ascending());
            } else {
                keys.add(SortKey.of(field, o.ascending()));
            }
        }
        if (!created) {
            keys.add(SortKey.of(LOGGED_MODELS.CREATION_TIMESTAMP_MS, false));
        }
        if (!id) {
            keys.add(SortKey.of(LOGGED_MODELS.MODEL_ID, true));
        }
        return keys;
    }

    private static void addRanked(List<SortKey> keys, Field<?> value, boolean ascending) {
        keys.add(SortKey.of(DSL.when(value.isNull(), 1).otherwise(0), true));
        keys.add(new SortKey(value, ascending, true));
    }

    /** The model's most recent point of a metric (NULL when it has none, or when that point is NaN). */
    private static Field<Double> latestMetric(String key, Order o, int n) {
        var m = LOGGED_MODEL_METRICS.as("order_metric_" + n);
        return DSL.field(DSL.select(DSL.when(m.IS_NAN.isFalse(), m.VALUE)).from(m)
                .where(m.MODEL_ID.eq(LOGGED_MODELS.MODEL_ID).and(m.KEY.eq(key))
                        .and(onDataset(m, o.datasetName(), o.datasetDigest())))
                .orderBy(m.TIMESTAMP.desc(), m.STEP.desc(), m.RUN_ID.asc())
                .limit(1));
    }
}
