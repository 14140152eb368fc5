package dev.labbook.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place exceptions become MLflow's {"error_code", "message"} responses. */
final class ErrorResponses {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);
    /** Marks a response whose error body was already written, so the 404 fallback leaves it alone. */
    static final String RENDERED = "labbook.error-rendered";

    private final ObjectMapper mapper;

    ErrorResponses(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    void mlflow(MlflowException e, Context ctx) {
        render(ctx, e.code(), e.httpStatus(), e.getMessage());
    }

    /** A body over the limit, found while Javalin reads it, in MLflow's shape; other Javalin answers as they were. */
    void javalin(io.javalin.http.HttpResponseException e, Context ctx) {
        if (e.getStatus() == 413) {
            mlflow(MlflowException.tooLarge(-1, ctx.appData(io.javalin.http.servlet.MaxRequestSize.INSTANCE
                    .getMaxRequestSizeKey())), ctx);
        } else {
            // Everything else as Javalin answers it (e.g. the plain 404 of an unknown route).
            ctx.status(e.getStatus()).contentType("text/plain").result(e.getMessage());
        }
    }

    /** A database that cannot be reached is temporary: 503 makes the client retry. */
    void database(DataAccessException e, Context ctx) {
        if (isConnectionFailure(e)) {
            LOG.warn("Database unavailable: {}", rootMessage(e));
            render(ctx, ErrorCode.TEMPORARILY_UNAVAILABLE, "The backend store is temporarily unavailable.");
        } else {
            unexpected(e, ctx);
        }
    }

    void unexpected(Exception e, Context ctx) {
        LOG.error("Unexpected error on {} {}", ctx.method(), ctx.path(), e);
        render(ctx, ErrorCode.INTERNAL_ERROR, "Internal error: " + e.getClass().getSimpleName());
    }

    /** An Error (e.g. a stack overflow in a driver) still gets MLflow's JSON 500, never an empty body. */
    void fatal(jakarta.servlet.http.HttpServletResponse response, Error error) {
        LOG.error("Fatal error while serving a request", error);
        try {
            response.setStatus(500);
            response.setContentType("application/json");
            response.getOutputStream().write(mapper.writeValueAsBytes(JsonObject.empty()
                    .with("error_code", ErrorCode.INTERNAL_ERROR.name())
                    .with("message", "Internal error: " + error.getClass().getSimpleName())));
        } catch (Exception ignored) {
            // The connection is gone or the response was committed; the log has the cause.
        }
    }

    private void render(Context ctx, ErrorCode code, String message) {
        render(ctx, code, code.httpStatus(), message);
    }

    private void render(Context ctx, ErrorCode code, int status, String message) {
        ctx.attribute(RENDERED, Boolean.TRUE);
        JsonObject body = JsonObject.empty().with("error_code", code.name()).with("message", message);
        try {
            ctx.status(status).contentType("application/json").result(mapper.writeValueAsBytes(body));
        } catch (Exception serialization) {
            ctx.status(500).result(code.name());
        }
    }

    /** The driver's own words; jOOQ's message repeats the whole statement, thousands of placeholders long. */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static boolean isConnectionFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }
}
