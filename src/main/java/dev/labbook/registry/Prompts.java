package dev.labbook.registry;

import dev.labbook.model.KeyValue;
import dev.labbook.search.Comparator;
import dev.labbook.search.Comparison;
import dev.labbook.search.EntityType;
import dev.labbook.search.StringValue;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * MLflow 3 stores prompts as registered models tagged {@code mlflow.prompt.is_prompt = 'true'} whose
 * versions carry the template in tags. Searches hide them unless the filter asks for them.
 */
final class Prompts {
    static final String IS_PROMPT_TAG = "mlflow.prompt.is_prompt";
    /** The placeholder sources MLflow's own clients send for prompt versions; no other source is allowed. */
    private static final Set<String> SOURCE_PLACEHOLDERS = Set.of("dummy-source", "prompt-template");

    private Prompts() {}

    /** Whether a create request's tags make it a prompt; the last value of a repeated key wins. */
    static boolean isPromptRequest(List<KeyValue> tags) {
        String value = "false";
        for (KeyValue tag : tags) {
            if (tag.key().equals(IS_PROMPT_TAG)) {
                value = tag.value();
            }
        }
        return value.toLowerCase(Locale.ROOT).equals("true");
    }

    static boolean isPlaceholderSource(String source) {
        return SOURCE_PLACEHOLDERS.contains(source);
    }

    /**
     * As MLflow's SQL store: the first comparison on the prompt tag decides. {@code = 'true'} or
     * {@code != 'false'} (any case) selects prompts; anything else, or none, selects ordinary models.
     */
    static boolean filterAsksForPrompts(List<Comparison> filter) {
        for (Comparison c : filter) {
            if (isPromptTagComparison(c) && c.value() instanceof StringValue s) {
                String value = s.value().toLowerCase(Locale.ROOT);
                return (c.comparator() == Comparator.EQ && value.equals("true"))
                        || (c.comparator() == Comparator.NE && value.equals("false"));
            }
        }
        return false;
    }

    static boolean isPromptTagComparison(Comparison c) {
        return c.identifier().type() == EntityType.TAG && c.identifier().key().equals(IS_PROMPT_TAG);
    }
}
