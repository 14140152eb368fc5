package dev.labbook.search;

import java.util.Objects;

/** One AND-ed term of a filter. {@code value} is null exactly for IS NULL / IS NOT NULL. */
public record Comparison(Identifier identifier, Comparator comparator, Value value) {
    public Comparison {
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(comparator, "comparator");
        boolean nullCheck = comparator == Comparator.IS_NULL || comparator == Comparator.IS_NOT_NULL;
        if (nullCheck != (value == null)) {
            throw new IllegalArgumentException(comparator + " with value " + value);
        }
    }
}
