package dev.labbook.artifacts;

import dev.labbook.http.MlflowException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns an artifact URI (a run's or experiment's location) into the storage that holds it and
 * the key prefix inside that storage. {@code mlflow-artifacts:/x} lands in the proxied
 * destination; {@code s3://bucket/key} and local paths are opened directly. Storage clients are
 * reused per root; they hold no data.
 */
public final class ArtifactRepositories {
    public static final String PROXY_SCHEME = "mlflow-artifacts";

    private final ArtifactStorage proxied;
    private final List<Path> trustedLocalRoots;
    private final Map<String, ArtifactStorage> byRoot = new ConcurrentHashMap<>();

    /** trustedLocalRoots: the only local folders the server reads artifacts from (its configured roots). */
    public ArtifactRepositories(ArtifactStorage proxied, List<Path> trustedLocalRoots) {
        this.proxied = proxied;
        this.trustedLocalRoots = trustedLocalRoots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }

    /** Where a location's bytes live. */
    public record Located(ArtifactStorage storage, String prefix) {
        public String path(String relative) {
            return ArtifactPaths.join(prefix, relative);
        }
    }

    public ArtifactStorage proxied() {
        return proxied;
    }

    public Located locate(String location) {
        if (location.startsWith(PROXY_SCHEME + ":")) {
            return new Located(proxied, proxiedPath(location));
        }
        if (location.startsWith("s3://")) {
            // Split by hand: bucket names may hold '_' and keys spaces, which java.net.URI rejects.
            String rest = location.substring("s3://".length());
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            String key = slash < 0 ? "" : ArtifactPaths.validate(rest.substring(slash + 1));
            return new Located(storageFor("s3://" + bucket), key);
        }
        if (location.startsWith("file:") || !location.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) {
            return locateLocal(location);
        }
        throw MlflowException.invalidParameter("Artifact location '" + location + "' uses a scheme Labbook cannot read.");
    }

    /**
     * A local location is served only from inside a configured root, and through that root's
     * storage with the rest as a prefix: the storage then refuses a symbolic link anywhere on the
     * way, including a run folder that is itself a link.
     */
    private Located locateLocal(String location) {
        Path path = (location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location))
                .toAbsolutePath().normalize();
        for (Path root : trustedLocalRoots) {
            if (path.startsWith(root)) {
                String prefix = root.relativize(path).toString().replace('\\', '/');
                return new Located(storageFor(root.toString()), prefix);
            }
        }
        // Locations are stored data: the server must not be steered into reading its own files.
        throw MlflowException.invalidParameter("The artifact location '" + location
                + "' is outside the folders this server serves artifacts from.");
    }

    /** mlflow-artifacts:/1/abc/artifacts and mlflow-artifacts://host:port/1/abc/artifacts both mean 1/abc/artifacts. */
    private static String proxiedPath(String location) {
        String rest = location.substring(PROXY_SCHEME.length() + 1);
        if (rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            rest = slash < 0 ? "" : rest.substring(slash);
        }
        return ArtifactPaths.validate(rest.replaceAll("^/+", ""));
    }

    private ArtifactStorage storageFor(String root) {
        return byRoot.computeIfAbsent(root, r -> {
            try {
                return ArtifactStorages.forUri(r);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
