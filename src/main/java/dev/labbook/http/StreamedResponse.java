package dev.labbook.http;

/**
 * A response written to the client while it is serialized rather than built in memory first (a
 * whole metric history, a page of runs). Everything that can fail with an MLflow error must be
 * checked before.
 */
@FunctionalInterface
public interface StreamedResponse extends JsonWritable {
}
