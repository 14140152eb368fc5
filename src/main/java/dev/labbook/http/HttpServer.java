package dev.labbook.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labbook.config.SecuritySettings;
import dev.labbook.monitoring.Monitoring;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import java.time.Duration;
import io.javalin.router.Endpoint;
import java.util.Optional;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.jooq.exception.DataAccessException;

/** Javalin configured for MLflow's protocol: the route table, error rendering and MLflow's 404s. */
public final class HttpServer {
    private final Javalin app;
    private volatile Server jetty;

    public HttpServer(RouteTable routes, ObjectMapper mapper, String staticPrefix, boolean serveArtifacts,
                      boolean artifactsOnly) {
        this(routes, mapper, staticPrefix, serveArtifacts, artifactsOnly, SecuritySettings.defaults(),
                (route, handler) -> handler, Optional.empty());
    }

    /**
     * {@code guard} puts each route's handler behind authentication and authorization (--auth);
     * {@code monitoring}, when present, counts every request for {@code GET /metrics}.
     */
    public HttpServer(RouteTable routes, ObjectMapper mapper, String staticPrefix, boolean serveArtifacts,
                      boolean artifactsOnly, SecuritySettings security,
                      java.util.function.BiFunction<Route, Handler, Handler> guard, Optional<Monitoring> monitoring) {
        ErrorResponses errors = new ErrorResponses(mapper);
        String prefix = staticPrefix == null ? "" : staticPrefix;
        this.app = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.startup.showJavalinBanner = false;
            // Hardening: begin
            new SecurityMiddleware(security, prefix, routes.routes()).install(config);
            config.routes.exception(HttpResponseException.class, errors::javalin);
            // Hardening: end
            // Prometheus metrics: begin
            monitoring.ifPresent(m -> config.requestLogger.http((ctx, millis) ->
                    m.record(ctx.method().name(), routeTemplate(ctx, prefix), ctx.statusCode(), millis / 1000.0)));
            // Prometheus metrics: end
            for (Route route : routes.routes()) {
                config.routes.addHttpHandler(route.method(), prefix + route.path(),
                        guard.apply(route, gate(route, serveArtifacts, artifactsOnly)));
            }
            // Let encoded dots and separators reach the artifact path check, which answers them
            // with MLflow's 400 JSON error instead of Jetty's HTML page.
            config.jetty.modifyHttpConfiguration(http -> http.setUriCompliance(UriCompliance.LEGACY));
            // Graceful shutdown: begin
            // Javalin nests its servlet handler inside this wrapper, so stopping waits for requests in flight.
            config.jetty.modifyServer(server -> {
                server.setHandler(new GracefulHandler());
                this.jetty = server;
            });
            // Graceful shutdown: end
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

    /**
     * Closes the listening socket at once (new connections are refused), lets requests in flight
     * finish for up to {@code drain}, then closes what is left.
     */
    public void stopGracefully(Duration drain) {
        if (jetty != null) {
            jetty.setStopTimeout(Math.max(1, drain.toMillis()));
        }
        app.stop();
    }
}
