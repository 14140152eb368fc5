package dev.labbook.cli;

import dev.labbook.App;
import dev.labbook.config.ServerConfig;
import dev.labbook.db.BackendUri;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code labbook server}: the flags of {@code mlflow server}, with the same environment fallbacks. */
@Command(name = "server", mixinStandardHelpOptions = true, description = "Run the tracking server.")
public final class ServerCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServerCommand.class);

    @Option(names = {"--host"}, defaultValue = "${env:MLFLOW_HOST:-127.0.0.1}",
            description = "Network address to listen on (env MLFLOW_HOST). Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = {"-p", "--port"}, defaultValue = "${env:MLFLOW_PORT:-5000}",
            description = "Port to listen on (env MLFLOW_PORT). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--backend-store-uri", defaultValue = "${env:MLFLOW_BACKEND_STORE_URI:-"
            + ServerConfig.DEFAULT_BACKEND_STORE_URI + "}",
            description = "Where metadata is kept: mysql://user:pass@host:3306/db, mariadb://..., "
                    + "jdbc:mariadb://... or h2:<path> (env MLFLOW_BACKEND_STORE_URI). Default: ${DEFAULT-VALUE}.")
    String backendStoreUri;

    @Option(names = "--default-artifact-root", defaultValue = "${env:MLFLOW_DEFAULT_ARTIFACT_ROOT}",
            description = "Artifact root for new experiments (env MLFLOW_DEFAULT_ARTIFACT_ROOT). "
                    + "Default: mlflow-artifacts:/ when serving artifacts.")
    String defaultArtifactRoot;

    @Option(names = "--artifacts-destination", defaultValue = "${env:MLFLOW_ARTIFACTS_DESTINATION:-"
            + ServerConfig.DEFAULT_ARTIFACTS_DESTINATION + "}",
            description = "Where proxied artifacts are stored (env MLFLOW_ARTIFACTS_DESTINATION). Default: ${DEFAULT-VALUE}.")
    String artifactsDestination;

    @Option(names = "--serve-artifacts", negatable = true, defaultValue = "${env:MLFLOW_SERVE_ARTIFACTS:-true}",
            fallbackValue = "true", description = "Proxy artifact uploads and downloads (env MLFLOW_SERVE_ARTIFACTS).")
    boolean serveArtifacts;

    @Option(names = "--artifacts-only", defaultValue = "${env:MLFLOW_ARTIFACTS_ONLY:-false}",
            description = "Serve only the artifact proxy (env MLFLOW_ARTIFACTS_ONLY).")
    boolean artifactsOnly;

    @Option(names = "--static-prefix", defaultValue = "${env:MLFLOW_STATIC_PREFIX}",
            description = "A path prefix for every route, e.g. /mlflow (env MLFLOW_STATIC_PREFIX).")
    String staticPrefix;

    @Option(names = "--ui-dir", defaultValue = "${env:LABBOOK_UI_DIR}",
            description = "The MLflow web UI build to serve at / (the mlflow wheel's mlflow/server/js/build folder; "
                    + "env LABBOOK_UI_DIR). Default: the build of the mlflow package python3 imports, if any.")
    String uiDir;

    @Option(names = "--skip-db-upgrade", defaultValue = "${env:LABBOOK_SKIP_DB_UPGRADE:-false}",
            description = "Do not apply database migrations at start-up (run 'labbook db upgrade' instead), "
                    + "so that replicas never race on migrations (env LABBOOK_SKIP_DB_UPGRADE).")
    boolean skipDbUpgrade;

    @Option(names = {"-w", "--workers"}, defaultValue = "${env:MLFLOW_WORKERS:-4}",
            description = "Accepted for compatibility with mlflow server; Labbook serves with virtual threads "
                    + "and sizes its database pool from this (env MLFLOW_WORKERS).")
    int workers;

    // Prometheus metrics: begin
    @Option(names = "--expose-prometheus", defaultValue = "${env:MLFLOW_EXPOSE_PROMETHEUS}",
            description = "Serve Prometheus metrics at /metrics (env MLFLOW_EXPOSE_PROMETHEUS). Takes a directory as "
                    + "mlflow server does for its multiprocess files; Labbook keeps metrics in memory and writes nothing there.")
    String exposePrometheus;
    // Prometheus metrics: end

    @Override
    public Integer call() throws Exception {
        ServerConfig config = new ServerConfig(host, port, backendStoreUri, defaultArtifactRoot, artifactsDestination,
                serveArtifacts, artifactsOnly, staticPrefix, !skipDbUpgrade, Math.max(10, workers * 4), webUi())
                .withExposePrometheus(exposePrometheus);
        LOG.info("Starting Labbook on http://{}:{} with backend store {}", host, port,
                BackendUri.redact(backendStoreUri));
        App app = new App(config).start(host, port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }));
        LOG.info("Labbook is listening on http://{}:{}", host, app.port());
        stopped.await();
        return 0;
    }

    /** The --ui-dir folder, or the installed mlflow package's UI build; null (no UI) when neither exists. */
    private java.nio.file.Path webUi() {
        if (uiDir != null && !uiDir.isBlank()) {
            java.nio.file.Path dir = java.nio.file.Path.of(uiDir);
            if (!dev.labbook.ui.UiFiles.isBuild(dir)) {
                throw new IllegalArgumentException("--ui-dir " + uiDir + " has no index.html");
            }
            return dir;
        }
        java.nio.file.Path found = dev.labbook.ui.UiFiles.discover().orElse(null);
        if (found == null) {
            LOG.info("No MLflow web UI found (pip install mlflow, or --ui-dir); serving the API only");
        } else {
            LOG.info("Serving the MLflow web UI from {}", found);
        }
        return found;
    }
}
