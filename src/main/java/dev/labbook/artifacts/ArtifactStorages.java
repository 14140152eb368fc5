package dev.labbook.artifacts;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/** Chooses the storage for an artifact URI by its scheme, as MLflow's artifact repository registry does. */
public final class ArtifactStorages {
    private ArtifactStorages() {}

    /**
     * s3://bucket/prefix (settings from the environment), file:///absolute/path, or a plain local
     * path. Each S3 storage owns a client, so callers should keep the result rather than call per request.
     */
    public static ArtifactStorage forUri(String uri) throws IOException {
        if (uri.startsWith("s3://")) {
            return s3(uri);
        }
        if (uri.startsWith("file:")) {
            return new LocalArtifactStorage(fileUriPath(uri));
        }
        if (uri.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) {
            throw new IllegalArgumentException("Unsupported artifact URI '" + uri
                    + "': expected s3://bucket/prefix, file:///absolute/path or a local path");
        }
        return new LocalArtifactStorage(Path.of(uri));
    }

    private static ArtifactStorage s3(String uri) {
        // Like MLflow, the key prefix is taken verbatim: no percent-decoding.
        String rest = uri.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1).replaceAll("^/+|/+$", "");
        if (bucket.isEmpty() || rest.contains("?") || rest.contains("#")) {
            throw new IllegalArgumentException("Invalid S3 artifact URI '" + uri + "': expected s3://bucket/prefix");
        }
        return new S3ArtifactStorage(S3Settings.fromEnvironment(System.getenv()), bucket, prefix);
    }

    private static Path fileUriPath(String uri) {
        try {
            return Path.of(URI.create(uri));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid file artifact URI '" + uri + "': expected file:///absolute/path", e);
        }
    }
}
