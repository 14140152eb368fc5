package dev.labbook.traces;

import dev.labbook.artifacts.ArtifactDownloads;
import dev.labbook.artifacts.ArtifactPaths;
import dev.labbook.artifacts.ArtifactRepositories;
import dev.labbook.http.ErrorCode;
import dev.labbook.http.MlflowException;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * GET /ajax-api/{2.0,3.0}/mlflow/get-trace-artifact, what the UI's trace view reads: the trace data
 * ({"spans": [...]}, MLflow's traces.json) from the database when its spans are there, else the
 * traces.json the client uploaded to the trace's artifact location; with {@code path}, one of the
 * trace's attachments.
 */
public final class TraceArtifactHandler {
    static final String TRACE_DATA_FILE = "traces.json";
    private final TraceService traces;
    private final ArtifactRepositories repositories;

    public TraceArtifactHandler(TraceService traces, ArtifactRepositories repositories) {
        this.traces = traces;
        this.repositories = repositories;
    }

    public void get(Context ctx) {
        String traceId = ctx.queryParam("request_id");
        if (traceId == null || traceId.isEmpty()) {
            throw new MlflowException(ErrorCode.BAD_REQUEST, "Request must include the \"request_id\" query parameter.");
        }
        String path = ctx.queryParam("path");
        TraceInfo info = traces.info(traceId);
        if (path != null && !path.isEmpty()) {
            String relative = ArtifactPaths.validate(path);
            if (relative.isEmpty()) {
                throw MlflowException.invalidParameter("Invalid path");
            }
            send(ctx, info, "attachments/" + relative);
            return;
        }
        if (info.spansInDatabase()) {
            List<String> spans = traces.trace(traceId, true).spanContents();
            StringBuilder body = new StringBuilder("{\"spans\": [");
            for (int i = 0; i < spans.size(); i++) {
                body.append(i == 0 ? "" : ", ").append(spans.get(i));
            }
            body.append("]}");
            ctx.header("Content-Disposition", "attachment; filename=" + TRACE_DATA_FILE);
            ctx.contentType("application/octet-stream").result(body.toString().getBytes(StandardCharsets.UTF_8));
            return;
        }
        send(ctx, info, TRACE_DATA_FILE);
    }

    private void send(Context ctx, TraceInfo info, String relative) {
        String location = info.tags().get(TraceIngestService.ARTIFACT_LOCATION_TAG);
        if (location == null) {
            throw MlflowException.notFound("Trace " + info.traceId() + " has no artifact location.");
        }
        ArtifactRepositories.Located root = repositories.locate(location);
        ArtifactDownloads.send(ctx, root.storage(), root.path(relative));
    }
}
