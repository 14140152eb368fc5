package dev.labbook.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labbook.http.ApiRequest;
import dev.labbook.http.JsonObject;
import dev.labbook.http.MlflowException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The reviewer widget a label schema asks for: exactly one of pass/fail, categorical, numeric or
 * text. Stored as MLflow stores it, a discriminator (input_type) and the variant's fields as JSON.
 */
sealed interface LabelSchemaInput {
    ObjectMapper MAPPER = new ObjectMapper().enable(com.fasterxml.jackson.core.JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS);
    List<String> VARIANTS = List.of("pass_fail", "categorical", "numeric", "text");

    record PassFail(String positiveLabel, String negativeLabel) implements LabelSchemaInput {}

    record Categorical(List<String> options, boolean multiSelect) implements LabelSchemaInput {}

    record Numeric(Double minValue, Double maxValue) implements LabelSchemaInput {}

    record Text(Long maxLength) implements LabelSchemaInput {}

    /** The input_type column. */
    default String kind() {
        return switch (this) {
            case PassFail p -> "pass_fail";
            case Categorical c -> "categorical";
            case Numeric n -> "numeric";
            case Text t -> "text";
        };
    }

    /** MLflow's class name of the variant, as its immutability error names it. */
    default String className() {
        return switch (this) {
            case PassFail p -> "InputPassFail";
            case Categorical c -> "InputCategorical";
            case Numeric n -> "InputNumeric";
            case Text t -> "InputText";
        };
    }

    /**
     * A LabelSchemaInput message; null or a message with no variant set is MLflow's "empty oneof"
     * error. With several variants set the first one in the JSON wins, as MLflow's parser keeps it.
     */
    static LabelSchemaInput read(ApiRequest input) {
        if (input != null) {
            for (Iterator<String> names = input.raw().fieldNames(); names.hasNext(); ) {
                String name = snake(names.next());
                if (VARIANTS.contains(name) && input.has(name)) {
                    return variant(name, input.optionalObject(name));
                }
            }
        }
        throw MlflowException.invalidParameter("Label schema `input` must have exactly one of `pass_fail`, "
                + "`categorical`, `numeric`, or `text` set; got an empty oneof.");
    }

    private static LabelSchemaInput variant(String name, ApiRequest v) {
        return switch (name) {
            case "pass_fail" -> new PassFail(orEmpty(v.optionalString("positive_label")),
                    orEmpty(v.optionalString("negative_label")));
            case "categorical" -> new Categorical(v.stringList("options"),
                    Boolean.TRUE.equals(v.optionalBoolean("multi_select")));
            case "numeric" -> new Numeric(v.optionalDouble("min_value"), v.optionalDouble("max_value"));
            default -> new Text(v.optionalLong("max_length"));
        };
    }

