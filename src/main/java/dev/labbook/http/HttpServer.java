package dev.labbook.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labbook.monitoring.Monitoring;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.router.Endpoint;
import java.util.Optional;
import org.eclipse.jetty.http.UriCompliance;
import org.jooq.exception.DataAccessException;

/** Javalin configured for MLflow's protocol: the route table, error rendering and MLflow's 404s. */
public final class HttpServer {
    private static final long MAX_JSON_REQUEST_BYTES = 64L * 1024 * 1024;

    private final Javalin app;

    public HttpServer(RouteTable routes, ObjectMapper mapper, String staticPrefix, boolean serveArtifacts,
                      boolean artifactsOnly, Optional<Monitoring> monitoring) {
        ErrorResponses errors = new ErrorResponses(mapper);
        String prefix = staticPrefix == null ? "" : staticPrefix;
        this.app = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.http.maxRequestSize = MAX_JSON_REQUEST_BYTES;
            config.startup.showJavalinBanner = false;
            // Prometheus metrics: begin
            monitoring.ifPresent(m -> config.requestLogger.http((ctx, millis) ->
                    m.record(ctx.method().name(), routeTemplate(ctx, prefix), ctx.statusCode(), millis / 1000.0)));
            // Prometheus metrics: end
            for (Route route : routes.routes()) {
                config.routes.addHttpHandler(route.method(), prefix + route.path(),
                        gate(route, serveArtifacts, artifactsOnly));
            }
            // Let encoded dots and separators reach the artifact path check, which answers them
            // with MLflow's 400 JSON error instead of Jetty's HTML page.
            config.jetty.modifyHttpConfiguration(http -> http.setUriCompliance(UriCompliance.LEGACY));
            config.routes.exception(MlflowException.class, errors::mlflow);
            config.routes.exception(DataAccessException.class, errors::database);
            config.routes.exception(Exception.class, errors::unexpected);
            config.router.javaLangErrorHandler(errors::fatal);
            // Unknown routes: a plain 404 without a JSON body. The client reads that as
            // ENDPOINT_NOT_FOUND and falls back to older APIs where it has them.
            config.routes.error(404, ctx -> {
                if (ctx.attribute(ErrorResponses.RENDERED) == null) {
                    ctx.contentType("text/plain").result("Not Found");
                }
            });
        });
    }

    /** The matched route's template without the static prefix; unmatched requests share one label. */
    private static String routeTemplate(Context ctx, String prefix) {
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        if (endpoint == null) {
            return "unmatched";
        }
        return endpoint.path.startsWith(prefix) ? endpoint.path.substring(prefix.length()) : endpoint.path;
    }

    /** MLflow answers a switched-off endpoint with a plain-text 503 that names the mode. */
    private static Handler gate(Route route, boolean serveArtifacts, boolean artifactsOnly) {
        if (route.group() == Route.Group.TRACKING && artifactsOnly) {
            return ctx -> ctx.status(503).contentType("text/plain").result("Endpoint: " + ctx.path()
                    + " disabled due to the mlflow server running in `--artifacts-only` mode.");
        }
        if (route.group() == Route.Group.ARTIFACTS && !serveArtifacts) {
            return ctx -> ctx.status(503).contentType("text/plain").result("Endpoint: " + ctx.path()
                    + " disabled due to the mlflow server running with `--no-serve-artifacts`. To enable"
                    + " artifacts server functionality, run `mlflow server` with `--serve-artifacts`");
        }
        return route.handler();
    }

    public HttpServer start(String host, int port) {
        app.start(host, port);
        return this;
    }

    public int port() {
        return app.port();
    }

    public void stop() {
        app.stop();
    }
}
