package dev.labbook.search;

import java.util.Objects;

/**
 * A quoted string with its delimiters removed. Escapes are not interpreted ({@code 'it''s'} stays
 * {@code it''s}), exactly as MLflow's sqlparse-based parser hands values to its stores.
 */
public record StringValue(String value) implements Value {
    public StringValue {
        Objects.requireNonNull(value, "value");
    }
}
