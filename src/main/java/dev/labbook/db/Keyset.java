package dev.labbook.db;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labbook.http.MlflowException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * Keyset paging: a page token holds the sort values of the last row sent, and the next page is
 * "rows strictly after that row" in the total order. Unlike offsets, rows created while a caller
 * pages never make it skip or repeat a row. The last sort key must be unique (a primary key).
 */
public final class Keyset {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SORT_KEY_ALIAS = "sort_key_";

    private Keyset() {}

    /** Rows that come after {@code last} in the order given by {@code keys}. */
    public static Condition after(List<SortKey> keys, List<Object> last) {
        Condition result = DSL.falseCondition();
        Condition equalPrefix = DSL.trueCondition();
        for (int i = 0; i < keys.size(); i++) {
            SortKey key = keys.get(i);
            Object value = last.get(i);
            result = result.or(equalPrefix.and(beyond(key, value)));
            equalPrefix = equalPrefix.and(sameAs(key, value));
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Condition beyond(SortKey key, Object value) {
        if (value == null) {
            return DSL.falseCondition();
        }
        Field<Object> field = (Field<Object>) key.field();
        Field<Object> bound = DSL.val(value, (DataType<Object>) field.getDataType());
        Condition strictly = key.ascending() ? field.gt(bound) : field.lt(bound);
        return key.nullable() ? strictly.or(field.isNull()) : strictly;
    }

    @SuppressWarnings("unchecked")
    private static Condition sameAs(SortKey key, Object value) {
        Field<Object> field = (Field<Object>) key.field();
        if (value == null) {
            return field.isNull();
        }
        return field.eq(DSL.val(value, (DataType<Object>) field.getDataType()));
    }

    /** The token that continues after {@code row}, whose sort keys are plain selected columns. */
    public static String tokenAfter(List<SortKey> keys, Record row) {
        List<Object> values = new ArrayList<>(keys.size());
        for (SortKey key : keys) {
            values.add(row.get(key.field()));
        }
        return token(values);
    }

    /** A table's columns plus every sort key, selected under aliases that {@link #nextToken} reads back. */
    public static List<Field<?>> selectWithSortKeys(Field<?>[] columns, List<SortKey> keys) {
        List<Field<?>> select = new ArrayList<>(List.of(columns));
        for (int i = 0; i < keys.size(); i++) {
            select.add(keys.get(i).field().as(SORT_KEY_ALIAS + i));
        }
        return select;
    }

    /** For rows fetched with limit + 1 through {@link #selectWithSortKeys}: the next page's token, or null. */
    public static String nextToken(List<? extends Record> rows, int limit, List<SortKey> keys) {
        if (rows.size() <= limit) {
            return null;
        }
        Record last = rows.get(limit - 1);
        List<Object> values = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            values.add(last.get(SORT_KEY_ALIAS + i));
        }
        return token(values);
    }

    /** The token that continues after a row with these sort values. */
    public static String token(List<Object> values) {
        try {
            byte[] json = MAPPER.writeValueAsBytes(values);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(json);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot encode page token", e);
        }
    }

    /** A token value must have its sort key's type; only nullable keys may hold null. */
    private static boolean fits(SortKey key, Object value) {
        if (value == null) {
            return key.nullable();
        }
        Class<?> type = key.field().getType();
        if (Number.class.isAssignableFrom(type)) {
            return value instanceof Number;
        }
        if (type == Boolean.class) {
            return value instanceof Boolean;
        }
        return type == String.class && value instanceof String;
    }

    /** Decodes a token made by {@link #tokenAfter} for the same sort keys. */
    public static List<Object> parseToken(String token, List<SortKey> keys) {
        try {
            byte[] json = Base64.getUrlDecoder().decode(token.trim());
            List<Object> values = MAPPER.readValue(json, new TypeReference<List<Object>>() {});
            if (values.size() != keys.size()) {
                throw new IllegalArgumentException("token does not match the requested order");
            }
            for (int i = 0; i < keys.size(); i++) {
                if (!fits(keys.get(i), values.get(i))) {
                    throw new IllegalArgumentException("token value does not match the requested order");
                }
            }
            return values;
        } catch (RuntimeException | java.io.IOException e) {
            throw MlflowException.invalidParameter("Invalid page token, could not base64-decode or parse it: " + token);
        }
    }
}
