package dev.labbook.issues;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labbook.http.MlflowException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Issue page tokens, shaped like MLflow's: base64 JSON holding either an offset (the default
 * severity order) or, with an explicit order_by, the last row's sort values; both carry a
 * fingerprint of the query, so a token is refused by a different search.
 */
final class IssuePageToken {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where a page starts: an offset, or the sort values of the row before it. */
    record Position(int offset, List<Object> after) {
        static final Position START = new Position(0, null);
    }

    private IssuePageToken() {}

    static Position parse(String token, String fingerprint, boolean allowLegacy) {
        if (token == null || token.isEmpty()) {
            return Position.START;
        }
        try {
            JsonNode data = JSON.readTree(new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8));
            if (data == null || !data.isObject()) {
                throw invalid();
            }
            JsonNode query = data.get("query");
            boolean matches = query != null && query.isTextual() && query.asText().equals(fingerprint);
            if (!matches && !(allowLegacy && query == null)) {
                throw invalid();
            }
            if (data.has("version")) {
                JsonNode after = data.get("after");
                if (!matches || data.get("version").asInt() != 2 || !data.get("version").isInt() || after == null
                        || !after.isArray() || after.size() < 2 || after.size() > 101) {
                    throw invalid();
                }
                List<Object> values = new ArrayList<>();
                for (JsonNode v : after) {
                    if (v.isIntegralNumber() && v.canConvertToLong()) {
                        values.add(v.asLong());
                    } else if (v.isTextual() && v.asText().length() <= 250) {
                        values.add(v.asText());
                    } else {
                        throw invalid();
                    }
                }
                return new Position(0, values);
            }
            JsonNode offset = data.get("offset");
            if (offset == null || !offset.isInt() || offset.asInt() < 0) {
                throw invalid();
            }
            return new Position(offset.asInt(), null);
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw invalid();
        }
    }

    static String offset(int offset, String fingerprint) {
        ObjectNode data = JSON.createObjectNode().put("offset", offset);
        if (fingerprint != null) {
            data.put("query", fingerprint);
        }
        return encode(data);
    }

    static String keyset(List<Object> values, String fingerprint) {
        ObjectNode data = JSON.createObjectNode().put("version", 2);
        ArrayNode after = data.putArray("after");
        for (Object v : values) {
            if (v instanceof Number n) {
                after.add(n.longValue());
            } else {
                after.add(String.valueOf(v));
            }
        }
        data.put("query", fingerprint);
        return encode(data);
    }

    private static String encode(ObjectNode data) {
        return Base64.getEncoder().encodeToString(data.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static MlflowException invalid() {
        return MlflowException.invalidParameter("Invalid page token or token does not match the issue query");
    }
}
