package dev.labbook.artifacts;

import dev.labbook.artifacts.ArtifactStorage.ArtifactContent;
import dev.labbook.artifacts.ArtifactStorage.ArtifactEntry;
import dev.labbook.artifacts.ArtifactStorage.ByteRange;
import dev.labbook.http.JsonObject;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/** Sending artifact files and listings over HTTP, shared by every feature that serves artifacts. */
public final class ArtifactDownloads {
    private ArtifactDownloads() {}

    /**
     * Streams one object, honouring a single byte range. Always an attachment with nosniff: an
     * uploaded HTML or SVG file must never run as a page of this server (MLflow's stored-XSS advisory).
     */
    public static void send(Context ctx, ArtifactStorage storage, String path) {
        ByteRange range = HttpRanges.parse(ctx.header("Range"));
        ArtifactContent content = StorageErrors.call(path, () -> storage.read(path, range));
        if (range != ByteRange.ALL && range.first() >= content.totalSize() && content.totalSize() > 0) {
            StorageErrors.call(path, () -> {
                content.stream().close();
                return null;
            });
            ctx.status(416).header("Content-Range", "bytes */" + content.totalSize()).result("");
            return;
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        ctx.header("Content-Disposition", "attachment; filename=\"" + name.replace("\"", "") + "\"");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Accept-Ranges", "bytes");
        ctx.contentType(ContentTypes.forName(name));
        if (range != ByteRange.ALL) {
            ctx.status(206);
            ctx.header("Content-Range", "bytes " + content.start() + "-" + (content.start() + content.length() - 1)
                    + "/" + content.totalSize());
        }
        ctx.header("Content-Length", Long.toString(content.length()));
        // Straight to the servlet stream: Javalin's result stream counts bytes in an int and
        // breaks past 2 GiB.
        StorageErrors.call(path, () -> {
            try (var in = content.stream()) {
                in.transferTo(ctx.res().getOutputStream());
            }
            return null;
        });
    }

    /** One directory level under a location, with paths relative to the location's root. */
    public static JsonObject listing(ArtifactRepositories.Located root, String rootUri, String rawDirectory) {
        String relative = ArtifactPaths.validate(rawDirectory);
        List<ArtifactEntry> entries = StorageErrors.call(relative, () -> root.storage().list(root.path(relative)));
        List<JsonObject> files = new ArrayList<>();
        for (ArtifactEntry entry : entries) {
            String name = entry.path().substring(entry.path().lastIndexOf('/') + 1);
            files.add(fileInfo(ArtifactPaths.join(relative, name), entry));
        }
        return JsonObject.empty().with("root_uri", rootUri).with("files", files);
    }

    static JsonObject fileInfo(String path, ArtifactEntry entry) {
        return JsonObject.empty().with("path", path).with("is_dir", entry.isDirectory()).with("file_size", entry.size());
    }
}
