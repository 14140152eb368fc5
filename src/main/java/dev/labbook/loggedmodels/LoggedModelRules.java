package dev.labbook.loggedmodels;

import dev.labbook.http.MlflowException;
import dev.labbook.model.KeyValue;
import dev.labbook.model.Validation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks on what a request asks to store on a logged model, made before any transaction starts. */
final class LoggedModelRules {
    static final int MAX_NAME_LENGTH = 500;
    static final int MAX_KEY_LENGTH = 255;
    private static final String BAD_NAME_CHARS = "/:.%\"'";

    private LoggedModelRules() {}

    /** MLflow's rule: a name is non-empty and has none of / : . % " ' (it becomes part of URIs). */
    static String name(String name) {
        for (char c : name.toCharArray()) {
            if (BAD_NAME_CHARS.indexOf(c) >= 0) {
                throw MlflowException.invalidParameter("Invalid model name ('" + name + "') provided. Model name must"
                        + " be a non-empty string and cannot contain the following characters: "
                        + "('/', ':', '.', '%', '\"', \"'\")");
            }
        }
        return Validation.lengthLimit("name", MAX_NAME_LENGTH, name);
    }

    /** Keys non-empty and at most 255 characters; a key repeated with another value is refused. */
    static List<KeyValue> params(List<KeyValue> params) {
        Map<String, String> seen = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            KeyValue p = key("params[" + i + "]", params.get(i));
            String earlier = seen.putIfAbsent(p.key(), p.value());
            if (earlier != null && !earlier.equals(p.value())) {
                throw MlflowException.invalidParameter("Duplicate parameter keys have been submitted: ['" + p.key()
                        + "']. Please ensure the request contains only one param value per param key.");
            }
        }
        List<KeyValue> valid = new ArrayList<>();
        seen.forEach((k, v) -> valid.add(new KeyValue(k, v)));
        return valid;
    }

    /** Keys non-empty and at most 255 characters; a key repeated in one request keeps its last value. */
    static List<KeyValue> tags(List<KeyValue> tags) {
        Map<String, String> last = new LinkedHashMap<>();
        for (int i = 0; i < tags.size(); i++) {
            KeyValue t = key("tags[" + i + "]", tags.get(i));
            last.put(t.key(), t.value());
        }
        List<KeyValue> valid = new ArrayList<>();
        last.forEach((k, v) -> valid.add(new KeyValue(k, v)));
        return valid;
    }

    static MlflowException changedParam(String modelId, KeyValue param, String old) {
        return MlflowException.invalidParameter("Changing param values is not allowed. Param with key='"
                + param.key() + "' was already logged with value='" + old + "' for logged model ID='" + modelId
                + "'. Attempted logging new value '" + param.value() + "'.");
    }

    private static KeyValue key(String path, KeyValue kv) {
        if (kv.key() == null || kv.key().isEmpty()) {
            throw MlflowException.invalidParameter("Missing value for required parameter '" + path + ".key'.");
        }
        Validation.lengthLimit(path + ".key", MAX_KEY_LENGTH, kv.key());
        return new KeyValue(kv.key(), kv.value() == null ? "" : kv.value());
    }
}
