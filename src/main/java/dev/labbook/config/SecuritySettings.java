package dev.labbook.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * MLflow 3.5+'s security middleware settings ({@code --allowed-hosts}, {@code --cors-allowed-origins},
 * {@code --x-frame-options}, {@code --disable-security-middleware}) and Labbook's JSON body limit.
 * Empty host or origin lists mean MLflow's defaults: localhost and private addresses; localhost origins.
 */
public record SecuritySettings(
        List<String> allowedHosts,
        List<String> corsAllowedOrigins,
        String xFrameOptions,
        boolean disabled,
        long maxJsonBodyBytes) {

    /**
     * Room for the largest legal single request: a run input dataset may carry a 16 MiB profile, a
     * 1 MiB schema and a 64 KiB source, all JSON strings whose escaping can double their size.
     * Streamed artifact uploads are not JSON and are never limited.
     */
    public static final long DEFAULT_MAX_JSON_BODY_BYTES = 64L * 1024 * 1024;
    private static final List<String> FRAME_OPTIONS = List.of("SAMEORIGIN", "DENY", "NONE");

    public SecuritySettings {
        allowedHosts = List.copyOf(allowedHosts);
        corsAllowedOrigins = List.copyOf(corsAllowedOrigins);
        xFrameOptions = xFrameOptions == null || xFrameOptions.isBlank()
                ? "SAMEORIGIN" : xFrameOptions.trim().toUpperCase(Locale.ROOT);
        if (!FRAME_OPTIONS.contains(xFrameOptions)) {
            throw new IllegalArgumentException(
                    "--x-frame-options must be one of SAMEORIGIN, DENY or NONE, got '" + xFrameOptions + "'");
        }
        if (maxJsonBodyBytes < 1024) {
            throw new IllegalArgumentException("the JSON request body limit must be at least 1024 bytes");
        }
    }

    public static SecuritySettings defaults() {
        return new SecuritySettings(List.of(), List.of(), "SAMEORIGIN", false, DEFAULT_MAX_JSON_BODY_BYTES);
    }

    /** MLflow's parsing of its comma-separated env values: split on commas, strip each item. */
    public static List<String> commaList(String value) {
        if (value == null || value.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(value.split(",", -1)).map(String::strip).toList();
    }
}
