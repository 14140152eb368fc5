package dev.labbook.api;

import dev.labbook.App;
import dev.labbook.config.ServerConfig;
import dev.labbook.http.Route;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/** A Labbook server on 127.0.0.1 and a free port, with its own temporary artifact root. */
public final class LabbookServer implements AutoCloseable {
    public static final String MARIADB_ENV = "LABBOOK_TEST_MARIADB_URL";

    private final App app;
    private final Path artifactRoot;
    private final ApiClient api;

    private LabbookServer(App app, Path artifactRoot) {
        this.app = app;
        this.artifactRoot = artifactRoot;
        this.api = new ApiClient("http://127.0.0.1:" + app.port());
    }

    public static LabbookServer start(String backendStoreUri) {
        try {
            Path artifactRoot = Files.createTempDirectory("labbook-artifacts-");
            ServerConfig config = new ServerConfig("127.0.0.1", 0, backendStoreUri, artifactRoot.toString(),
                    artifactRoot.resolve("proxied").toString(), true, false, null, true, 16);
            App app = new App(config).start("127.0.0.1", 0);
            return new LabbookServer(app, artifactRoot);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh in-memory H2 database that lives as long as the JVM. */
    public static String h2MemoryUri() {
        return "h2:mem:labbook_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
    }

    public ApiClient api() {
        return api;
    }

    public int port() {
        return app.port();
    }

    /** Every route the server registered (method and full path). */
    public List<Route> routes() {
        return app.routes().routes();
    }

    public Path artifactRoot() {
        return artifactRoot;
    }

    @Override
    public void close() {
        app.close();
        try (Stream<Path> files = Files.walk(artifactRoot)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }
}
