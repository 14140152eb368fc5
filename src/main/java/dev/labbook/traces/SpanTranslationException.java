package dev.labbook.traces;

/**
 * A span MLflow's store fails on while translating its attributes or adding up a trace's token
 * usage (a Python TypeError or OverflowError there, such as a span kind sent as a list). MLflow's
 * OTLP endpoint then refuses the whole request with 422 "Failed to log OpenTelemetry spans", and
 * callers should answer the same way.
 */
public final class SpanTranslationException extends RuntimeException {
    SpanTranslationException(String message) {
        super(message);
    }
}
