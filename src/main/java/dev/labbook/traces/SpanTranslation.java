package dev.labbook.traces;

import static dev.labbook.traces.SpanTranslationPy.NOT_JSON;
import static dev.labbook.traces.SpanTranslationPy.truthy;

import dev.labbook.traces.otlp.OtlpEvent;
import dev.labbook.traces.otlp.PythonJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What MLflow's translate_span_when_storing adds to a span received over OTLP before it stores it:
 * the MLflow attributes its UI and trace info read (span type, inputs, outputs, token usage,
 * message format, tool definitions, model and provider), derived from whichever tracing convention
 * the sender follows (see {@link GenAiConventions}). An attribute the span already has is never
 * replaced, except that an UNKNOWN span type is, and (as in MLflow) a Vercel AI chat span's
 * message format.
 *
 * <p>MLflow also prices the span from its model and usage (mlflow.llm.cost). That needs a model
 * price table, which Labbook does not have, so no cost is added.
 */
public final class SpanTranslation {
    static final String SPAN_TYPE = SpanContent.SPAN_TYPE_ATTRIBUTE;
    static final String INPUTS = SpanContent.INPUTS_ATTRIBUTE;
    static final String OUTPUTS = SpanContent.OUTPUTS_ATTRIBUTE;
    static final String TOKEN_USAGE = "mlflow.chat.tokenUsage";
    static final String MESSAGE_FORMAT = "mlflow.message.format";
    static final String TOOLS = "mlflow.chat.tools";
    static final String MODEL = "mlflow.llm.model";
    static final String MODEL_PROVIDER = "mlflow.llm.provider";
    /** A marker for "keep looking", where null would mean "found nothing, stop". */
    private static final Object CONTINUE = new Object();

    private SpanTranslation() {}

    /**
     * The span's attributes with MLflow's translations added, in MLflow's order and text: new
     * attributes follow the existing ones, each the JSON-encoded value as MLflow writes it.
     *
     * <p>Two values are kept as MLflow keeps them although they are not JSON: a Spring AI prompt or
     * completion string taken from an event is stored as bare text, and so is a Vercel AI message
     * format. A Spring AI event value that is not a string (MLflow stores the list or map itself
     * inside the span's JSON) is JSON-encoded here, since attributes are text.
     *
     * @param encodedAttributes the span's attributes, each value JSON text as stored
     * @param events the span's events, their attribute values decoded
     * @throws SpanTranslationException where MLflow's translation raises, failing the request
     */
    public static Map<String, String> translate(Map<String, String> encodedAttributes, List<OtlpEvent> events) {
        Map<String, Object> attributes = new LinkedHashMap<>(encodedAttributes);
        String storedType = encodedAttributes.get(SPAN_TYPE);
        Object spanType = storedType == null || storedType.isEmpty() ? null : SpanTranslationPy.tryLoads(storedType);
        if (spanType == null || "UNKNOWN".equals(spanType)) {
            String translated = first(attributes, convention -> convention.spanType(attributes));
            if (translated != null) {
                attributes.put(SPAN_TYPE, PythonJson.dumps(translated));
            }
        }
        if (!attributes.containsKey(INPUTS)) {
            putIfTruthy(attributes, INPUTS, inputValue(attributes, events));
        }
        if (!attributes.containsKey(OUTPUTS)) {
            putIfTruthy(attributes, OUTPUTS, outputValue(attributes, events));
        }
        if (!attributes.containsKey(TOKEN_USAGE)) {
            Map<String, Object> usage = SpanTranslationTokens.usage(attributes);
            if (usage != null) {
                attributes.put(TOKEN_USAGE, PythonJson.dumps(usage));
            }
        }
        if (!attributes.containsKey(MESSAGE_FORMAT)) {
            String format = first(attributes, convention -> convention.messageFormat(attributes));
            if (format != null) {
                attributes.put(MESSAGE_FORMAT, PythonJson.dumps(format));
            }
        }
        if (!attributes.containsKey(TOOLS)) {
            // Kept as stored: the definitions are already JSON text.
            putIfTruthy(attributes, TOOLS, first(attributes, convention -> convention.toolDefinitions(attributes)));
        }
        if (!attributes.containsKey(MODEL)) {
            Object model = modelName(attributes);
            if (truthy(model)) {
                attributes.put(MODEL, PythonJson.dumps(model));
            }
        }
        if (!attributes.containsKey(MODEL_PROVIDER)) {
            Object provider = first(attributes, convention -> convention.modelProvider(attributes));
            if (truthy(provider)) {
                attributes.put(MODEL_PROVIDER, PythonJson.dumps(provider));
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        attributes.forEach((key, value) -> out.put(key, value instanceof String s ? s : PythonJson.dumps(value)));
        return out;
    }

    /** The first truthy answer over the conventions, in their order. */
    private static <T> T first(Map<String, Object> attributes, Function<SpanTranslationSchema, T> reader) {
        for (SpanTranslationSchema convention : GenAiConventions.ATTRIBUTES) {
            T value = reader.apply(convention);
            if (truthy(value)) {
                return value;
            }
        }
        return null;
    }

    private static void putIfTruthy(Map<String, Object> attributes, String key, Object value) {
        if (truthy(value)) {
            attributes.put(key, value);
        }
    }

    /** Attributes first; events only when no convention names an input attribute. */
    private static Object inputValue(Map<String, Object> attributes, List<OtlpEvent> events) {
        Object value = first(attributes, convention -> convention.inputValue(attributes));
        if (value != null || events.isEmpty()) {
            return value;
        }
        for (SpanTranslationSchema convention : GenAiConventions.EVENTS) {
            Object fromEvents = convention.inputFromEvents(events, attributes);
            if (truthy(fromEvents)) {
                return fromEvents;
            }
        }
        return null;
    }

    private static Object outputValue(Map<String, Object> attributes, List<OtlpEvent> events) {
        Object value = first(attributes, convention -> convention.outputValue(attributes));
        if (value != null || events.isEmpty()) {
            return value;
        }
        for (SpanTranslationSchema convention : GenAiConventions.EVENTS) {
            Object fromEvents = convention.outputFromEvents(events, attributes);
            if (truthy(fromEvents)) {
                return fromEvents;
            }
        }
        return null;
    }

    /** A convention's model attribute, else the "model" field of the inputs, then of the outputs. */
    private static Object modelName(Map<String, Object> attributes) {
        Object model = first(attributes, convention -> convention.modelName(attributes));
        if (model != null) {
            return model;
        }
        model = modelField(attributes.get(INPUTS));
        if (model == CONTINUE) {
            model = modelField(attributes.get(OUTPUTS));
        }
        return model == CONTINUE ? null : model;
    }

    /**
     * The "model" field of inputs or outputs that are a JSON object. A field that is set but not a
     * string ends the search with no model, as in MLflow, rather than trying the outputs.
     */
    private static Object modelField(Object value) {
        if (!truthy(value)) {
            return CONTINUE;
        }
        Object decoded = value instanceof String s ? SpanTranslationPy.loads(s) : value;
        if (decoded != NOT_JSON && decoded instanceof Map<?, ?> map) {
            Object model = map.get("model");
            if (truthy(model)) {
                return model instanceof String ? model : null;
            }
        }
        return CONTINUE;
    }
}
