package dev.labbook.http;

import io.javalin.http.Context;
import java.util.function.BooleanSupplier;

/** Probes and capability answers: /health, /health/ready, /version, server-info, and the OTLP opt-out. */
public final class SystemHandlers {
    /** The MLflow release whose protocol Labbook speaks; the client parses this as a PEP 440 version. */
    public static final String MLFLOW_COMPATIBLE_VERSION = "3.17.2";

    private final boolean multipartUploads;
    private final BooleanSupplier databaseReachable;

    /**
     * @param multipartUploads whether the proxied artifact storage takes presigned multipart uploads
     * @param databaseReachable answers, within a short bound, whether the metadata database answers
     */
    public SystemHandlers(boolean multipartUploads, BooleanSupplier databaseReachable) {
        this.multipartUploads = multipartUploads;
        this.databaseReachable = databaseReachable;
    }

    /** Liveness: the process serves requests. Independent of the database so an outage restarts nothing. */
    public void health(Context ctx) {
        ctx.contentType("text/plain").result("OK");
    }

    /** Readiness: the process can do useful work, which needs the database. */
    public void ready(Context ctx) {
        if (databaseReachable.getAsBoolean()) {
            ctx.contentType("text/plain").result("OK");
        } else {
            throw new MlflowException(ErrorCode.TEMPORARILY_UNAVAILABLE, "The metadata database is unreachable.");
        }
    }

    public void version(Context ctx) {
        ctx.contentType("text/plain").result(MLFLOW_COMPATIBLE_VERSION);
    }

    public Object serverInfo(ApiRequest req) {
        return JsonObject.empty()
                .with("store_type", "SqlStore")
                .with("workspaces_enabled", false)
                .with("trace_archival_enabled", false)
                .with("multipart_uploads_enabled", multipartUploads)
                .with("multipart_downloads_enabled", false)
                .with("presigned_upload_run_id_supported", false)
                .with("presigned_upload_model_id_supported", false)
                .with("features_enabled", JsonObject.empty().with("gateway", false));
    }

}
