package dev.labbook.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labbook.http.ApiRequest;
import dev.labbook.http.MlflowException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * MLflow's offset page tokens (base64 of {"offset": n}) and the max_results rule its label-schema
 * and review-queue handlers apply; tokens are MLflow's so a client can page across either server.
 */
final class OffsetPages {
    static final int MAX_RESULTS_LIMIT = 50_000;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String API_DOCS = "See the API docs for more information about request parameters.";

    private OffsetPages() {}

    /** The request's max_results, or null when absent: an integer from 1 to 50,000. */
    static Integer maxResults(ApiRequest req) {
        var node = req.value("max_results");
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isArray() && !node.isEmpty()) {
            node = node.get(0);
        }
        java.math.BigInteger value;
        try {
            if (node.isIntegralNumber()) {
                value = node.bigIntegerValue();
            } else if (node.isTextual()) {
                value = new java.math.BigInteger(node.asText().strip().replace("_", ""));
            } else {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            String type = node.isTextual() ? "str" : node.isBoolean() ? "bool" : node.isNumber() ? "float" : "dict";
            throw MlflowException.invalidParameter("Invalid value " + node + " for parameter 'max_results' supplied:  "
                    + "Hint: Value was of type '" + type + "'. " + API_DOCS);
        }
        if (value.compareTo(java.math.BigInteger.ONE) < 0
                || value.compareTo(java.math.BigInteger.valueOf(MAX_RESULTS_LIMIT)) > 0) {
            throw MlflowException.invalidParameter("max_results must be between 1 and " + MAX_RESULTS_LIMIT + ". "
                    + API_DOCS);
        }
        return value.intValue();
    }

    /** The offset a page token names; no token is the first page. */
    static int offset(String token) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        byte[] decoded;
        try {
            // Python's decoder insists on padding, Java's does not.
            if (token.strip().length() % 4 != 0) {
                throw new IllegalArgumentException("unpadded");
            }
            decoded = Base64.getDecoder().decode(token.strip());
        } catch (IllegalArgumentException e) {
            throw MlflowException.invalidParameter("Invalid page token, could not base64-decode");
        }
        String text = new String(decoded, StandardCharsets.UTF_8);
        JsonNode parsed;
        try {
            parsed = MAPPER.readTree(text);
        } catch (Exception e) {
            parsed = null;
        }
        if (parsed == null || !parsed.isObject()) {
            throw MlflowException.invalidParameter("Invalid page token, decoded value=b'" + text + "'");
        }
        JsonNode offset = parsed.get("offset");
        if (offset == null || !offset.canConvertToInt() || offset.asInt() <= 0) {
            throw MlflowException.invalidParameter("Invalid page token, parsed value=" + text);
        }
        return offset.asInt();
    }

    static String token(int offset) {
        return Base64.getEncoder().encodeToString(("{\"offset\": " + offset + "}").getBytes(StandardCharsets.UTF_8));
    }
}
