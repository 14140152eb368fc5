package dev.labbook.registry;

import dev.labbook.artifacts.ArtifactPaths;
import dev.labbook.artifacts.ArtifactRepositories;
import dev.labbook.artifacts.ArtifactStorage;
import dev.labbook.artifacts.StorageErrors;
import dev.labbook.http.ErrorCode;
import dev.labbook.http.MlflowException;
import dev.labbook.runs.RunService;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * GET /model-versions/get-artifact?name=&version=&path=: one file under a version's download
 * location, which the UI reads (MLmodel) and offers for download.
 */
public final class ModelVersionArtifacts {
    private static final Set<String> TEXT_EXTENSIONS = Set.of("txt", "log", "md", "yaml", "yml", "json", "py",
            "csv", "tsv", "cfg", "ini", "toml", "html", "htm", "xml", "svg");
    private static final Map<String, String> IMAGE_TYPES = Map.of("png", "image/png", "jpg", "image/jpeg",
            "jpeg", "image/jpeg", "gif", "image/gif");
    private final ModelVersionService versions;
    private final ArtifactRepositories repositories;
    private final RunService runs;

    public ModelVersionArtifacts(ModelVersionService versions, ArtifactRepositories repositories, RunService runs) {
        this.versions = versions;
        this.repositories = repositories;
        this.runs = runs;
    }

    public void send(Context ctx) {
        String rawPath = ctx.queryParam("path");
        if (rawPath == null) {
            throw MlflowException.invalidParameter("Missing value for required parameter 'path'.");
        }
        String relative = ArtifactPaths.validate(rawPath);
        if (relative.isEmpty()) {
            throw MlflowException.invalidParameter("Invalid path");
        }
        String name = ctx.queryParam("name");
        String version = ctx.queryParam("version");
        if (version == null || version.isEmpty()) {
            throw MlflowException.invalidParameter("Missing value for required parameter 'version'.");
        }
        ArtifactRepositories.Located root = repositories.locate(location(versions.downloadUri(name, version)));
        String path = root.path(relative);
        ArtifactStorage.ArtifactContent content;
        try {
            content = root.storage().read(path, ArtifactStorage.ByteRange.ALL);
        } catch (IOException e) {
            // Missing is 404; a symbolic link on the way (CVE-2023-6977) is refused like a bad path.
            throw StorageErrors.translate(e, relative);
        }
        // Always an attachment, never sniffed: an uploaded HTML file must not run as a page of this server.
        String fileName = relative.substring(relative.lastIndexOf('/') + 1);
        ctx.header("Content-Disposition", "attachment; filename=\"" + fileName.replace("\"", "") + "\"");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Content-Length", Long.toString(content.length()));
        ctx.contentType(contentType(fileName));
        ctx.result(content.stream());
    }

    /** A runs:/<run_id>/<path> source downloads from that run's artifacts, as MLflow's RunsArtifactRepository. */
    private String location(String downloadUri) {
        if (!downloadUri.startsWith("runs:/")) {
            return downloadUri;
        }
        String[] parts = downloadUri.substring("runs:/".length()).replaceFirst("^/+", "").split("/", 2);
        String runRoot = runs.get(parts[0]).info().artifactUri();
        String sub = parts.length > 1 ? ArtifactPaths.validate(parts[1]) : "";
        return sub.isEmpty() ? runRoot : runRoot.replaceAll("/+$", "") + "/" + sub;
    }

    /** Text as text/plain (never rendered as a page), common images as such, anything else as bytes. */
    private static String contentType(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String extension = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        if (fileName.equals("MLmodel") || TEXT_EXTENSIONS.contains(extension)) {
            return "text/plain";
        }
        return IMAGE_TYPES.getOrDefault(extension, "application/octet-stream");
    }
}
