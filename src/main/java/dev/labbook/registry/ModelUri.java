package dev.labbook.registry;

import java.util.Locale;
import java.util.Optional;

/**
 * A parsed {@code models:/} URI, as MLflow's {@code _parse_model_uri}: exactly one of a logged
 * model id ({@code models:/<id>}), a version, a stage, an alias, or none of them for the latest
 * version ({@code models:/<name>/latest}).
 */
record ModelUri(String modelId, String name, Integer version, String stage, String alias) {
    static final String SCHEME = "models:";

    static boolean isModelsUri(String uri) {
        return uri.startsWith(SCHEME);
    }

    /** Empty when the text is not a well-formed models:/ URI. */
    static Optional<ModelUri> parse(String uri) {
        if (!isModelsUri(uri)) {
            return Optional.empty();
        }
        String path = uri.substring(SCHEME.length());
        if (path.startsWith("//") || !path.startsWith("/") || path.length() <= 1) {
            return Optional.empty();
        }
        String[] parts = path.substring(1).split("/", -1);
        if (parts.length > 2 || parts[0].isBlank()) {
            return Optional.empty();
        }
        if (parts.length == 2) {
            String suffix = parts[1];
            if (suffix.isBlank()) {
                return Optional.empty();
            }
            if (suffix.chars().allMatch(Character::isDigit)) {
                try {
                    return Optional.of(new ModelUri(null, parts[0], Integer.parseInt(suffix), null, null));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
            if (suffix.toLowerCase(Locale.ROOT).equals("latest")) {
                return Optional.of(new ModelUri(null, parts[0], null, null, null));
            }
            return Optional.of(new ModelUri(null, parts[0], null, suffix, null));
        }
        int at = parts[0].lastIndexOf('@');
        if (at >= 0) {
            String alias = parts[0].substring(at + 1);
            return alias.isBlank() ? Optional.empty()
                    : Optional.of(new ModelUri(null, parts[0].substring(0, at), null, null, alias));
        }
        return Optional.of(new ModelUri(parts[0], null, null, null, null));
    }

    boolean isLoggedModel() {
        return modelId != null;
    }

    /** models://host/... names another registry, which Labbook cannot read. */
    static boolean hasAuthority(String uri) {
        return uri.startsWith(SCHEME + "//");
    }
}
