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

    /** An experiment's explicit artifact_location: no runs:/ URIs, no query or fragment. */
    public String validateExperimentLocation(String location) {
        if (location.startsWith("runs:")) {
            throw MlflowException.invalidParameter("Artifact location cannot be a runs:/ URI. Given: '" + location + "'");
        }
        if (location.contains("#") || location.contains("?")) {
            throw MlflowException.invalidParameter(
                    "'artifact_location' URL can't include fragments or params. Given: '" + location + "'");
        }
        return resolveLocal(location);
    }

    static String append(String base, String segment) {
        return base.endsWith("/") ? base + segment : base + "/" + segment;
    }

    /** A plain local path becomes absolute, so every run's URI means the same place wherever it is read. */
    private static String resolveLocal(String location) {
        if (location.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) {
            return location;
        }
        return Path.of(location).toAbsolutePath().normalize().toString();
    }
}
