package dev.labbook.traces;

import dev.labbook.http.MlflowException;
import dev.labbook.traces.otlp.OtlpFormatException;
import dev.labbook.traces.otlp.OtlpSpan;
import dev.labbook.traces.otlp.OtlpTraces;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * POST /v1/traces, the OTLP/HTTP trace intake: protobuf or JSON ExportTraceServiceRequest, plain or
 * gzip/deflate, into the experiment the x-mlflow-experiment-id header names. Malformed requests get
 * the FastAPI-style {"detail": ...} answers MLflow's endpoint gives; store errors MLflow's error JSON.
 */
public final class OtlpHandler {
    public static final String EXPERIMENT_HEADER = "x-mlflow-experiment-id";
    public static final String RUN_HEADER = "x-mlflow-run-id";
    private final TraceIngestService ingest;
    private final TraceService traces;
    private final long maxBodyBytes;

    public OtlpHandler(TraceIngestService ingest, TraceService traces, long maxBodyBytes) {
        this.ingest = ingest;
        this.traces = traces;
        this.maxBodyBytes = maxBodyBytes;
    }

    public void export(Context ctx) throws IOException {
        String experimentId = ctx.header(EXPERIMENT_HEADER);
        if (experimentId == null) {
            detail(ctx, 422, "Missing required header: " + EXPERIMENT_HEADER);
            return;
        }
        String contentType = ctx.header("Content-Type");
        String media = contentType == null ? null : contentType.split(";")[0].trim().toLowerCase(java.util.Locale.ROOT);
        if (!"application/x-protobuf".equals(media) && !"application/json".equals(media)) {
            detail(ctx, 400, "Invalid Content-Type: " + contentType
                    + ". Expected: application/x-protobuf or application/json");
            return;
        }
        boolean json = "application/json".equals(media);
        List<OtlpSpan> spans;
        try {
            spans = OtlpTraces.parse(body(ctx), json);
        } catch (OtlpFormatException | IOException e) {
            detail(ctx, 400, "Invalid OpenTelemetry format");
            return;
        }
        if (spans.isEmpty()) {
            detail(ctx, 400, "Invalid OpenTelemetry format - no spans found");
            return;
        }
        try {
            ingest.logSpans(experimentId, spans);
        } catch (SpanTranslationException e) {
            detail(ctx, 422, "Failed to log OpenTelemetry spans");
            return;
        }
        linkCompletedTraces(ctx.header(RUN_HEADER), spans);
        if (json) {
            ctx.status(200).contentType("application/json").result("{}");
        } else {
            ctx.status(200).contentType("application/x-protobuf").result(new byte[0]);
        }
    }

    /** As MLflow: traces whose root span arrived are linked to the run the header names, best effort. */
    private void linkCompletedTraces(String runId, List<OtlpSpan> spans) {
        if (runId == null || runId.isEmpty()) {
            return;
        }
        List<String> roots = spans.stream().filter(s -> s.parentSpanId() == null)
                .map(s -> TraceIds.traceId(s.traceId())).distinct().toList();
        try {
            traces.linkToRun(roots, runId);
        } catch (MlflowException e) {
            org.slf4j.LoggerFactory.getLogger(OtlpHandler.class).warn("Could not link traces to run {}: {}", runId,
                    e.getMessage());
        }
    }

    /** The body, decompressed as Content-Encoding says, refused past the JSON body limit. */
    private byte[] body(Context ctx) throws IOException {
        String encoding = ctx.header("Content-Encoding");
        InputStream in = ctx.bodyInputStream();
        if (encoding != null && !encoding.isBlank() && !"identity".equalsIgnoreCase(encoding.trim())) {
            in = switch (encoding.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "gzip" -> new GZIPInputStream(in);
                case "deflate" -> new InflaterInputStream(in);
                default -> throw new OtlpFormatException("Unsupported Content-Encoding: " + encoding);
            };
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) != -1; ) {
            out.write(buffer, 0, n);
            if (out.size() > maxBodyBytes) {
                throw MlflowException.tooLarge(out.size(), maxBodyBytes);
            }
        }
        return out.toByteArray();
    }

    private static void detail(Context ctx, int status, String message) {
        var node = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("detail", message);
        ctx.status(status).contentType("application/json").result(node.toString());
    }
}
