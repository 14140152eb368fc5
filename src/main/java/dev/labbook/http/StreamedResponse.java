package dev.labbook.http;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * A response too large to build in memory first (a whole metric history): written to the client
 * while it is serialized. Everything that can fail with an MLflow error must be checked before.
 */
public interface StreamedResponse {
    void writeJson(JsonGenerator json) throws IOException;
}
