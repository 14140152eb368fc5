package dev.labbook.artifacts;

import dev.labbook.http.ErrorCode;
import dev.labbook.http.MlflowException;
import java.io.IOException;

/** Storage failures as the client should see them: missing is 404, unreachable storage is 503. */
public final class StorageErrors {
    private StorageErrors() {}

    public static MlflowException translate(IOException e, String path) {
        if (e instanceof ArtifactStorage.NotFound) {
            return MlflowException.notFound("No artifact found at '" + path + "'");
        }
        if (e instanceof ArtifactStorage.IsDirectory) {
            return MlflowException.invalidParameter("Artifact path refers to a directory, not a file: '" + path + "'");
        }
        if (e instanceof LocalArtifactStorage.SymbolicLinkRefused) {
            return MlflowException.invalidParameter("Invalid path");
        }
        if (e instanceof StorageUnavailableException) {
            return new MlflowException(ErrorCode.TEMPORARILY_UNAVAILABLE,
                    "Artifact storage is unavailable: " + e.getMessage());
        }
        return new MlflowException(ErrorCode.INTERNAL_ERROR, "Artifact storage failed: " + e.getMessage());
    }

    /** I/O work on artifact storage whose failures become MLflow errors. */
    interface StorageWork<T> {
        T run() throws IOException;
    }

    static <T> T call(String path, StorageWork<T> work) {
        try {
            return work.run();
        } catch (IOException e) {
            throw translate(e, path);
        }
    }
}
