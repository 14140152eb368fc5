package dev.labbook.artifacts;

import dev.labbook.http.MlflowException;
import java.nio.file.Path;

/**
 * Where experiments and runs keep artifacts, derived as MLflow derives them: an experiment's
 * location is the default artifact root plus its id; a run's is the experiment's plus
 * {@code <run_id>/artifacts}. With artifact serving on and no explicit root, the root is
 * {@code mlflow-artifacts:/}, which makes clients upload through this server.
 */
public final class ArtifactLocations {
    /**
     * MLflow allows 2048 (MLFLOW_ARTIFACT_LOCATION_MAX_LENGTH, CVE-2024-6838); Labbook stores
     * locations and the run and logged-model URIs derived from them (+ about 60 characters) in
     * 2000-character columns, so it allows a little less.
     */
    static final int MAX_LOCATION_LENGTH = 1900;
    private final String defaultRoot;

    public ArtifactLocations(String defaultRoot) {
        this.defaultRoot = resolveLocal(defaultRoot);
    }

    public String defaultRoot() {
        return defaultRoot;
    }

    public String forExperiment(long experimentId) {
        return append(defaultRoot, Long.toString(experimentId));
    }

    public static String forRun(String experimentLocation, String runId) {
        return append(append(experimentLocation, runId), "artifacts");
    }

    /**
     * An experiment's explicit artifact_location. Only the kinds of storage this server works with
     * are accepted (no http/ftp/... URIs a server-side read could be pointed at), never with ".."
     * segments; and while the server hands out proxied or S3 locations, no local path at all, so
     * that an experiment cannot make the server read its own files.
     */
    public String validateExperimentLocation(String location) {
        if (location.length() > MAX_LOCATION_LENGTH) {
            throw MlflowException.invalidParameter("Invalid artifact path length. The length of the artifact path "
                    + "cannot be greater than " + MAX_LOCATION_LENGTH + " characters.");
        }
        HostAddressedUris.reject(location, "artifact_location");
        if (location.startsWith("runs:")) {
            throw MlflowException.invalidParameter("Artifact location cannot be a runs:/ URI. Given: '" + location + "'");
        }
        if (location.contains("#") || location.contains("?") || location.contains(";")) {
            throw MlflowException.invalidParameter(
                    "'artifact_location' URL can't include fragments or params. Given: '" + location + "'");
        }
        if (location.startsWith(ArtifactRepositories.PROXY_SCHEME + ":") || location.startsWith("s3://")) {
            String path = location.substring(location.indexOf(':') + 1);
            ArtifactPaths.validate(path.replaceFirst("^/+", ""));
            return location;
        }
        if (hasScheme(location) && !location.startsWith("file:")) {
            throw MlflowException.invalidParameter("Artifact location '" + location + "' uses a scheme this server"
                    + " does not store artifacts with. Use mlflow-artifacts:/, s3:// or a local path.");
        }
        String raw = location.startsWith("file:") ? location.replaceFirst("^file:(//)?", "") : location;
        if (raw.contains("\\") || java.util.Arrays.asList(raw.split("/")).contains("..")) {
            throw MlflowException.invalidParameter("Invalid artifact location '" + location + "'");
        }
        if (!isLocal(defaultRoot)) {
            throw MlflowException.invalidParameter("Local artifact locations are not accepted while the server"
                    + " serves artifacts from '" + defaultRoot + "'. Given: '" + location + "'");
        }
        return resolveLocal(location);
    }

    private static boolean isLocal(String location) {
        return !hasScheme(location) || location.startsWith("file:");
    }

    private static boolean hasScheme(String location) {
        return location.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*");
    }

    static String append(String base, String segment) {
        return base.endsWith("/") ? base + segment : base + "/" + segment;
    }

    /** A plain local path becomes absolute, so every run's URI means the same place wherever it is read. */
    private static String resolveLocal(String location) {
        if (hasScheme(location)) {
            return location;
        }
        return Path.of(location).toAbsolutePath().normalize().toString();
    }
}
