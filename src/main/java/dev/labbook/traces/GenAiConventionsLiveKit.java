package dev.labbook.traces;

import java.util.Locale;
import java.util.Map;

/**
 * LiveKit Agents: GenAI token and model attributes plus lk.* attributes, from which MLflow guesses
 * span types. The guess is broad: any span with gen_ai.request.model that no earlier convention
 * typed becomes an LLM span, whoever sent it.
 */
final class GenAiConventionsLiveKit extends GenAiConventionsSemconv {
    GenAiConventionsLiveKit() {
        inputs("lk.user_input", "lk.user_transcript", "lk.chat_ctx", "lk.input_text");
        outputs("lk.response.text", "lk.response.function_calls");
    }

    @Override
    String spanType(Map<String, Object> attributes) {
        if (attributes.containsKey("gen_ai.request.model")) {
            return "LLM";
        }
        Object operation = attributes.get(OPERATION_NAME);
        // MLflow lower-cases str() of the decoded value; only a string can then match a name.
        if (SpanTranslationPy.truthy(operation)
                && SpanTranslationPy.tryLoads(operation) instanceof String name) {
            String type = OPERATIONS.get(name.toLowerCase(Locale.ROOT));
            if (type != null) {
                return type;
            }
        }
        for (String key : attributes.keySet()) {
            if (key.equals("lk.retry_count")) {
                return "LLM";
            }
            if (key.startsWith("lk.function_tool")) {
                return "TOOL";
            }
            if (key.equals("lk.agent_name") || key.equals("lk.instructions") || key.equals("lk.generation_id")) {
                return "AGENT";
            }
            if (key.startsWith("lk.tts") || key.equals("lk.input_text") || key.equals("lk.user_transcript")
                    || key.equals("lk.transcript_confidence") || key.equals("lk.transcription_delay")) {
                return "UNKNOWN";
            }
        }
        return null;
    }

    /** MLflow also lists lk.agent_name and a few more, but any lk.* key already decides. */
    @Override
    String messageFormat(Map<String, Object> attributes) {
        for (String key : attributes.keySet()) {
            if (key.startsWith("lk.")) {
                return "livekit";
            }
        }
        return null;
    }
}
