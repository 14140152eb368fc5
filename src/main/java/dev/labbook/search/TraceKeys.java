package dev.labbook.search;

import static dev.labbook.search.EntityType.METADATA;
import static dev.labbook.search.EntityType.SPAN;
import static dev.labbook.search.EntityType.TAG;

import java.util.Locale;
import java.util.Set;

/**
 * The keys trace search gives a meaning of their own, and MLflow's rewriting of the search words that
 * are not columns of a trace (SearchTraceUtils._replace_key_to_tag_or_metadata).
 */
public final class TraceKeys {
    public static final String TRACE_NAME = "mlflow.traceName";
    public static final String LINKED_PROMPTS = "mlflow.linkedPrompts";
    public static final String SOURCE_RUN = "mlflow.sourceRun";
    public static final String SESSION = "mlflow.trace.session";
    /** The span key that {@code text} becomes: the span's whole JSON document. */
    public static final String SPAN_CONTENT = "content";
    /** Prefix of {@code span.attributes.<name>} keys. */
    public static final String SPAN_ATTRIBUTES = "attributes.";

    /**
     * Metadata that MLflow's store keeps as several typed columns, so it accepts fewer comparators on them
     * and cannot order by them.
     */
    static final Set<String> RESERVED_METADATA = Set.of("mlflow.trace.tokenUsage", "mlflow.trace.cost");

    private TraceKeys() {}

    /**
     * MLflow lowers the key and rewrites it whatever entity it was written with (except span keys), so
     * {@code tags.Name} and {@code feedback.name} are trace-name filters too; this copies that.
     */
    static Identifier remap(Identifier id) {
        if (id.type() == SPAN) {
            return id;
        }
        String lower = id.key().toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "name" -> new Identifier(TAG, TRACE_NAME);
            case "prompt" -> new Identifier(TAG, LINKED_PROMPTS);
            case "run_id" -> new Identifier(METADATA, SOURCE_RUN);
            case "text" -> new Identifier(SPAN, SPAN_CONTENT);
            case "timestamp", "execution_time", "end_time" -> new Identifier(id.type(), lower + "_ms");
            default -> id;
        };
    }

    /** The entity as MLflow names it in trace search messages. */
    static String entityName(EntityType type) {
        return type == METADATA ? "request_metadata" : type.name().toLowerCase(Locale.ROOT);
    }
}
