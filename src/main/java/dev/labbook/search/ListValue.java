package dev.labbook.search;

import java.util.List;

/** The non-empty parenthesised list of strings after IN / NOT IN. */
public record ListValue(List<String> values) implements Value {
    public ListValue {
        values = List.copyOf(values);
    }
}
