package dev.labbook.cli;

import dev.labbook.App;
import dev.labbook.config.SecuritySettings;
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

    // Auth: begin
    @Option(names = "--auth", defaultValue = "${env:LABBOOK_AUTH:-false}",
            description = "Require authentication and check permissions like `mlflow server --app-name basic-auth` "
                    + "(env LABBOOK_AUTH).")
    boolean auth;

    @Option(names = "--auth-default-permission", defaultValue = "${env:LABBOOK_AUTH_DEFAULT_PERMISSION:-READ}",
            description = "Permission of users without a row for a resource: READ, USE, EDIT, MANAGE or "
                    + "NO_PERMISSIONS (env LABBOOK_AUTH_DEFAULT_PERMISSION). Default: ${DEFAULT-VALUE}.")
    String authDefaultPermission;

    @Option(names = "--auth-admin-username",
            defaultValue = "${env:LABBOOK_ADMIN_USERNAME:-${env:MLFLOW_AUTH_ADMIN_USERNAME:-admin}}",
            description = "The first admin, created when the user store is empty (env LABBOOK_ADMIN_USERNAME or "
                    + "MLFLOW_AUTH_ADMIN_USERNAME). Default: ${DEFAULT-VALUE}.")
    String authAdminUsername;

    @Option(names = "--auth-insecure-generated-admin", defaultValue = "${env:LABBOOK_AUTH_INSECURE_GENERATED_ADMIN:-false}",
            description = "Development only: with no admin password configured, create the first admin with a random "
                    + "password and log it (env LABBOOK_AUTH_INSECURE_GENERATED_ADMIN).")
    boolean authInsecureGeneratedAdmin;

    @Option(names = "--auth-cache-seconds", defaultValue = "${env:LABBOOK_AUTH_CACHE_SECONDS:-60}",
            description = "How long a verified password is remembered, so that each request does not pay the slow "
                    + "hash; password, admin and user changes take effect at once (env LABBOOK_AUTH_CACHE_SECONDS; "
                    + "0 turns it off). Default: ${DEFAULT-VALUE}.")
    long authCacheSeconds;

    /** The admin password comes only from the environment (a Secret), never from a flag visible in ps. */
    private dev.labbook.auth.AuthSettings authSettings() {
        String password = System.getenv("LABBOOK_ADMIN_PASSWORD");
        if (password == null || password.isEmpty()) {
            password = System.getenv("MLFLOW_AUTH_ADMIN_PASSWORD");
        }
        dev.labbook.auth.Permission defaultPermission;
        try {
            defaultPermission = dev.labbook.auth.Permission.valueOf(authDefaultPermission);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--auth-default-permission must be one of READ, USE, EDIT, MANAGE, "
                    + "NO_PERMISSIONS, got '" + authDefaultPermission + "'");
        }
        return new dev.labbook.auth.AuthSettings(auth, defaultPermission, authAdminUsername, password,
                authInsecureGeneratedAdmin, java.time.Duration.ofSeconds(authCacheSeconds));
    }
    // Auth: end

    // Hardening: begin
    @Option(names = "--allowed-hosts", defaultValue = "${env:MLFLOW_SERVER_ALLOWED_HOSTS}",
            description = "Comma-separated Host headers to accept, wildcards allowed (e.g. 'mlflow.example.com,"
                    + "192.168.*'); '*' accepts any. Default: localhost on any port and private IP ranges "
                    + "(env MLFLOW_SERVER_ALLOWED_HOSTS).")
    String allowedHosts;

    @Option(names = "--cors-allowed-origins", defaultValue = "${env:MLFLOW_SERVER_CORS_ALLOWED_ORIGINS}",
            description = "Comma-separated origins allowed to call the API from a browser, wildcards allowed; "
                    + "'*' allows any (without credentials). Default: http://localhost, 127.0.0.1 and [::1] "
                    + "on any port (env MLFLOW_SERVER_CORS_ALLOWED_ORIGINS).")
    String corsAllowedOrigins;

    @Option(names = "--x-frame-options", defaultValue = "${env:MLFLOW_SERVER_X_FRAME_OPTIONS:-SAMEORIGIN}",
            description = "X-Frame-Options header: SAMEORIGIN, DENY or NONE (no header) "
                    + "(env MLFLOW_SERVER_X_FRAME_OPTIONS). Default: ${DEFAULT-VALUE}.")
    String xFrameOptions;

    @Option(names = "--disable-security-middleware",
            defaultValue = "${env:MLFLOW_SERVER_DISABLE_SECURITY_MIDDLEWARE:-false}",
            description = "DANGEROUS: no Host, CORS or clickjacking protection "
                    + "(env MLFLOW_SERVER_DISABLE_SECURITY_MIDDLEWARE).")
    boolean disableSecurityMiddleware;

    @Option(names = "--max-json-body-bytes", defaultValue = "${env:LABBOOK_MAX_JSON_BODY_BYTES:-"
            + SecuritySettings.DEFAULT_MAX_JSON_BODY_BYTES + "}",
            description = "Largest request body a JSON endpoint reads; larger ones get 413. Artifact uploads "
                    + "are not limited (env LABBOOK_MAX_JSON_BODY_BYTES). Default: ${DEFAULT-VALUE}.")
    long maxJsonBodyBytes;

    private SecuritySettings security() {
        return new SecuritySettings(SecuritySettings.commaList(allowedHosts),
                SecuritySettings.commaList(corsAllowedOrigins), xFrameOptions, disableSecurityMiddleware,
                maxJsonBodyBytes);
    }
    // Hardening: end

    @Option(names = "--shutdown-timeout", defaultValue = "${env:LABBOOK_SHUTDOWN_TIMEOUT:-25}",
            description = "Seconds that requests in flight may take to finish after SIGTERM; the process exits "
                    + "within a few seconds more, inside Kubernetes' default 30 s grace period "
                    + "(env LABBOOK_SHUTDOWN_TIMEOUT). Default: ${DEFAULT-VALUE}.")
    int shutdownTimeoutSeconds;

    // Prometheus metrics: begin
    @Option(names = "--expose-prometheus", defaultValue = "${env:MLFLOW_EXPOSE_PROMETHEUS}",
            description = "Serve Prometheus metrics at /metrics (env MLFLOW_EXPOSE_PROMETHEUS). Takes a directory as "
                    + "mlflow server does for its multiprocess files; Labbook keeps metrics in memory and writes nothing there.")
    String exposePrometheus;
    // Prometheus metrics: end

    @Option(names = "--enable-custom-scorers", defaultValue = "${env:MLFLOW_SERVER_ENABLE_CUSTOM_SCORERS:-false}",
            description = "Accept custom (@scorer) scorers in scorers/register, as mlflow server does with "
                    + "MLFLOW_SERVER_ENABLE_CUSTOM_SCORERS=true (env MLFLOW_SERVER_ENABLE_CUSTOM_SCORERS). Labbook only "
                    + "stores scorers and never runs their code. Default: ${DEFAULT-VALUE}.")
    String enableCustomScorers;

    /** MLflow's boolean environment variables: true/false or 1/0, any case; anything else is refused. */
    private boolean customScorers() {
        String value = enableCustomScorers == null ? "false" : enableCustomScorers.trim().toLowerCase(java.util.Locale.ROOT);
        return switch (value) {
            case "true", "1" -> true;
            case "false", "0", "" -> false;
            default -> throw new IllegalArgumentException("MLFLOW_SERVER_ENABLE_CUSTOM_SCORERS must be true, false, 1 "
                    + "or 0, got '" + enableCustomScorers + "'");
        };
    }

    @Override
    public Integer call() throws Exception {
        ServerConfig config = new ServerConfig(host, port, backendStoreUri, defaultArtifactRoot, artifactsDestination,
                serveArtifacts, artifactsOnly, staticPrefix, !skipDbUpgrade, Math.max(10, workers * 4), webUi())
                .withSecurity(security())
                .withAuth(authSettings())
                .withExposePrometheus(exposePrometheus)
                .withCustomScorers(customScorers());
        LOG.info("Starting Labbook on http://{}:{} with backend store {}", host, port,
                BackendUri.redact(backendStoreUri));
        if (shutdownTimeoutSeconds < 1) {
            throw new IllegalArgumentException("--shutdown-timeout must be at least 1 second");
        }
        App app = new App(config).start(host, port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(
                new GracefulShutdown(app, java.time.Duration.ofSeconds(shutdownTimeoutSeconds), stopped)));
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
