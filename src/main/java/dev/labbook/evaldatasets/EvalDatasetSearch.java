package dev.labbook.evaldatasets;

import static dev.labbook.db.schema.Tables.EVALUATION_DATASETS;
import static dev.labbook.db.schema.Tables.EVALUATION_DATASET_EXPERIMENTS;
import static dev.labbook.db.schema.Tables.EVALUATION_DATASET_TAGS;

import dev.labbook.db.FilterSql;
import dev.labbook.db.SortKey;
import dev.labbook.search.Comparison;
import dev.labbook.search.EntityType;
import dev.labbook.search.NumberValue;
import dev.labbook.search.OrderBy;
import dev.labbook.search.StringValue;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * Evaluation dataset search as MLflow's SQL store runs it: parsed filters (see
 * SearchKind.EVALUATION_DATASETS) as jOOQ conditions, experiment scoping, and the sort keys.
 */
final class EvalDatasetSearch {
    private EvalDatasetSearch() {}

    /** The default order read from one experiment's links (their copy of each dataset's creation time). */
    static final List<SortKey> LINKS_NEWEST_FIRST = List.of(
            SortKey.of(EVALUATION_DATASET_EXPERIMENTS.DATASET_CREATED_TIME, false),
            SortKey.of(EVALUATION_DATASET_EXPERIMENTS.DATASET_ID, false));

    /** The experiment, when a search asks for one experiment's datasets newest first; else null. */
    static Long newestFirstIn(List<String> experimentIds, List<SortKey> keys) {
        boolean newestFirst = keys.size() == 2 && keys.get(0).field() == EVALUATION_DATASETS.CREATED_TIME
                && !keys.get(0).ascending();
        List<Long> ids = EvalDatasetService.numeric(experimentIds);
        return newestFirst && experimentIds.size() == 1 && ids.size() == 1 ? ids.get(0) : null;
    }

    /** Datasets linked to any of these experiments; ids that are not numbers can name no experiment. */
    static Condition inExperiments(List<String> experimentIds) {
        List<Long> ids = EvalDatasetService.numeric(experimentIds);
        if (ids.isEmpty()) {
            return DSL.falseCondition();
        }
        return DSL.exists(DSL.selectOne().from(EVALUATION_DATASET_EXPERIMENTS)
                .where(EVALUATION_DATASET_EXPERIMENTS.DATASET_ID.eq(EVALUATION_DATASETS.DATASET_ID))
                .and(EVALUATION_DATASET_EXPERIMENTS.EXPERIMENT_ID.in(ids)));
    }

    static Condition filter(List<Comparison> comparisons) {
        Condition where = DSL.noCondition();
        for (Comparison c : comparisons) {
            where = where.and(c.identifier().type() == EntityType.TAG ? tag(c) : attribute(c));
        }
        return where;
    }

    private static Condition attribute(Comparison c) {
        return switch (c.identifier().key()) {
            case "name" -> string(EVALUATION_DATASETS.NAME, c);
            case "created_by" -> string(EVALUATION_DATASETS.CREATED_BY, c);
            case "last_updated_by" -> string(EVALUATION_DATASETS.LAST_UPDATED_BY, c);
            case "created_time" -> time(EVALUATION_DATASETS.CREATED_TIME, c);
            case "last_update_time" -> time(EVALUATION_DATASETS.LAST_UPDATE_TIME, c);
            default -> throw new IllegalStateException("unchecked attribute " + c.identifier().key());
        };
    }

    /** Equality, LIKE and IN as elsewhere; the ordering comparators compare the text, as SQL does. */
    private static Condition string(Field<String> field, Comparison c) {
        String text = c.value() instanceof StringValue s ? s.value() : null;
        return switch (c.comparator()) {
            case LT -> field.lt(text);
            case LE -> field.le(text);
            case GT -> field.gt(text);
            case GE -> field.ge(text);
            default -> FilterSql.onString(field, c.comparator(), c.value());
        };
    }

    /** Times are integers (the parser refuses fractions), compared as such so the time indexes apply. */
    private static Condition time(Field<Long> field, Comparison c) {
        long bound = Long.parseLong(((NumberValue) c.value()).text());
        return switch (c.comparator()) {
            case EQ -> field.eq(bound);
            case NE -> field.ne(bound);
            case LT -> field.lt(bound);
            case LE -> field.le(bound);
            case GT -> field.gt(bound);
            case GE -> field.ge(bound);
            default -> throw new IllegalStateException("unchecked comparator " + c.comparator());
        };
    }

    /** A dataset without the tag never matches, not even with != (MLflow joins the tag). */
    private static Condition tag(Comparison c) {
        return DSL.exists(DSL.selectOne().from(EVALUATION_DATASET_TAGS)
                .where(EVALUATION_DATASET_TAGS.DATASET_ID.eq(EVALUATION_DATASETS.DATASET_ID))
                .and(EVALUATION_DATASET_TAGS.KEY.eq(c.identifier().key()))
                .and(FilterSql.onString(EVALUATION_DATASET_TAGS.VALUE, c.comparator(), c.value())));
    }

    /** MLflow's order: created_time DESC by default, and dataset_id DESC after whatever is asked. */
    static List<SortKey> sortKeys(List<OrderBy> orderBy) {
        List<SortKey> keys = new ArrayList<>();
        if (orderBy.isEmpty()) {
            keys.add(SortKey.of(EVALUATION_DATASETS.CREATED_TIME, false));
        }
        for (OrderBy o : orderBy) {
            Field<?> field = switch (o.identifier().key()) {
                case "name" -> EVALUATION_DATASETS.NAME;
                case "created_time" -> EVALUATION_DATASETS.CREATED_TIME;
                case "last_update_time" -> EVALUATION_DATASETS.LAST_UPDATE_TIME;
                default -> throw new IllegalStateException("unchecked order key " + o.identifier().key());
            };
            // A second term on the same column cannot change the order; keyset tokens need each once.
            if (keys.stream().noneMatch(k -> k.field() == field)) {
                keys.add(SortKey.of(field, o.ascending()));
            }
        }
        keys.add(SortKey.of(EVALUATION_DATASETS.DATASET_ID, false));
        return keys;
    }
}
