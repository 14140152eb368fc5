package dev.labbook.search;

import java.util.Objects;

/** One parsed order_by entry. */
public record OrderBy(Identifier identifier, boolean ascending) {
    public OrderBy {
        Objects.requireNonNull(identifier, "identifier");
    }
}
