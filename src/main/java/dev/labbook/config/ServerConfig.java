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
        int databasePoolSize) {

    public static final String DEFAULT_BACKEND_STORE_URI = "h2:./labbook-data/labbook";
    public static final String DEFAULT_ARTIFACTS_DESTINATION = "./labbook-data/artifacts";

    public ServerConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be between 0 and 65535, got " + port);
        }
        if (staticPrefix != null && !staticPrefix.isEmpty()
                && (!staticPrefix.startsWith("/") || staticPrefix.endsWith("/"))) {
            throw new IllegalArgumentException(
                    "--static-prefix must begin with a '/' and must not end with a '/', got '" + staticPrefix + "'");
        }
        if (databasePoolSize < 1) {
            throw new IllegalArgumentException("the database pool size must be at least 1");
        }
    }

    /** MLflow's rule: serving artifacts without an explicit root hands out mlflow-artifacts:/ URIs. */
    public String effectiveArtifactRoot() {
        if (defaultArtifactRoot != null && !defaultArtifactRoot.isEmpty()) {
            return defaultArtifactRoot;
        }
        return serveArtifacts ? "mlflow-artifacts:/" : "./labbook-data/mlruns";
    }
}
