package dev.labbook.db;

import org.jooq.Field;
import org.jooq.OrderField;

/** One ORDER BY term of a keyset-paged query. Nullable keys sort their NULLs last in both directions. */
public record SortKey(Field<?> field, boolean ascending, boolean nullable) {

    public static SortKey of(Field<?> field, boolean ascending) {
        return new SortKey(field, ascending, false);
    }

    public OrderField<?> orderField() {
        var sort = ascending ? field.asc() : field.desc();
        return nullable ? sort.nullsLast() : sort;
    }
}
