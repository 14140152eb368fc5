package dev.labbook.model;

import dev.labbook.http.MlflowException;
import java.util.List;

/** Which lifecycle stages a search returns. Accepts the enum by name or number, as protobuf does. */
public enum ViewType {
    ACTIVE_ONLY(List.of(Lifecycle.ACTIVE)),
    DELETED_ONLY(List.of(Lifecycle.DELETED)),
    ALL(List.of(Lifecycle.ACTIVE, Lifecycle.DELETED));

    private final List<String> stages;

    ViewType(List<String> stages) {
        this.stages = stages;
    }

    public List<String> stages() {
        return stages;
    }

    public static ViewType parse(String text) {
        if (text == null || text.isEmpty()) {
            return ACTIVE_ONLY;
        }
        switch (text.trim().toUpperCase()) {
            case "1", "ACTIVE_ONLY": return ACTIVE_ONLY;
            case "2", "DELETED_ONLY": return DELETED_ONLY;
            case "3", "ALL": return ALL;
            default: throw MlflowException.invalidParameter("Invalid view type '" + text
                    + "'. Valid values are ACTIVE_ONLY, DELETED_ONLY and ALL.");
        }
    }
}
