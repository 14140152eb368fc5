package dev.labbook.artifacts;

import dev.labbook.artifacts.ArtifactStorage.ArtifactEntry;
import dev.labbook.artifacts.ArtifactStorage.CompletedPart;
import dev.labbook.http.ApiRequest;
import dev.labbook.http.ErrorCode;
import dev.labbook.http.JsonObject;
import dev.labbook.http.MlflowException;
import dev.labbook.runs.RunService;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * HTTP for artifact bytes: MLflow's proxy service (/mlflow-artifacts/...), a run's artifact
 * listing, and the UI's get-artifact download. Bodies stream in and out; none is buffered.
 */
public final class ArtifactHandlers {
    private final ArtifactRepositories repositories;
    private final RunService runs;

    public ArtifactHandlers(ArtifactRepositories repositories, RunService runs) {
        this.repositories = repositories;
        this.runs = runs;
    }

    public void upload(Context ctx) {
        String path = requireFilePath(ctx.pathParam("artifact_path"));
        long size = ctx.req().getContentLengthLong();
        StorageErrors.call(path, () -> {
            repositories.proxied().write(path, ctx.req().getInputStream(), size);
            return null;
        });
        ctx.contentType("application/json").result("{}");
    }

    public void download(Context ctx) {
        String path = requireFilePath(ctx.pathParam("artifact_path"));
        ArtifactDownloads.send(ctx, repositories.proxied(), path);
    }

    public Object list(ApiRequest req) {
        String dir = ArtifactPaths.validate(req.optionalString("path"));
        List<ArtifactEntry> entries = StorageErrors.call(dir, () -> repositories.proxied().list(dir));
        List<JsonObject> files = new ArrayList<>();
        for (ArtifactEntry entry : entries) {
            files.add(ArtifactDownloads.fileInfo(entry.path().substring(entry.path().lastIndexOf('/') + 1), entry));
        }
        return JsonObject.empty().with("files", files);
    }

    public void delete(Context ctx) {
        String path = ArtifactPaths.validate(ctx.pathParam("artifact_path"));
        StorageErrors.call(path, () -> {
            repositories.proxied().delete(path);
            return null;
        });
        ctx.contentType("application/json").result("{}");
    }

    public Object createMultipart(ApiRequest req, String rawPath) {
        String path = multipartPath(req, rawPath);
        long parts = req.longOr("num_parts", 1);
        var upload = StorageErrors.call(path, () -> repositories.proxied().createMultipartUpload(path, (int) parts));
        List<JsonObject> credentials = upload.credentials().stream()
                .map(c -> JsonObject.empty().with("url", c.url()).with("part_number", c.partNumber())
                        .with("headers", c.headers()))
                .toList();
        return JsonObject.empty().with("upload_id", upload.uploadId()).with("credentials", credentials);
    }

    public Object completeMultipart(ApiRequest req, String rawPath) {
        List<CompletedPart> parts = req.objectList("parts").stream()
                .map(p -> new CompletedPart((int) p.requiredLong("part_number"), p.requiredString("etag")))
                .toList();
        if (parts.isEmpty()) {
            throw req.missing("parts");
        }
        String path = multipartPath(req, rawPath);
        String uploadId = req.requiredString("upload_id");
        StorageErrors.call(path, () -> {
            repositories.proxied().completeMultipartUpload(path, uploadId, parts);
            return null;
        });
        return JsonObject.empty();
    }

    public Object abortMultipart(ApiRequest req, String rawPath) {
        String path = multipartPath(req, rawPath);
        String uploadId = req.requiredString("upload_id");
        StorageErrors.call(path, () -> {
            repositories.proxied().abortMultipartUpload(path, uploadId);
            return null;
        });
        return JsonObject.empty();
    }

    /** GET /mlflow/artifacts/list: one level of a run's artifacts, paths relative to the run's root. */
    public Object listRunArtifacts(ApiRequest req) {
        String artifactUri = runs.get(req.runId()).info().artifactUri();
        return ArtifactDownloads.listing(repositories.locate(artifactUri), artifactUri, req.optionalString("path"));
    }

    /** GET /get-artifact?path=...&run_uuid=...: what the UI previews and downloads. */
    public void getRunArtifact(Context ctx) {
        String runId = ctx.queryParam("run_id") != null ? ctx.queryParam("run_id") : ctx.queryParam("run_uuid");
        if (runId == null || runId.isEmpty()) {
            throw MlflowException.invalidParameter("Missing value for required parameter 'run_id'.");
        }
        String relative = requireFilePath(ctx.queryParam("path"));
        ArtifactRepositories.Located root = repositories.locate(runs.get(runId).info().artifactUri());
        ArtifactDownloads.send(ctx, root.storage(), root.path(relative));
    }

    private static String requireFilePath(String raw) {
        String path = ArtifactPaths.validate(raw);
        if (path.isEmpty()) {
            throw MlflowException.invalidParameter("Invalid path");
        }
        return path;
    }

    /** The request is checked first (400), and only then whether the storage can do it (501), as MLflow does. */
    private String multipartPath(ApiRequest req, String rawPath) {
        String directory = requireFilePath(rawPath);
        String fileName = multipartFileName(req.requiredString("path"));
        if (!repositories.proxied().supportsMultipartUpload()) {
            throw new MlflowException(ErrorCode.NOT_IMPLEMENTED,
                    "Multipart upload is not supported for the current artifact repository");
        }
        return ArtifactPaths.join(directory, fileName);
    }

    /**
     * The URL names the artifact directory, the body's "path" the file (MLflow's
     * _get_multipart_upload_file_name): its last segment, "/" and "\" both separators, because
     * clients before 3.18 sent their whole local path there.
     */
    private static String multipartFileName(String raw) {
        String name = raw.substring(Math.max(raw.lastIndexOf('/'), raw.lastIndexOf('\\')) + 1);
        String safe = ArtifactPaths.validate(name);
        if (safe.isEmpty() || safe.contains("/")) {
            throw MlflowException.invalidParameter("Invalid path");
        }
        return safe;
    }
}
