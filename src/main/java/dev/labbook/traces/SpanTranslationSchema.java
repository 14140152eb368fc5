package dev.labbook.traces;

import static dev.labbook.traces.SpanTranslationPy.NOT_JSON;
import static dev.labbook.traces.SpanTranslationPy.loads;
import static dev.labbook.traces.SpanTranslationPy.truthy;
import static dev.labbook.traces.SpanTranslationPy.tryLoads;

import dev.labbook.traces.otlp.OtlpEvent;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One tracing convention's attribute names, read the way MLflow's OtelSchemaTranslator base class
 * reads them. A convention that only names attributes is an instance configured with the setters;
 * one with its own rules overrides the readers. Every reader takes the span's attributes as stored
 * (JSON-encoded text) and answers null for "not found", as the Python methods answer None.
 */
class SpanTranslationSchema {
    private String spanKindKey;
    private Map<String, String> spanKinds = Map.of();
    private String inputTokenKey;
    private String outputTokenKey;
    private String totalTokenKey;
    private String cacheReadKey;
    private String cacheCreationKey;
    private List<Object> inputKeys = List.of();
    private List<Object> outputKeys = List.of();
    private List<Object> modelKeys = List.of();
    private List<Object> toolKeys = List.of();
    private String providerKey;
    private List<String> detectionKeys = List.of();
    private String detectedFormat;

    SpanTranslationSchema kinds(String key, Map<String, String> kinds) {
        spanKindKey = key;
        spanKinds = kinds;
        return this;
    }

    SpanTranslationSchema tokens(String input, String output, String total, String cacheRead, String cacheCreation) {
        inputTokenKey = input;
        outputTokenKey = output;
        totalTokenKey = total;
        cacheReadKey = cacheRead;
        cacheCreationKey = cacheCreation;
        return this;
    }

    /** Keys are checked in order; a {@link Pattern} stands for every key it matches at the start. */
    SpanTranslationSchema inputs(Object... keys) {
        inputKeys = List.of(keys);
        return this;
    }

    SpanTranslationSchema outputs(Object... keys) {
        outputKeys = List.of(keys);
        return this;
    }

    SpanTranslationSchema models(Object... keys) {
        modelKeys = List.of(keys);
        return this;
    }

    SpanTranslationSchema tools(Object... keys) {
        toolKeys = List.of(keys);
        return this;
    }

    SpanTranslationSchema provider(String key) {
        providerKey = key;
        return this;
    }

    /** The message format to record when any of {@code keys} is present. */
    SpanTranslationSchema format(String format, String... keys) {
        detectedFormat = format;
        detectionKeys = List.of(keys);
        return this;
    }

    /** The MLflow span type the convention's span kind attribute maps to. */
    String spanType(Map<String, Object> attributes) {
        if (spanKindKey == null) {
            return null;
        }
        Object kind = attributes.get(spanKindKey);
        return truthy(kind) ? SpanTranslationPy.lookup(spanKinds, tryLoads(kind)) : null;
    }

    Object inputTokens(Map<String, Object> attributes) {
        return inputTokenKey == null ? null : attributes.get(inputTokenKey);
    }

    Object outputTokens(Map<String, Object> attributes) {
        return outputTokenKey == null ? null : attributes.get(outputTokenKey);
    }

    Object totalTokens(Map<String, Object> attributes) {
        return totalTokenKey == null ? null : attributes.get(totalTokenKey);
    }

    Object cacheReadTokens(Map<String, Object> attributes) {
        return cacheReadKey == null ? null : attributes.get(cacheReadKey);
    }

    Object cacheCreationTokens(Map<String, Object> attributes) {
        return cacheCreationKey == null ? null : attributes.get(cacheCreationKey);
    }

    Object inputValue(Map<String, Object> attributes) {
        return attributeValue(attributes, inputKeys);
    }

    Object outputValue(Map<String, Object> attributes) {
        return attributeValue(attributes, outputKeys);
    }

    Object toolDefinitions(Map<String, Object> attributes) {
        return attributeValue(attributes, toolKeys);
    }

    /** The decoded model name: whatever JSON value the attribute holds, not only strings. */
    Object modelName(Map<String, Object> attributes) {
        Object value = attributeValue(attributes, modelKeys);
        return truthy(value) ? tryLoads(value) : null;
    }

    Object modelProvider(Map<String, Object> attributes) {
        if (providerKey == null) {
            return null;
        }
        Object value = checked(attributes, providerKey);
        return truthy(value) ? tryLoads(value) : null;
    }

    String messageFormat(Map<String, Object> attributes) {
        for (String key : detectionKeys) {
            if (attributes.containsKey(key)) {
                return detectedFormat;
            }
        }
        return null;
    }

    /** Only the event translators (Spring AI, LiveKit, Claude Code) read events. */
    Object inputFromEvents(List<OtlpEvent> events, Map<String, Object> attributes) {
        return null;
    }

    Object outputFromEvents(List<OtlpEvent> events, Map<String, Object> attributes) {
        return null;
    }

    /** The first key's value that is set and not empty, in the stored text. */
    static Object attributeValue(Map<String, Object> attributes, List<Object> keys) {
        for (Object key : keys) {
            if (key instanceof Pattern pattern) {
                for (String candidate : attributes.keySet()) {
                    if (pattern.matcher(candidate).lookingAt()) {
                        Object value = checked(attributes, candidate);
                        if (truthy(value)) {
                            return value;
                        }
                    }
                }
            } else {
                Object value = checked(attributes, (String) key);
                if (truthy(value)) {
                    return value;
                }
            }
        }
        return null;
    }

    /**
     * An attribute's value unless it is JSON for an empty or false value ("", [], {}, 0, null),
     * so that an empty list of messages does not count as inputs. Text that is not JSON counts.
     */
    static Object checked(Map<String, Object> attributes, String key) {
        Object value = attributes.get(key);
        if (value instanceof String s) {
            Object decoded = loads(s);
            return decoded == NOT_JSON || truthy(decoded) ? s : null;
        }
        return value;
    }
}
