package dev.labbook.traces.otlp;

/**
 * The request body is not a well-formed ExportTraceServiceRequest. Unchecked so the decoders stay
 * free of throws clauses; the HTTP layer turns it into a 400 with {@link #getMessage()} as detail.
 */
public final class OtlpFormatException extends RuntimeException {
    public OtlpFormatException(String message) {
        super(message);
    }

    public OtlpFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
