package dev.labbook.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import org.jooq.exception.DataAccessException;

/** Javalin configured for MLflow's protocol: the route table, error rendering and MLflow's 404s. */
public final class HttpServer {
    private static final long MAX_JSON_REQUEST_BYTES = 64L * 1024 * 1024;

    private final Javalin app;

    public HttpServer(RouteTable routes, ObjectMapper mapper, String staticPrefix) {
        ErrorResponses errors = new ErrorResponses(mapper);
        String prefix = staticPrefix == null ? "" : staticPrefix;
        this.app = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.http.maxRequestSize = MAX_JSON_REQUEST_BYTES;
            config.startup.showJavalinBanner = false;
            for (Route route : routes.routes()) {
                config.routes.addHttpHandler(route.method(), prefix + route.path(), route.handler());
            }
            config.routes.exception(MlflowException.class, errors::mlflow);
            config.routes.exception(DataAccessException.class, errors::database);
            config.routes.exception(Exception.class, errors::unexpected);
            // Unknown routes: a plain 404 without a JSON body. The client reads that as
            // ENDPOINT_NOT_FOUND and falls back to older APIs where it has them.
            config.routes.error(404, ctx -> {
                if (ctx.attribute(ErrorResponses.RENDERED) == null) {
                    ctx.contentType("text/plain").result("Not Found");
                }
            });
        });
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
