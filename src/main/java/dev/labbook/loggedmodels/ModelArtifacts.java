package dev.labbook.loggedmodels;

import dev.labbook.artifacts.ArtifactDownloads;
import dev.labbook.artifacts.ArtifactRepositories;
import dev.labbook.http.JsonObject;
import io.javalin.http.Context;

/** A logged model's artifacts, read where its artifact_uri points: one directory level, or one file streamed. */
final class ModelArtifacts {
    private final ArtifactRepositories repositories;

    ModelArtifacts(ArtifactRepositories repositories) {
        this.repositories = repositories;
    }

    /** Paths in the answer are relative to the model's artifact root, as MLflow lists them. */
    JsonObject list(String artifactUri, String rawDirectory) {
        return ArtifactDownloads.listing(repositories.locate(artifactUri), artifactUri, rawDirectory);
    }

    void send(Context ctx, String artifactUri, String relative) {
        ArtifactRepositories.Located root = repositories.locate(artifactUri);
        ArtifactDownloads.send(ctx, root.storage(), root.path(relative));
    }
}
