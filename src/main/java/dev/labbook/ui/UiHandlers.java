package dev.labbook.ui;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labbook.genai.GenAiHandlers;
import dev.labbook.http.ApiRequest;
import dev.labbook.http.JsonObject;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The stock MLflow web UI: its index page, its static files and the telemetry opt-out. */
public final class UiHandlers {
    static final String LONG_CACHE = "public, max-age=2419200";
    static final String NO_UI_PAGE = """
            <!doctype html>
            <html><head><meta charset="utf-8"><title>Labbook</title></head>
            <body>
            <h1>Labbook tracking server</h1>
            <p>The tracking API is up, but no web UI is installed.</p>
            <p>To get the MLflow web UI, install MLflow next to Labbook (<code>pip install mlflow</code>) and restart,
            or point Labbook at a UI build with <code>--ui-dir &lt;site-packages&gt;/mlflow/server/js/build</code>
            (env <code>LABBOOK_UI_DIR</code>).</p>
            </body></html>
            """;

    private final UiFiles files;
    private final GraphQlHandler graphql;
    private final AssistantHandlers assistant = new AssistantHandlers();
    private final GenAiHandlers genAi;
    private final PresignedDownloads presigned;

    public UiHandlers(UiFiles files, GraphQlHandler graphql, GenAiHandlers genAi, PresignedDownloads presigned) {
        this.files = files;
        this.graphql = graphql;
        this.genAi = genAi;
        this.presigned = presigned;
    }

    public PresignedDownloads presigned() {
        return presigned;
    }

    public AssistantHandlers assistant() {
        return assistant;
    }

    public GenAiHandlers genAi() {
        return genAi;
    }

    public void index(Context ctx) throws IOException {
        if (!ctx.path().endsWith("/")) {
            // "<static-prefix>" without its slash: the UI's relative API paths would miss the prefix.
            // MLflow (Flask's strict slashes) answers 308 to "<static-prefix>/"; so does Labbook.
            String query = ctx.queryString();
            ctx.status(308).header("Location", ctx.path() + "/" + (query == null ? "" : "?" + query));
            return;
        }
        ctx.header("Cache-Control", "no-cache");
        Optional<Path> index = files.index();
        if (index.isEmpty()) {
            ctx.contentType("text/html; charset=utf-8").result(NO_UI_PAGE);
            return;
        }
        ctx.contentType("text/html; charset=utf-8").result(Files.readAllBytes(index.get()));
    }

    public void staticFile(Context ctx) throws IOException {
        Path file = files.file(ctx.pathParam("path"));
        ctx.header("Cache-Control", UiFiles.isHashed(file) ? LONG_CACHE : "no-cache");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.contentType(UiFiles.contentType(file));
        InputStream in = Files.newInputStream(file);
        ctx.result(in);
    }

    public Object telemetryConfig(ApiRequest req) {
        // An ObjectNode, so that the empty list is written (JsonObject leaves empty lists out, as proto JSON does).
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.put("disable_ui_telemetry", true);
        answer.putArray("disable_ui_events");
        answer.put("ui_rollout_percentage", 0);
        return answer;
    }

    public Object telemetryRecords(ApiRequest req) {
        return JsonObject.empty().with("status", "disabled");
    }

    public void graphql(Context ctx) throws IOException {
        graphql.handle(ctx);
    }
}