    private static String snake(String name) {
        return name.equals("passFail") ? "pass_fail" : name;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** MLflow's limits on each variant. */
    default void validate() {
        switch (this) {
            case PassFail p -> {
                passFailLabel("positive_label", p.positiveLabel());
                passFailLabel("negative_label", p.negativeLabel());
                if (p.positiveLabel().equals(p.negativeLabel())) {
                    throw MlflowException.invalidParameter("`InputPassFail.positive_label` and `negative_label` must be "
                            + "distinct; got " + Py.repr(p.positiveLabel()) + " for both.");
                }
            }
            case Categorical c -> {
                if (c.options().isEmpty()) {
                    throw MlflowException.invalidParameter("`InputCategorical.options` must be a non-empty list; got [].");
                }
                if (c.options().size() > 10) {
                    throw MlflowException.invalidParameter("`InputCategorical.options` must have at most 10 entries; got "
                            + c.options().size() + ".");
                }
                Set<String> seen = new HashSet<>();
                for (String option : c.options()) {
                    if (option.isEmpty()) {
                        throw MlflowException.invalidParameter(
                                "`InputCategorical.options` entries must be non-empty strings; got ''.");
                    }
                    if (Py.len(option) > 64) {
                        throw MlflowException.invalidParameter("`InputCategorical.options` entries must be at most 64 "
                                + "characters; got " + Py.len(option) + " for " + Py.repr(option) + ".");
                    }
                    if (!seen.add(option)) {
                        throw MlflowException.invalidParameter("`InputCategorical.options` must be deduplicated; "
                                + Py.repr(option) + " appears twice.");
                    }
                }
            }
            case Numeric n -> {
                if (n.minValue() != null && n.maxValue() != null && n.minValue() >= n.maxValue()) {
                    throw MlflowException.invalidParameter("`InputNumeric.min_value` must be strictly less than "
                            + "`max_value`; got min=" + Py.floatText(n.minValue()) + ", max="
                            + Py.floatText(n.maxValue()) + ".");
                }
            }
            case Text t -> {
                if (t.maxLength() != null && t.maxLength() < 1) {
                    throw MlflowException.invalidParameter("`InputText.max_length` must be at least 1; got "
                            + t.maxLength() + ".");
                }
            }
        }
    }

    private static void passFailLabel(String field, String label) {
        if (label.isEmpty()) {
            throw MlflowException.invalidParameter("`InputPassFail." + field + "` must be a non-empty string; got ''.");
        }
        if (Py.len(label) > 64) {
            throw MlflowException.invalidParameter("`InputPassFail." + field + "` must be at most 64 characters; got "
                    + Py.len(label) + ".");
        }
    }

    /** The input_config column: the variant's fields, unset ones as null. */
    default String configJson() {
        ObjectNode config = MAPPER.createObjectNode();
        switch (this) {
            case PassFail p -> config.put("positive_label", p.positiveLabel()).put("negative_label", p.negativeLabel());
            case Categorical c -> {
                c.options().forEach(config.putArray("options")::add);
                config.put("multi_select", c.multiSelect());
            }
            case Numeric n -> {
                putDouble(config, "min_value", n.minValue());
                putDouble(config, "max_value", n.maxValue());
            }
            case Text t -> config.put("max_length", t.maxLength());
        }
        return config.toString();
    }

    private static void putDouble(ObjectNode config, String field, Double value) {
        if (value == null || Double.isFinite(value)) {
            config.put(field, value);
        } else {
            config.put(field, Double.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }

    static LabelSchemaInput fromColumns(String kind, String configJson) {
        JsonNode config;
        try {
            config = MAPPER.readTree(configJson);
        } catch (Exception e) {
            throw new IllegalStateException("unreadable label schema input_config: " + configJson, e);
        }
        return switch (kind) {
            case "pass_fail" -> new PassFail(config.path("positive_label").asText(), config.path("negative_label").asText());
            case "categorical" -> {
                List<String> options = new java.util.ArrayList<>();
                config.path("options").forEach(o -> options.add(o.asText()));
                yield new Categorical(options, config.path("multi_select").asBoolean(false));
            }
            case "numeric" -> new Numeric(readDouble(config.get("min_value")), readDouble(config.get("max_value")));
            default -> new Text(config.hasNonNull("max_length") ? config.get("max_length").asLong() : null);
        };
    }

    private static Double readDouble(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return switch (node.asText()) {
                case "Infinity" -> Double.POSITIVE_INFINITY;
                case "-Infinity" -> Double.NEGATIVE_INFINITY;
                default -> Double.NaN;
            };
        }
        return node.asDouble();
    }

    /** The LabelSchemaInput message: the set variant with its set fields (MLflow always sets multi_select). */
    default JsonObject json() {
        JsonObject fields = JsonObject.empty();
        switch (this) {
            case PassFail p -> fields.with("positive_label", p.positiveLabel()).with("negative_label", p.negativeLabel());
            case Categorical c -> fields.with("options", c.options()).with("multi_select", c.multiSelect());
            case Numeric n -> fields.with("min_value", n.minValue()).with("max_value", n.maxValue());
            case Text t -> fields.with("max_length", t.maxLength());
        }
        return JsonObject.empty().withMessage(kind(), fields);
    }
}
