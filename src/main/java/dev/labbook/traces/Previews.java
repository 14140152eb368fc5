package dev.labbook.traces;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labbook.traces.otlp.PythonJson;

/**
 * Request and response previews as MLflow derives them from the root span's inputs and outputs:
 * the text of the last chat message of the given role when the value holds chat messages,
 * otherwise the JSON text itself; cut to 1000 characters with "...".
 */
final class Previews {
    static final int MAX_LENGTH = 1000;

    private Previews() {}

    static String of(String encodedValue, String role) {
        if (encodedValue == null) {
            return null;
        }
        String content = null;
        try {
            content = messageText(PythonJson.parse(encodedValue), role);
        } catch (RuntimeException ignored) {
            // not JSON: the preview is the text itself
        }
        String text = (content == null || content.isEmpty() ? encodedValue : content).replace('\u0000', '\ufffd');
        return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH - 3) + "...";
    }

    private static String messageText(JsonNode obj, String role) {
        JsonNode messages = messages(obj);
        if (messages == null || messages.isEmpty()) {
            return null;
        }
        JsonNode chosen = messages.get(messages.size() - 1);
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (role.equals(messages.get(i).path("role").asText(null))) {
                chosen = messages.get(i);
                break;
            }
        }
        JsonNode content = chosen.get("content");
        if (content != null && content.isTextual()) {
            return content.asText();
        }
        if (content != null && content.isArray()) {
            for (JsonNode part : content) {
                if (part.isTextual()) {
                    return part.asText();
                }
                String type = part.path("type").asText("");
                if (type.equals("text") || type.equals("output_text")) {
                    return part.path("text").asText(null);
                }
            }
        }
        return "";
    }

    private static JsonNode messages(JsonNode obj) {
        if (!obj.isObject()) {
            return null;
        }
        for (String key : new String[] {"messages", "input", "output"}) {
            JsonNode list = obj.get(key);
            if (list != null && list.isArray() && !list.isEmpty()) {
                return onlyMessages(list);
            }
        }
        JsonNode choices = obj.get("choices");
        if (choices != null && choices.isArray() && !choices.isEmpty() && isMessage(choices.get(0).get("message"))) {
            return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode().add(choices.get(0).get("message"));
        }
        if (obj.has("request")) {
            return messages(obj.get("request"));
        }
        return null;
    }

    private static JsonNode onlyMessages(JsonNode list) {
        var out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        list.forEach(item -> {
            if (isMessage(item)) {
                out.add(item);
            }
        });
        return out;
    }

    private static boolean isMessage(JsonNode item) {
        return item != null && item.isObject() && item.has("role") && item.has("content");
    }
}
