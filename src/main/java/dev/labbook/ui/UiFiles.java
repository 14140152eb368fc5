package dev.labbook.ui;

import dev.labbook.artifacts.ArtifactPaths;
import dev.labbook.http.MlflowException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The stock MLflow web UI's production build (the {@code mlflow/server/js/build} folder of the
 * mlflow wheel): finding it, and reading files from it without ever leaving it.
 */
public final class UiFiles {
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("map", "application/json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"),
            Map.entry("ico", "image/vnd.microsoft.icon"),
            Map.entry("woff", "font/woff"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("ttf", "font/ttf"),
            Map.entry("eot", "application/vnd.ms-fontobject"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("wasm", "application/wasm"));

    private final Path root;

    /** @param root the build folder, or null when no UI is installed */
    public UiFiles(Path root) {
        this.root = root == null ? null : root.toAbsolutePath().normalize();
    }

    public Optional<Path> root() {
        return Optional.ofNullable(root);
    }

    /** Whether a folder looks like a UI build: it holds an index.html. */
    public static boolean isBuild(Path dir) {
        return dir != null && Files.isRegularFile(dir.resolve("index.html"));
    }

    /**
     * The UI build of the mlflow package that {@code python3} (or {@code python}) imports, if any:
     * {@code <mlflow package>/server/js/build}.
     */
    public static Optional<Path> discover() {
        for (String python : List.of("python3", "python")) {
            Optional<Path> found = mlflowPackage(python).map(p -> p.resolve("server").resolve("js").resolve("build"));
            if (found.isPresent() && isBuild(found.get())) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> mlflowPackage(String python) {
        Process process = null;
        try {
            // find_spec locates the package without importing it, which would take seconds.
            process = new ProcessBuilder(python, "-c",
                    "import importlib.util as u; s = u.find_spec('mlflow'); print(s.submodule_search_locations[0])")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            process.getOutputStream().close();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                return Optional.empty();
            }
            String out = new String(process.getInputStream().readAllBytes()).trim();
            if (process.exitValue() != 0 || out.isEmpty()) {
                return Optional.empty();
            }
            String[] lines = out.split("\\R");
            return Optional.of(Path.of(lines[lines.length - 1].trim()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    /**
     * The file a request names, inside the build: the path is validated as artifact paths are (no
     * "..", encoded separators, backslashes, absolute paths), must stay under the root once resolved,
     * and no part of it may be a symbolic link. Invalid paths are refused (400), absent files 404.
     */
    public Path file(String requested) {
        String relative = ArtifactPaths.validate(requested);
        if (root == null) {
            throw MlflowException.notFound("The MLflow web UI is not installed on this server");
        }
        if (relative.isEmpty()) {
            throw MlflowException.notFound("No such file: " + requested);
        }
        Path file = root.resolve(relative).normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            throw MlflowException.invalidParameter("Invalid path");
        }
        Path current = root;
        for (Path part : root.relativize(file)) {
            current = current.resolve(part);
            if (Files.isSymbolicLink(current)) {
                throw MlflowException.notFound("No such file: " + requested);
            }
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw MlflowException.notFound("No such file: " + requested);
        }
        return file;
    }

    /** The index page of the build, or empty when there is none. */
    public Optional<Path> index() {
        if (root == null) {
            return Optional.empty();
        }
        Path index = root.resolve("index.html");
        return Files.isRegularFile(index, LinkOption.NOFOLLOW_LINKS) ? Optional.of(index) : Optional.empty();
    }

    public static String contentType(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }

    /** Webpack's content-hashed names ("main.00d66947.js", "x.d0f8ea2c83c08b63528f.worker.js") never change. */
    public static boolean isHashed(Path file) {
        String name = file.getFileName().toString();
        List<String> parts = new ArrayList<>(List.of(name.split("\\.")));
        if (parts.size() < 3) {
            return false;
        }
        parts.remove(0);
        parts.remove(parts.size() - 1);
        return parts.stream().anyMatch(p -> p.matches("[0-9a-f]{8,32}"));
    }
}
