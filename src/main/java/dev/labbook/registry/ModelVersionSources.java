package dev.labbook.registry;

import dev.labbook.artifacts.HostAddressedUris;
import dev.labbook.http.ErrorCode;
import dev.labbook.http.MlflowException;
import dev.labbook.runs.RunService;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * MLflow's checks on where a new version's files come from (handlers.py _validate_source_run and
 * _validate_source_model): a local path only inside the artifact directory of the named run or
 * logged model, a runs:/ or models:/ URI only naming that run or model, an mlflow-artifacts URI only
 * under its artifact root, and never a relative-path trick such as "..", even percent-encoded.
 */
public final class ModelVersionSources {
    private final RunService runs;
    private final LoggedModels loggedModels;

    public ModelVersionSources(RunService runs, LoggedModels loggedModels) {
        this.runs = runs;
        this.loggedModels = loggedModels;
    }

    /** Checks a source that belongs to a run ({@code modelId} empty) or to a logged model. */
    void check(String source, String runId, String modelId) {
        HostAddressedUris.reject(source, "source");
        if (isLocal(source)) {
            // MLflow decodes a local source before resolving it, so "%2e%2e" climbs like "..".
            decodedWithoutDotDot(source);
            String root = isEmpty(modelId) ? runArtifactUri(runId, source) : modelArtifactUri(modelId, source);
            if (root == null || !isLocal(root) || !localPath(source).startsWith(localPath(root))) {
                throw invalid("Invalid model version source: '" + source + "'. To use a local path as a model "
                        + "version source, the " + (isEmpty(modelId) ? "run_id" : "model_id") + " request parameter "
                        + "has to be specified and the local path has to be contained within its artifact directory.");
            }
            return;
        }
        rejectRelativePaths(source);
        if (isEmpty(modelId)) {
            checkRunSource(source, runId);
        } else {
            checkModelSource(source, modelId);
        }
    }

    /** The logged model behind a models:/<id> source; its absence makes the source invalid. */
    LoggedModels.LoggedModelRef loggedModel(String modelId, String source) {
        return loggedModels.find(modelId).orElseThrow(() -> wrongOwner(source, "model_id"));
    }

    private void checkRunSource(String source, String runId) {
        if (source.startsWith("runs:")) {
            String rest = source.substring("runs:".length());
            String sourceRun = rest.startsWith("//") ? null : rest.replaceFirst("^/+", "").split("/", 2)[0];
            if (isEmpty(runId) || !runId.equals(sourceRun)) {
                throw wrongOwner(source, "run_id");
            }
        } else if (ModelUri.isModelsUri(source)) {
            if (ModelUri.hasAuthority(source) || ModelUri.parse(source).map(ModelUri::isLoggedModel).orElse(true)) {
                throw wrongOwner(source, "model_id");
            }
        } else if (isArtifactProxyUri(source)) {
            if (isEmpty(runId) || !isWithin(source, runArtifactUri(runId, source))) {
                throw wrongOwner(source, "run_id");
            }
        }
    }

    private void checkModelSource(String source, String modelId) {
        if (ModelUri.isModelsUri(source)) {
            Optional<ModelUri> uri = ModelUri.parse(source);
            if (ModelUri.hasAuthority(source) || uri.isEmpty()
                    || (uri.get().isLoggedModel() && !uri.get().modelId().equals(modelId))) {
                throw wrongOwner(source, "model_id");
            }
        } else if (source.startsWith("runs:")) {
            throw wrongOwner(source, "model_id");
        } else if (isArtifactProxyUri(source) && !isWithin(source, modelArtifactUri(modelId, source))) {
            throw wrongOwner(source, "model_id");
        }
    }

    private String runArtifactUri(String runId, String source) {
        if (isEmpty(runId)) {
            return null;
        }
        try {
            return runs.get(runId).info().artifactUri();
        } catch (MlflowException e) {
            if (e.code() == ErrorCode.RESOURCE_DOES_NOT_EXIST) {
                throw wrongOwner(source, "run_id");
            }
            throw e;
        }
    }

    private String modelArtifactUri(String modelId, String source) {
        return loggedModel(modelId, source).artifactLocation();
    }

