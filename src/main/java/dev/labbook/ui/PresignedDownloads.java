package dev.labbook.ui;

import dev.labbook.artifacts.ArtifactPaths;
import dev.labbook.http.ApiRequest;
import dev.labbook.http.ErrorCode;
import dev.labbook.http.MlflowException;
import dev.labbook.runs.RunService;

/**
 * POST /ajax-api/2.0/mlflow/artifacts/presigned-download-url, which the UI tries before every
 * artifact preview. Labbook hands out no presigned URLs, so after MLflow's checks (arguments,
 * expiry range, the run exists) it answers MLflow's NOT_IMPLEMENTED, as MLflow does for artifact
 * stores without presigning; the UI then reads the file through get-artifact.
 */
public final class PresignedDownloads {
    static final long MAX_EXPIRATION_SECONDS = 604800;

    private final RunService runs;

    public PresignedDownloads(RunService runs) {
        this.runs = runs;
    }

    public Object create(ApiRequest req) {
        String runId = req.requiredString("run_id");
        ArtifactPaths.validate(req.requiredString("path"));
        Long expiration = req.optionalLong("expiration");
        if (expiration != null && (expiration < 1 || expiration > MAX_EXPIRATION_SECONDS)) {
            throw MlflowException.invalidParameter(
                    "expiration must be between 1 and 604800 seconds (got " + expiration + ").");
        }
        runs.get(runId);
        throw new MlflowException(ErrorCode.NOT_IMPLEMENTED,
                "Presigned download is not supported for the current artifact repository");
    }
}
