package dev.labbook.db;

import dev.labbook.model.Page;
import java.util.List;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.OrderField;

/** One keyset page of entities that carry their own sort values: continue after the token, fetch one extra row. */
public final class KeysetPages {
    private KeysetPages() {}

    /** Fetches up to limit rows matching where, in the order of keys. */
    @FunctionalInterface
    public interface Fetch<T> {
        List<T> rows(DSLContext ctx, Condition where, List<OrderField<?>> order, int limit);
    }

    public static <T> Page<T> page(Database db, Condition where, List<SortKey> keys, String pageToken, int limit,
                                   Fetch<T> fetch, Function<T, List<Object>> sortValues) {
        Condition scoped = pageToken == null || pageToken.isEmpty()
                ? where : where.and(Keyset.after(keys, Keyset.parseToken(pageToken, keys)));
        List<OrderField<?>> order = keys.stream().<OrderField<?>>map(SortKey::orderField).toList();
        return db.tx(ctx -> {
            List<T> rows = fetch.rows(ctx, scoped, order, limit + 1);
            String next = rows.size() > limit ? Keyset.token(sortValues.apply(rows.get(limit - 1))) : null;
            return new Page<>(rows.subList(0, Math.min(limit, rows.size())), next);
        });
    }
}
