package dev.labbook.search;

import java.util.Objects;

/**
 * A resolved left-hand side. For attributes the key is the canonical lower-case column name with aliases
 * already applied ({@code created} becomes {@code start_time}); other keys are kept exactly as written.
 */
public record Identifier(EntityType type, String key) {
    public Identifier {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(key, "key");
    }
}
