package dev.labbook.db;

import dev.labbook.http.MlflowException;
import dev.labbook.search.Comparator;
import dev.labbook.search.ListValue;
import dev.labbook.search.NumberValue;
import dev.labbook.search.StringValue;
import dev.labbook.search.Value;
import org.jooq.Condition;
import org.jooq.Field;

/** Translates one parsed comparison on a single column into SQL. String comparisons are case-sensitive. */
public final class FilterSql {
    private FilterSql() {}

    public static Condition onString(Field<String> field, Comparator op, Value value) {
        return switch (op) {
            case EQ -> field.eq(text(value));
            case NE -> field.ne(text(value));
            case LIKE -> field.like(text(value));
            case ILIKE -> field.likeIgnoreCase(text(value));
            // REGEXP on both databases. MariaDB's case sensitivity follows the collation in effect, so the
            // (?-i) flag pins it to case-sensitive, as MLflow's REGEXP BINARY; a pattern's own flags still win.
            case RLIKE -> field.likeRegex("(?-i)" + text(value));
            case IN -> field.in(list(value));
            case NOT_IN -> field.notIn(list(value));
            case IS_NULL -> field.isNull();
            case IS_NOT_NULL -> field.isNotNull();
            default -> throw MlflowException.invalidParameter("Invalid comparator '" + op + "' for a string value");
        };
    }

    public static <T extends Number> Condition onNumber(Field<T> field, Comparator op, Value value) {
        Field<Double> number = field.coerce(Double.class);
        double bound = number(value);
        return switch (op) {
            case EQ -> number.eq(bound);
            case NE -> number.ne(bound);
            case LT -> number.lt(bound);
            case LE -> number.le(bound);
            case GT -> number.gt(bound);
            case GE -> number.ge(bound);
            default -> throw MlflowException.invalidParameter("Invalid comparator '" + op + "' for a numeric value");
        };
    }

    static String text(Value value) {
        if (value instanceof StringValue s) {
            return s.value();
        }
        if (value instanceof NumberValue n) {
            return n.text();
        }
        throw MlflowException.invalidParameter("Expected a quoted string value, got " + value);
    }

    static java.util.List<String> list(Value value) {
        if (value instanceof ListValue l) {
            return l.values();
        }
        return java.util.List.of(text(value));
    }

    static double number(Value value) {
        if (value instanceof NumberValue n) {
            return n.value();
        }
        if (value instanceof StringValue s) {
            try {
                return Double.parseDouble(s.value());
            } catch (NumberFormatException e) {
                throw MlflowException.invalidParameter("Expected a numeric value, got '" + s.value() + "'");
            }
        }
        throw MlflowException.invalidParameter("Expected a numeric value, got " + value);
    }
}
