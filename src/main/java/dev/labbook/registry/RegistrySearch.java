package dev.labbook.registry;

import static dev.labbook.db.schema.Tables.MODEL_VERSIONS;
import static dev.labbook.db.schema.Tables.MODEL_VERSION_TAGS;
import static dev.labbook.db.schema.Tables.REGISTERED_MODELS;
import static dev.labbook.db.schema.Tables.REGISTERED_MODEL_TAGS;

import dev.labbook.db.FilterSql;
import dev.labbook.db.SortKey;
import dev.labbook.http.MlflowException;
import dev.labbook.search.Comparison;
import dev.labbook.search.EntityType;
import dev.labbook.search.OrderBy;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * Registered-model and model-version search: parsed filters and order_by turned into jOOQ
 * conditions and sort keys, with MLflow's hiding of prompts.
 */
final class RegistrySearch {
    private RegistrySearch() {}

    static Condition models(List<Comparison> filter) {
        boolean prompts = Prompts.filterAsksForPrompts(filter);
        Condition where = prompts ? DSL.trueCondition() : DSL.notExists(promptTag(REGISTERED_MODELS.NAME));
        for (Comparison c : filter) {
            if (c.identifier().type() == EntityType.TAG) {
                // Without a request for prompts, MLflow drops every term on the prompt tag: a model
                // without the tag must match "!= 'true'" and "= 'false'" alike.
                if (prompts || !Prompts.isPromptTagComparison(c)) {
                    where = where.and(DSL.exists(DSL.selectOne().from(REGISTERED_MODEL_TAGS)
                            .where(REGISTERED_MODEL_TAGS.NAME.eq(REGISTERED_MODELS.NAME))
                            .and(REGISTERED_MODEL_TAGS.KEY.eq(c.identifier().key()))
                            .and(FilterSql.onString(REGISTERED_MODEL_TAGS.VALUE, c.comparator(), c.value()))));
                }
            } else {
                where = where.and(FilterSql.onString(REGISTERED_MODELS.NAME, c.comparator(), c.value()));
            }
        }
        return where;
    }

    /** Versions are hidden as prompts when their model is a prompt or any version of it is tagged one. */
    static Condition versions(List<Comparison> filter) {
        boolean prompts = Prompts.filterAsksForPrompts(filter);
        Condition where = ModelVersionStore.LIVE;
        if (!prompts) {
            where = where.andNotExists(promptTag(MODEL_VERSIONS.NAME)).andNotExists(DSL.selectOne()
                    .from(MODEL_VERSION_TAGS).where(MODEL_VERSION_TAGS.NAME.eq(MODEL_VERSIONS.NAME))
                    .and(MODEL_VERSION_TAGS.KEY.eq(Prompts.IS_PROMPT_TAG)).and(MODEL_VERSION_TAGS.VALUE.eq("true")));
        }
        for (Comparison c : filter) {
            if (c.identifier().type() == EntityType.TAG) {
                if (prompts || !Prompts.isPromptTagComparison(c)) {
                    where = where.and(DSL.exists(DSL.selectOne().from(MODEL_VERSION_TAGS)
                            .where(MODEL_VERSION_TAGS.NAME.eq(MODEL_VERSIONS.NAME))
                            .and(MODEL_VERSION_TAGS.VERSION.eq(MODEL_VERSIONS.VERSION))
                            .and(MODEL_VERSION_TAGS.KEY.eq(c.identifier().key()))
                            .and(FilterSql.onString(MODEL_VERSION_TAGS.VALUE, c.comparator(), c.value()))));
                }
                continue;
            }
            where = where.and(switch (c.identifier().key()) {
                case "name" -> FilterSql.onString(MODEL_VERSIONS.NAME, c.comparator(), c.value());
                case "run_id" -> FilterSql.onString(MODEL_VERSIONS.RUN_ID, c.comparator(), c.value());
                case "source_path" -> FilterSql.onString(MODEL_VERSIONS.SOURCE, c.comparator(), c.value());
                case "version_number" -> FilterSql.onNumber(MODEL_VERSIONS.VERSION, c.comparator(), c.value());
                default -> throw MlflowException.invalidParameter("Invalid attribute name: " + c.identifier().key());
            });
        }
        return where;
    }

    private static org.jooq.Select<?> promptTag(Field<String> modelName) {
        return DSL.selectOne().from(REGISTERED_MODEL_TAGS)
                .where(REGISTERED_MODEL_TAGS.NAME.eq(modelName))
                .and(REGISTERED_MODEL_TAGS.KEY.eq(Prompts.IS_PROMPT_TAG))
                .and(REGISTERED_MODEL_TAGS.VALUE.eq("true"));
    }

    /** MLflow orders by name ASC when nothing else decides; name is unique, so it ends every order. */
    static List<SortKey> modelOrder(List<OrderBy> orderBy, List<String> raw) {
        List<SortKey> keys = new ArrayList<>();
        for (OrderBy o : orderBy) {
            Field<?> field = switch (o.identifier().key()) {
                case "name" -> REGISTERED_MODELS.NAME;
                case "last_updated_timestamp" -> REGISTERED_MODELS.LAST_UPDATED_TIME;
                default -> throw MlflowException.invalidParameter("Invalid order by key '" + o.identifier().key()
                        + "' specified. Valid keys are 'name', 'timestamp' and 'last_updated_timestamp'");
            };
            add(keys, SortKey.of(field, o.ascending()), raw);
        }
        if (keys.stream().noneMatch(k -> k.field() == REGISTERED_MODELS.NAME)) {
            keys.add(SortKey.of(REGISTERED_MODELS.NAME, true));
        }
        return keys;
    }

    /**
     * MLflow's default is last_updated_timestamp DESC, name ASC, version_number DESC; name ASC and
     * version_number DESC are appended when absent, so (name, version) ends every order.
     */
    static List<SortKey> versionOrder(List<OrderBy> orderBy, List<String> raw) {
        List<SortKey> keys = new ArrayList<>();
        if (orderBy.isEmpty()) {
            keys.add(SortKey.of(MODEL_VERSIONS.LAST_UPDATED_TIME, false));
        }
        for (OrderBy o : orderBy) {
            Field<?> field = switch (o.identifier().key()) {
                case "name" -> MODEL_VERSIONS.NAME;
                case "version_number" -> MODEL_VERSIONS.VERSION;
                case "creation_timestamp" -> MODEL_VERSIONS.CREATION_TIME;
                case "last_updated_timestamp" -> MODEL_VERSIONS.LAST_UPDATED_TIME;
                default -> throw MlflowException.invalidParameter("Invalid order by key '" + o.identifier().key()
                        + "' specified. Valid keys are ['name', 'version_number', 'creation_timestamp', "
                        + "'last_updated_timestamp']");
            };
            add(keys, SortKey.of(field, o.ascending()), raw);
        }
        if (keys.stream().noneMatch(k -> k.field() == MODEL_VERSIONS.NAME)) {
            keys.add(SortKey.of(MODEL_VERSIONS.NAME, true));
        }
        if (keys.stream().noneMatch(k -> k.field() == MODEL_VERSIONS.VERSION)) {
            keys.add(SortKey.of(MODEL_VERSIONS.VERSION, false));
        }
        return keys;
    }

    private static void add(List<SortKey> keys, SortKey key, List<String> raw) {
        if (keys.stream().anyMatch(k -> k.field() == key.field())) {
            throw MlflowException.invalidParameter("`order_by` contains duplicate fields: " + raw);
        }
        keys.add(key);
    }
}
