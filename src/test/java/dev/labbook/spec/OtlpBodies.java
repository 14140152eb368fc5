package dev.labbook.spec;

import static dev.labbook.spec.Scenarios.JSON;
import static dev.labbook.spec.Scenarios.obj;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.labbook.traces.otlp.ProtoWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.GZIPOutputStream;

/** OTLP ExportTraceServiceRequest bodies for the spec tests, in protobuf and in OTLP JSON. */
final class OtlpBodies {
    static final String PROTOBUF = "application/x-protobuf";
    static final String EXPERIMENT_HEADER = "x-mlflow-experiment-id";

    private OtlpBodies() {}

    /** 32 random hex digits: an OpenTelemetry trace id, whose MLflow trace id is "tr-" and these digits. */
    static String newTraceHex() {
        return hex(16);
    }

    static String hex(int bytes) {
        byte[] id = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(id);
        id[0] |= 1; // never all zeros
        return HexFormat.of().formatHex(id);
    }

    /**
     * A root span (a chain with inputs, outputs, typed attributes and an event) and a child span (a
     * client call that failed, with a link), under a resource naming the service, as protobuf.
     */
    static byte[] protobuf(String traceHex) {
        byte[] trace = HexFormat.of().parseHex(traceHex);
        byte[] root = HexFormat.of().parseHex(hex(8));
        byte[] child = HexFormat.of().parseHex(hex(8));
        long start = System.currentTimeMillis() * 1_000_000L;
        ProtoWriter rootSpan = new ProtoWriter().bytes(1, trace).bytes(2, root).string(5, "spec-root").varint(6, 1)
                .fixed64(7, start).fixed64(8, start + 33_000_000L)
                .message(9, kv("mlflow.spanInputs", string("{\"question\": \"What is Labbook?\"}")))
                .message(9, kv("mlflow.spanOutputs", string("\"A tracking server.\"")))
                .message(9, kv("mlflow.spanType", string("\"CHAIN\"")))
                .message(9, kv("mlflow.traceTag.stage", string("spec")))
                .message(9, kv("spec.count", new ProtoWriter().varint(3, 3)))
                .message(9, kv("spec.score", new ProtoWriter().fixed64(4, Double.doubleToRawLongBits(0.5))))
                .message(9, kv("spec.flag", new ProtoWriter().varint(2, 1)))
                .message(9, kv("spec.labels", new ProtoWriter().message(5,
                        new ProtoWriter().message(1, string("a")).message(1, string("b")))))
                .message(11, new ProtoWriter().fixed64(1, start + 1_000_000L).string(2, "spec-event")
                        .message(3, kv("detail", string("started"))))
                .message(15, new ProtoWriter().varint(3, 1));
        ProtoWriter childSpan = new ProtoWriter().bytes(1, trace).bytes(2, child).bytes(4, root).string(5, "spec-call")
                .varint(6, 3).fixed64(7, start + 2_000_000L).fixed64(8, start + 30_000_000L)
                .message(9, kv("mlflow.spanType", string("\"LLM\"")))
                .message(13, new ProtoWriter().bytes(1, HexFormat.of().parseHex(hex(16)))
                        .bytes(2, HexFormat.of().parseHex(hex(8))).message(4, kv("reason", string("retry"))))
                .message(15, new ProtoWriter().string(2, "upstream timed out").varint(3, 2));
        ProtoWriter resource = new ProtoWriter().message(1, kv("service.name", string("spec-service")));
        ProtoWriter scope = new ProtoWriter().message(1, new ProtoWriter().string(1, "spec"))
                .message(2, rootSpan).message(2, childSpan);
        return new ProtoWriter().message(1, new ProtoWriter().message(1, resource).message(2, scope)).toByteArray();
    }

    /** One finished root span in OTLP JSON (hex ids, numeric enums, times as decimal strings). */
    static String json(String traceHex) {
        long start = System.currentTimeMillis() * 1_000_000L;
        Object span = obj("traceId", traceHex, "spanId", hex(8), "name", "spec-json-root", "kind", 1,
                "startTimeUnixNano", Long.toString(start), "endTimeUnixNano", Long.toString(start + 5_000_000L),
                "attributes", List.of(obj("key", "mlflow.spanInputs", "value", obj("stringValue", "{\"q\": 1}")),
                        obj("key", "spec.count", "value", obj("intValue", "7"))),
                "status", obj("code", 1));
        Object request = obj("resourceSpans", List.of(obj(
                "resource", obj("attributes", List.of(obj("key", "service.name", "value", obj("stringValue", "spec-json")))),
                "scopeSpans", List.of(obj("scope", obj("name", "spec"), "spans", List.of(span))))));
        try {
            return JSON.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A gzip stream that inflates to {@code size} zero bytes. */
    static byte[] gzippedZeros(long size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            byte[] zeros = new byte[1 << 20];
            for (long left = size; left > 0; left -= zeros.length) {
                gzip.write(zeros, 0, (int) Math.min(zeros.length, left));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static ProtoWriter kv(String key, ProtoWriter anyValue) {
        return new ProtoWriter().string(1, key).message(2, anyValue);
    }

    private static ProtoWriter string(String value) {
        return new ProtoWriter().string(1, value);
    }
}
