package dev.labbook.config;

/**
 * The server's settings, from flags with MLflow's names and env fallbacks. Built and validated
 * once at start-up by the CLI.
 */
public record ServerConfig(
        String host,
        int port,
        String backendStoreUri,
        String defaultArtifactRoot,
        String artifactsDestination,
        boolean serveArtifacts,
        boolean artifactsOnly,
        String staticPrefix,
        boolean upgradeDatabaseOnStart,
        int databasePoolSize,
        java.nio.file.Path uiDir,
        SecuritySettings security,
        dev.labbook.auth.AuthSettings auth,
        String exposePrometheus,
        boolean customScorers) {

    public static final String DEFAULT_BACKEND_STORE_URI = "h2:./labbook-data/labbook";
    public static final String DEFAULT_ARTIFACTS_DESTINATION = "./labbook-data/artifacts";

    /** Without a web UI ({@code uiDir} null): GET / answers a page saying how to get one. */
    public ServerConfig(String host, int port, String backendStoreUri, String defaultArtifactRoot,
                        String artifactsDestination, boolean serveArtifacts, boolean artifactsOnly, String staticPrefix,
                        boolean upgradeDatabaseOnStart, int databasePoolSize) {
        this(host, port, backendStoreUri, defaultArtifactRoot, artifactsDestination, serveArtifacts, artifactsOnly,
                staticPrefix, upgradeDatabaseOnStart, databasePoolSize, null);
    }

    /** Default security settings, auth off, no Prometheus metrics: MLflow's server without its basic-auth app. */
    public ServerConfig(String host, int port, String backendStoreUri, String defaultArtifactRoot,
                        String artifactsDestination, boolean serveArtifacts, boolean artifactsOnly, String staticPrefix,
                        boolean upgradeDatabaseOnStart, int databasePoolSize, java.nio.file.Path uiDir) {
        this(host, port, backendStoreUri, defaultArtifactRoot, artifactsDestination, serveArtifacts, artifactsOnly,
                staticPrefix, upgradeDatabaseOnStart, databasePoolSize, uiDir, SecuritySettings.defaults(),
                dev.labbook.auth.AuthSettings.disabled(), null, false);
    }

    /** The same settings with the security middleware as given. */
    public ServerConfig withSecurity(SecuritySettings settings) {
        return new ServerConfig(host, port, backendStoreUri, defaultArtifactRoot, artifactsDestination, serveArtifacts,
                artifactsOnly, staticPrefix, upgradeDatabaseOnStart, databasePoolSize, uiDir, settings, auth,
                exposePrometheus, customScorers);
    }

    /** The same settings with authentication and authorization as given. */
    public ServerConfig withAuth(dev.labbook.auth.AuthSettings settings) {
        return new ServerConfig(host, port, backendStoreUri, defaultArtifactRoot, artifactsDestination, serveArtifacts,
                artifactsOnly, staticPrefix, upgradeDatabaseOnStart, databasePoolSize, uiDir, security, settings,
                exposePrometheus, customScorers);
    }

    // Prometheus metrics: begin
    /**
     * The same settings with {@code GET /metrics} on. The value is {@code mlflow server}'s
     * {@code --expose-prometheus} directory, which Labbook accepts but does not need (metrics live in memory).
     */
    public ServerConfig withExposePrometheus(String directory) {
        return new ServerConfig(host, port, backendStoreUri, defaultArtifactRoot, artifactsDestination, serveArtifacts,
                artifactsOnly, staticPrefix, upgradeDatabaseOnStart, databasePoolSize, uiDir, security, auth, directory,
                customScorers);
    }

    /**
     * The same settings with custom (@scorer) scorer registration allowed or refused, as
     * MLFLOW_SERVER_ENABLE_CUSTOM_SCORERS decides on mlflow server. Labbook never runs a scorer's
     * code, but refuses what MLflow refuses so that a stored scorer is safe for MLflow's job runners.
     */
    public ServerConfig withCustomScorers(boolean enabled) {
        return new ServerConfig(host, port, backendStoreUri, defaultArtifactRoot, artifactsDestination, serveArtifacts,
                artifactsOnly, staticPrefix, upgradeDatabaseOnStart, databasePoolSize, uiDir, security, auth,
                exposePrometheus, enabled);
    }

    public boolean prometheusEnabled() {
        return exposePrometheus != null && !exposePrometheus.isBlank();
    }
    // Prometheus metrics: end

    public ServerConfig {
        if (security == null) {
            security = SecuritySettings.defaults();
        }
        if (auth == null) {
            auth = dev.labbook.auth.AuthSettings.disabled();
        }
        if (artifactsDestination == null || artifactsDestination.isEmpty()) {
            artifactsDestination = DEFAULT_ARTIFACTS_DESTINATION;
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be between 0 and 65535, got " + port);
        }
        if (staticPrefix != null && !staticPrefix.isEmpty()
                && (!staticPrefix.startsWith("/") || staticPrefix.endsWith("/"))) {
            throw new IllegalArgumentException(
                    "--static-prefix must begin with a '/' and must not end with a '/', got '" + staticPrefix + "'");
        }
        if (artifactsOnly && !serveArtifacts) {
            throw new IllegalArgumentException("--artifacts-only cannot be combined with --no-serve-artifacts");
        }
        if (databasePoolSize < 1) {
            throw new IllegalArgumentException("the database pool size must be at least 1");
        }
    }

    /** The local folders among the configured artifact roots: the only ones the server reads from. */
    public java.util.List<java.nio.file.Path> localArtifactRoots() {
        java.util.List<java.nio.file.Path> roots = new java.util.ArrayList<>();
        for (String root : java.util.List.of(effectiveArtifactRoot(), artifactsDestination)) {
            if (root.startsWith("file:")) {
                roots.add(java.nio.file.Path.of(java.net.URI.create(root)));
            } else if (!root.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) {
                roots.add(java.nio.file.Path.of(root));
            }
        }
        return roots;
    }

    /** MLflow's rule: serving artifacts without an explicit root hands out mlflow-artifacts:/ URIs. */
    public String effectiveArtifactRoot() {
        if (defaultArtifactRoot != null && !defaultArtifactRoot.isEmpty()) {
            return defaultArtifactRoot;
        }
        return serveArtifacts ? "mlflow-artifacts:/" : "./labbook-data/mlruns";
    }
}