    /** As MLflow's is_local_uri: no scheme, or file: on this host. */
    static boolean isLocal(String uri) {
        if (uri.matches("^[A-Za-z]:[\\\\/].*")) {
            return true;
        }
        int colon = uri.indexOf(':');
        String scheme = colon > 0 && uri.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")
                ? uri.substring(0, colon) : "";
        return scheme.isEmpty() || scheme.equalsIgnoreCase("file");
    }

    private static Path localPath(String uri) {
        String path = uri;
        if (uri.regionMatches(true, 0, "file:", 0, 5)) {
            path = pathOf(uri);
            try {
                path = decode(path);
            } catch (IllegalArgumentException e) {
                throw relative(uri);
            }
        }
        try {
            return Path.of(path).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw relative(uri);
        }
    }

    /** Refuses "..", NUL and any segment that normalising would change, however often percent-encoded. */
    private static void rejectRelativePaths(String source) {
        String decoded = decodedWithoutDotDot(source);
        String path = pathOf(decoded).replaceAll("/+", "/").replaceAll("/$", "");
        // As MLflow, whose check compares the path with its resolved form: an empty or relative
        // path (s3://bucket, dict://host/, jar:file:...) is refused like a ".." one.
        if (!path.startsWith("/") || Arrays.asList(path.split("/")).contains(".")) {
            throw relative(source);
        }
    }

    /** The source percent-decoded until stable; refused if that holds a ".." segment or a NUL. */
    private static String decodedWithoutDotDot(String source) {
        String decoded = source;
        try {
            for (String next = decode(decoded); !next.equals(decoded); next = decode(decoded)) {
                decoded = next;
            }
        } catch (IllegalArgumentException e) {
            throw relative(source);
        }
        List<String> segments = Arrays.asList(decoded.split("[/\\\\]", -1));
        if (decoded.indexOf('\0') >= 0 || segments.contains("..")) {
            throw relative(source);
        }
        return decoded;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /** The path part of scheme://authority/path or scheme:/path. */
    private static String pathOf(String uri) {
        String rest = uri.replaceFirst("^[A-Za-z][A-Za-z0-9+.-]*:", "");
        if (rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            rest = slash < 0 ? "" : rest.substring(slash);
        }
        return rest.replaceFirst("[?#].*$", "");
    }

    private static boolean isArtifactProxyUri(String source) {
        String lower = source.toLowerCase(Locale.ROOT);
        return lower.startsWith("mlflow-artifacts:")
                || ((lower.startsWith("http:") || lower.startsWith("https:"))
                && pathOf(source).contains("/api/2.0/mlflow-artifacts/artifacts"));
    }

    /** Same scheme and authority, and the root's path segments as a prefix of the source's. */
    private static boolean isWithin(String source, String root) {
        if (root == null) {
            return false;
        }
        String sourceHead = source.substring(0, source.length() - pathOf(source).length());
        String rootHead = root.substring(0, root.length() - pathOf(root).length());
        List<String> sourceParts = segments(pathOf(source));
        List<String> rootParts = segments(pathOf(root));
        return sourceHead.equalsIgnoreCase(rootHead) && !rootParts.isEmpty()
                && sourceParts.size() >= rootParts.size() && sourceParts.subList(0, rootParts.size()).equals(rootParts);
    }

    private static List<String> segments(String path) {
        return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).map(ModelVersionSources::decode).toList();
    }

    private static boolean isEmpty(String text) {
        return text == null || text.isEmpty();
    }

    private static MlflowException wrongOwner(String source, String idName) {
        return invalid("Invalid model version source: '" + source + "'. The " + idName + " request parameter must "
                + "identify the resource that contains the source.");
    }

    private static MlflowException relative(String source) {
        return invalid("Invalid model version source: '" + source + "'. If supplying a source as an http, https, "
                + "local file path, ftp, objectstore, or mlflow-artifacts uri, an absolute path must be provided "
                + "without relative path references present. Please provide an absolute path.");
    }

    private static MlflowException invalid(String message) {
        return MlflowException.invalidParameter(message);
    }
}
