package dev.labbook.experiments;

import static dev.labbook.db.schema.Tables.EXPERIMENTS;
import static dev.labbook.db.schema.Tables.EXPERIMENT_TAGS;

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
import org.jooq.impl.DSL;

/** Experiment search: parsed filters and order_by turned into jOOQ conditions and sort keys. */
final class ExperimentSearch {
    private ExperimentSearch() {}

    static Condition filter(List<Comparison> comparisons) {
        Condition where = DSL.trueCondition();
        for (Comparison c : comparisons) {
            where = where.and(c.identifier().type() == EntityType.TAG ? tag(c) : attribute(c));
        }
        return where;
    }

    private static Condition attribute(Comparison c) {
        return switch (c.identifier().key()) {
            case "name" -> FilterSql.onString(EXPERIMENTS.NAME, c.comparator(), c.value());
            case "creation_time" -> FilterSql.onNumber(EXPERIMENTS.CREATION_TIME, c.comparator(), c.value());
            case "last_update_time" -> FilterSql.onNumber(EXPERIMENTS.LAST_UPDATE_TIME, c.comparator(), c.value());
            case "experiment_id" -> FilterSql.onString(EXPERIMENTS.EXPERIMENT_ID.cast(String.class), c.comparator(), c.value());
            default -> throw MlflowException.invalidParameter(
                    "Invalid attribute key '" + c.identifier().key() + "' specified.");
        };
    }

    /** A missing tag never matches a comparison; only IS NULL matches absence. */
    private static Condition tag(Comparison c) {
        var tagged = DSL.selectOne().from(EXPERIMENT_TAGS)
                .where(EXPERIMENT_TAGS.EXPERIMENT_ID.eq(EXPERIMENTS.EXPERIMENT_ID))
                .and(EXPERIMENT_TAGS.KEY.eq(c.identifier().key()));
        if (c.comparator() == Comparator.IS_NULL) {
            return DSL.notExists(tagged);
        }
        if (c.comparator() == Comparator.IS_NOT_NULL) {
            return DSL.exists(tagged);
        }
        return DSL.exists(tagged.and(FilterSql.onString(EXPERIMENT_TAGS.VALUE, c.comparator(), c.value())));
    }

    /** MLflow's default is creation_time DESC, experiment_id ASC; experiment_id always ends the order. */
    static List<SortKey> sortKeys(List<OrderBy> orderBy) {
        List<SortKey> keys = new ArrayList<>();
        if (orderBy.isEmpty()) {
            keys.add(SortKey.of(EXPERIMENTS.CREATION_TIME, false));
            keys.add(SortKey.of(EXPERIMENTS.EXPERIMENT_ID, true));
            return keys;
        }
        boolean hasId = false;
        for (OrderBy o : orderBy) {
            if (o.identifier().type() != EntityType.ATTRIBUTE) {
                throw MlflowException.invalidParameter("Invalid order_by entity: " + o.identifier().type());
            }
            Field<?> field = switch (o.identifier().key()) {
                case "name" -> EXPERIMENTS.NAME;
                case "experiment_id" -> EXPERIMENTS.EXPERIMENT_ID;
                case "creation_time" -> EXPERIMENTS.CREATION_TIME;
                case "last_update_time" -> EXPERIMENTS.LAST_UPDATE_TIME;
                default -> throw MlflowException.invalidParameter(
                        "Invalid order_by key '" + o.identifier().key() + "'");
            };
            hasId |= field == EXPERIMENTS.EXPERIMENT_ID;
            if (keys.stream().anyMatch(k -> k.field() == field)) {
                throw MlflowException.invalidParameter("`order_by` contains duplicate fields: " + orderBy);
            }
            keys.add(SortKey.of(field, o.ascending()));
        }
        if (!hasId) {
            keys.add(SortKey.of(EXPERIMENTS.EXPERIMENT_ID, false));
        }
        return keys;
    }
}
