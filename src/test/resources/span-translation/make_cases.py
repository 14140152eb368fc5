"""Prints the expected values pasted into the SpanTranslation*Test and TokenUsageTest tables.

Run with the project's venv (it has mlflow 3.18):
    .venv/bin/python src/test/resources/span-translation/make_cases.py translation
    .venv/bin/python src/test/resources/span-translation/make_cases.py usage
    .venv/bin/python src/test/resources/span-translation/make_cases.py content

"translation" builds each span with Span.from_otel_proto (so events go through MLflow's OTLP
decoding), then sets its stored attributes directly, as the OTLP endpoint does after decoding, so a
case can hold any stored text; then it runs MLflow's own translate_span_when_storing. "usage" logs
each trace's spans into a throwaway SQLite store with SqlAlchemyStore.log_spans and reads the
trace metadata back, so the expectation is what the store computes end to end; the span
attributes printed are the translated ones it aggregated. "content" prints the stored attributes
of one span decoded from OTLP, request id included, for the SpanContent wiring check.
Each table section prints as Java source in the shape the test classes use.
"""

import json
import math
import sys
import tempfile

from opentelemetry.proto.common.v1.common_pb2 import AnyValue
from opentelemetry.proto.trace.v1.trace_pb2 import Span as ProtoSpan

import mlflow.tracing.otel.translation as translation_module
from mlflow.entities.span import Span
from mlflow.exceptions import MlflowException
from mlflow.tracing.otel.translation import translate_span_when_storing
from mlflow.tracing.utils import dump_span_attribute_value

# Labbook has no pricing table, so it never adds mlflow.llm.cost: expect spans without it.
translation_module.calculate_cost_by_model_and_token_usage = lambda *args, **kwargs: None

TRACE_ID = bytes.fromhex("5b8efff798038103d269b633813fc60c")


class Raw(str):
    """An attribute stored with exactly this text, not JSON-encoded first."""


def J(value):
    """An attribute stored as one layer of JSON: how MLflow's own client sends its attributes,
    and how the OTLP endpoint's strip_otlp_double_encoding leaves a JSON string value."""
    return Raw(json.dumps(value))


def any_value(value, out=None):
    v = AnyValue() if out is None else out
    if value is None:
        pass
    elif isinstance(value, bool):
        v.bool_value = value
    elif isinstance(value, int):
        v.int_value = value
    elif isinstance(value, float):
        v.double_value = value
    elif isinstance(value, str):
        v.string_value = value
    elif isinstance(value, list):
        v.array_value.SetInParent()
        for item in value:
            any_value(item, v.array_value.values.add())
    elif isinstance(value, dict):
        v.kvlist_value.SetInParent()
        for key, item in value.items():
            kv = v.kvlist_value.values.add()
            kv.key = key
            any_value(item, kv.value)
    else:
        raise TypeError(value)
    return v


def encode(attributes):
    return {
        k: str(v) if isinstance(v, Raw) else dump_span_attribute_value(v)
        for k, v in attributes.items()
    }


def otel_span(span_id, parent_id, attributes, events=(), trace_id=TRACE_ID):
    proto = ProtoSpan(
        trace_id=trace_id, span_id=span_id, name="s", start_time_unix_nano=1, end_time_unix_nano=2
    )
    if parent_id:
        proto.parent_span_id = parent_id
    for name, event_attributes in events:
        event = proto.events.add(name=name, time_unix_nano=1)
        for key, value in event_attributes.items():
            kv = event.attributes.add(key=key)
            any_value(value, kv.value)
    span = Span.from_otel_proto(proto)
    # As the OTLP endpoint does after decoding: the span keeps the stored (encoded) attributes.
    span._span._attributes = encode(attributes)
    return span


def java_string(s):
    """A Java expression for s; long runs of one character become "c".repeat(n)."""
    parts, i = [], 0
    while i < len(s):
        j = i
        while j < len(s) and s[j] == s[i]:
            j += 1
        if j - i >= 16:
            parts.append(f"{java_literal(s[i])}.repeat({j - i})")
        elif parts and not parts[-1].endswith(")"):
            parts[-1] = parts[-1][:-1] + java_literal(s[i:j])[1:]
        else:
            parts.append(java_literal(s[i:j]))
        i = j
    return " + ".join(parts) if parts else '""'


def java_literal(s):
    out = ['"']
    for ch in s:
        code = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif code < 0x20:
            out.append("\\%03o" % code)
        elif code > 0x7E:
            for unit in ch.encode("utf-16-be").hex(" ", 2).split():
                out.append("\\u" + unit)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def java_value(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return f"{value}L"
    if isinstance(value, float):
        if math.isnan(value):
            return "Double.NaN"
        if math.isinf(value):
            return "Double.POSITIVE_INFINITY" if value > 0 else "Double.NEGATIVE_INFINITY"
        return repr(value)
    if isinstance(value, str):
        return java_string(value)
    if isinstance(value, list):
        return "list(" + ", ".join(java_value(v) for v in value) + ")"
    if isinstance(value, dict):
        return "map(" + ", ".join(f"{java_string(k)}, {java_value(v)}" for k, v in value.items()) + ")"
    raise TypeError(value)


def java_attrs(attributes, indent):
    if not attributes:
        return "attrs()"
    pad = " " * (indent + 8)
    lines = [f"{pad}{java_string(k)}, {java_string(v)}" for k, v in attributes.items()]
    return "attrs(\n" + ",\n".join(lines) + ")"


def java_events(events, indent):
    if not events:
        return "List.of()"
    pad = " " * (indent + 8)
    parts = []
    for name, attributes in events:
        args = "".join(f", {java_string(k)}, {java_value(v)}" for k, v in attributes.items())
        parts.append(f"{pad}event({java_string(name)}{args})")
    return "List.of(\n" + ",\n".join(parts) + ")"


def java_method(name, cases):
    """A static factory of one table section, as the test classes hold them."""
    print(f"    static Stream<Case> {name}() {{")
    print("        return Stream.of(")
    print(",\n".join(cases) + ");")
    print("    }")
    print()


# (name, attributes, events). Attribute values are what an OTLP client sends (encoded the way
# from_otel_proto encodes them) unless wrapped in Raw.
TRANSLATION_CASES = {
    "conventions": [
        ("OpenInference LLM span", {
            "openinference.span.kind": "LLM",
            "input.value": J({"messages": [{"role": "user", "content": "Hi"}]}),
            "output.value": "Hello!",
            "llm.token_count.prompt": 10,
            "llm.token_count.completion": 5,
            "llm.token_count.total": 15,
            "llm.token_count.prompt_details.cache_read": 3,
            "llm.token_count.prompt_details.cache_write": 2,
            "llm.model_name": "gpt-4o",
            "llm.response.model_name": "gpt-4o-2024-08-06",
            "llm.provider": "openai",
        }, []),
        ("OpenInference chain with an empty input and string token counts", {
            "openinference.span.kind": "CHAIN",
            "input.value": "",
            "output.value": "done",
            "llm.token_count.prompt": "26",
            "llm.token_count.completion": " 4 ",
            "embedding.model_name": "text-embedding-3-small",
        }, []),
        ("OpenInference UNKNOWN kind is kept as UNKNOWN", {"openinference.span.kind": "UNKNOWN"}, []),
        ("An unmapped OpenInference kind falls through to GenAI", {
            "openinference.span.kind": "SOMETHING",
            "gen_ai.operation.name": "chat",
        }, []),
        ("GenAI semconv chat span", {
            "gen_ai.operation.name": "chat",
            "gen_ai.input.messages": J([{"role": "user", "parts": [{"type": "text", "content": "Hi"}]}]),
            "gen_ai.output.messages": J([{"role": "assistant", "parts": [{"type": "text", "content": "Hello"}]}]),
            "gen_ai.usage.input_tokens": 100,
            "gen_ai.usage.output_tokens": 20,
            "gen_ai.usage.cache_read.input_tokens": 10,
            "gen_ai.usage.cache_write.input_tokens": 5,
            "gen_ai.request.model": "gpt-4o",
            "gen_ai.response.model": "gpt-4o-2024-08-06",
            "gen_ai.provider.name": "openai",
            "gen_ai.tool.definitions": json.dumps([{"type": "function", "name": "get_weather"}]),
        }, []),
        ("GenAI tool call with the legacy cache creation key", {
            "gen_ai.operation.name": "execute_tool",
            "gen_ai.tool.call.arguments": json.dumps({"city": "Paris"}),
            "gen_ai.tool.call.result": json.dumps({"temp": 21.5}),
            "gen_ai.usage.input_tokens": 7,
            "gen_ai.usage.cache_creation.input_tokens": 2,
        }, []),
        ("GenAI agent span with empty messages", {
            "gen_ai.operation.name": "invoke_agent",
            "gen_ai.input.messages": "[]",
            "gen_ai.output.messages": "{}",
            "gen_ai.usage.output_tokens": 9,
        }, []),
        ("A request model alone makes an LLM span", {
            "gen_ai.request.model": "claude-sonnet-4",
            "gen_ai.system": "anthropic",
            "llm.request.type": "chat",
        }, []),
        ("UNKNOWN span type is replaced in place", {
            "mlflow.spanType": "UNKNOWN",
            "gen_ai.operation.name": "embeddings",
            "gen_ai.request.model": "text-embedding-3-small",
        }, []),
        ("Traceloop workflow span", {
            "traceloop.span.kind": "workflow",
            "traceloop.entity.input": json.dumps({"args": [], "kwargs": {"q": "x"}}),
            "traceloop.entity.output": json.dumps("answer"),
            "gen_ai.usage.prompt_tokens": 12,
            "gen_ai.usage.completion_tokens": 3,
            "llm.usage.total_tokens": 16,
            "gen_ai.system": "openai",
        }, []),
        ("Traceloop indexed prompt and completion attributes", {
            "llm.request.type": "chat",
            "gen_ai.prompt.0.role": "user",
            "gen_ai.prompt.0.content": "What is 2+2?",
            "gen_ai.completion.0.role": "assistant",
            "gen_ai.completion.0.content": "4",
            "gen_ai.usage.prompt_tokens": 8,
            "gen_ai.usage.completion_tokens": 1,
        }, []),
        ("Traceloop patterns match a key prefix and any decimal digit", {
            "gen_ai.prompt.\u0663.contents": "Arabic-Indic digit",
            "gen_ai.completion.0.tool_calls.1.arguments": json.dumps({"x": 1}),
        }, []),
        ("Google ADK LLM span", {
            "gen_ai.operation.name": "generate_content",
            "gcp.vertex.agent.llm_request": J({"model": "gemini-2.0-flash", "contents": []}),
            "gcp.vertex.agent.llm_response": json.dumps({"content": {"parts": [{"text": "hi"}]}}),
            "gen_ai.system": "gcp.vertex.agent",
        }, []),
        ("Laminar LLM span", {
            "lmnr.span.type": "LLM",
            "lmnr.span.input": J([{"role": "user", "content": "Hi"}]),
            "lmnr.span.output": json.dumps([{"role": "assistant", "content": "Yo"}]),
            "gen_ai.usage.input_tokens": 4,
            "gen_ai.usage.output_tokens": 2,
            "gen_ai.system": "openai",
        }, []),
        ("Laminar DEFAULT span", {"lmnr.span.type": "DEFAULT", "lmnr.span.input": "x"}, []),
        ("Langfuse generation", {
            "langfuse.observation.type": "generation",
            "langfuse.observation.input": J({"prompt": "p"}),
            "langfuse.observation.output": json.dumps({"text": "t"}),
        }, []),
        ("Langfuse plain span is UNKNOWN", {"langfuse.observation.type": "span"}, []),
    ],
    "typed": [
        ("An MLflow span is left as it is", {
            "mlflow.spanType": J("CHAIN"),
            "mlflow.spanFunctionName": J("run"),
            "mlflow.spanInputs": J({"question": "why"}),
            "mlflow.spanOutputs": J("because"),
        }, []),
        ("An MLflow LLM span keeps its own usage and message format", {
            "mlflow.spanType": J("LLM"),
            "mlflow.spanInputs": J({"messages": []}),
            "mlflow.chat.tokenUsage": J({"input_tokens": 1, "output_tokens": 1, "total_tokens": 2}),
            "mlflow.message.format": J("openai"),
            "mlflow.llm.model": J("gpt-4o"),
            "mlflow.llm.provider": J("openai"),
            "gen_ai.usage.input_tokens": 50,
            "gen_ai.request.model": "other",
            "gen_ai.provider.name": "other",
        }, []),
        ("Model name from the inputs' model field", {
            "mlflow.spanType": J("CHAT_MODEL"),
            "mlflow.spanInputs": J({"model": "gpt-4o-mini", "messages": []}),
            "mlflow.spanOutputs": J({"model": "ignored"}),
        }, []),
        ("Model name from the outputs when the inputs have none", {
            "mlflow.spanType": J("LLM"),
            "mlflow.spanInputs": J({"model": ""}),
            "mlflow.spanOutputs": J({"model": "gpt-4.1", "id": "x"}),
        }, []),
        ("A model field that is not a string stops the search", {
            "mlflow.spanType": J("LLM"),
            "mlflow.spanInputs": J({"model": {"name": "m"}}),
            "mlflow.spanOutputs": J({"model": "gpt-4.1"}),
        }, []),
        ("Inputs that are not JSON are skipped for the model", {
            "mlflow.spanInputs": Raw("not json"),
            "mlflow.spanOutputs": J({"model": "gpt-4.1"}),
        }, []),
        ("A span type that is not JSON and not UNKNOWN is kept", {
            "mlflow.spanType": Raw("LLM"),
            "gen_ai.operation.name": "execute_tool",
        }, []),
        ("A null span type is translated", {
            "mlflow.spanType": None,
            "traceloop.span.kind": "task",
        }, []),
        ("An empty span type is kept", {
            "mlflow.spanType": "",
            "traceloop.span.kind": "task",
        }, []),
        ("Nothing to translate", {"http.method": "GET", "count": 3}, []),
    ],
    "events": [
        ("Spring AI prompt and completion events", {
            "gen_ai.operation.name": "chat",
            "gen_ai.system": "openai",
            "gen_ai.request.model": "gpt-4o",
            "gen_ai.usage.input_tokens": 11,
            "gen_ai.usage.output_tokens": 6,
        }, [
            ("gen_ai.content.prompt", {"gen_ai.prompt": ""}),
            ("gen_ai.content.prompt", {"gen_ai.prompt": "Tell me a joke"}),
            ("gen_ai.content.completion", {"gen_ai.completion": "Why did the chicken..."}),
        ]),
        ("GenAI message events become chat messages", {
            "gen_ai.operation.name": "chat",
        }, [
            ("gen_ai.system.message", {"content": "Be brief."}),
            ("gen_ai.user.message", {"content": json.dumps([{"type": "text", "text": "Grüß dich 😀"}], ensure_ascii=False)}),
            ("gen_ai.assistant.message", {"content": ""}),
            ("gen_ai.user.message", {"content": "again"}),
            ("gen_ai.choice", {"index": 0, "content": "Hallo ☃ \x7f", "role": "assistant"}),
            ("gen_ai.choice", {"content": json.dumps({"text": "second"}), "role": json.dumps("model")}),
        ]),
        ("Attribute inputs win over events", {
            "gen_ai.input.messages": J([{"role": "user", "content": "from attribute"}]),
        }, [
            ("gen_ai.user.message", {"content": "from event"}),
            ("gen_ai.choice", {"content": "output from event"}),
        ]),
        ("Spring events win over GenAI message events", {}, [
            ("gen_ai.user.message", {"content": "user event"}),
            ("gen_ai.content.prompt", {"gen_ai.prompt": "spring prompt"}),
        ]),
        ("Event values keep their type inside the messages", {}, [
            ("gen_ai.user.message", {"content": 42}),
            ("gen_ai.choice", {"content": ["a", 1.5, True]}),
        ]),
        ("Claude Code tool output event", {
            "span.type": "claude_code.tool",
            "tool_name": "Bash",
            "tool_input": "<REDACTED>",
            "full_command": "ls -la",
            "file_path": "<REDACTED>",
        }, [
            ("tool.output", {"output": "<REDACTED>", "content": ""}),
            ("tool.output", {"output": json.dumps({"stdout": "file.txt", "code": 0})}),
        ]),
    ],
    "vendors": [
        ("Gemini CLI LLM call", {
            "gen_ai.agent.name": "gemini-cli",
            "gen_ai.operation.name": "llm_call",
            "gen_ai.input.messages": J([{"role": "user", "parts": [{"text": "hi"}]}]),
            "gen_ai.output.messages": J([
                {"role": "model", "parts": [{"text": "Hel"}]},
                {"role": "model", "parts": [{"text": "lo"}]},
                {"role": "model"},
            ]),
            "gen_ai.usage.input_tokens": 30,
            "gen_ai.usage.output_tokens": 4,
            "gen_ai.request.model": "gemini-2.5-pro",
        }, []),
        ("Gemini CLI system prompt sent as raw text", {
            "gen_ai.agent.name": "gemini-cli",
            "gen_ai.operation.name": Raw("system_prompt"),
            "gen_ai.input.messages": J([{"role": "user", "parts": [{"text": "You are Gemini"}]}, "x"]),
        }, []),
        ("Gemini CLI string prompt and wrapped output", {
            "gen_ai.agent.name": "gemini-cli",
            "gen_ai.operation.name": "user_prompt",
            "gen_ai.input.messages": "plain prompt ü",
            "gen_ai.output.messages": J({"candidates": []}),
        }, []),
        ("Operation names from Gemini CLI need its agent name", {
            "gen_ai.operation.name": "tool_call",
            "gen_ai.input.messages": J([{"role": "user"}]),
        }, []),
        ("Claude Code interaction", {
            "span.type": "claude_code.interaction",
            "user_prompt": "fix the bug",
            "input_tokens": 100,
        }, []),
        ("Claude Code LLM request counts cache tokens as input", {
            "span.type": "llm_request",
            "new_context": "<REDACTED>",
            "response.model_output": "Sure.",
            "input_tokens": "12",
            "output_tokens": 7.9,
            "cache_read_tokens": 1000,
            "cache_creation_tokens": True,
            "model": "claude-sonnet-4-5",
        }, []),
        ("Claude Code tool with tool details", {
            "span.type": "claude_code.tool",
            "tool_input": "<REDACTED>",
            "full_command": "rm -rf /tmp/x ✓",
            "skill_name": json.dumps({"n": 1}),
            "new_context": "result text",
        }, []),
        ("Unknown Claude Code span types are not translated", {"span.type": "claude_code.other"}, []),
        ("Vercel AI doGenerate span", {
            "ai.operationId": "ai.generateText.doGenerate",
            "ai.prompt.format": "messages",
            "ai.prompt.messages": J([{"role": "user", "content": [{"type": "text", "text": "Hi"}]}]),
            "ai.prompt.tools": [json.dumps({"type": "function", "name": "f"}), "not json"],
            "ai.response.text": "Hello",
            "ai.response.finishReason": "stop",
            "ai.usage.promptTokens": 5,
            "gen_ai.request.model": "gpt-4o",
            "gen_ai.usage.input_tokens": 5,
            "gen_ai.usage.output_tokens": 1,
        }, []),
        ("Vercel AI chat span overwrites a message format and iterates a string of tools", {
            "mlflow.message.format": "openai",
            "ai.operationId": "ai.streamText.doStream",
            "ai.prompt.tools": "a1[",
        }, []),
        ("Vercel AI chat span without prompt attributes", {
            "ai.operationId": "ai.streamText.doStream",
            "output": "volt output",
        }, []),
        ("Vercel AI generateText span", {
            "ai.operationId": "ai.generateText",
            "ai.prompt": J({"prompt": "Write a haiku"}),
            "ai.response.text": "Old pond",
        }, []),
        ("Vercel AI embedMany span", {
            "ai.operationId": "ai.embedMany",
            "ai.values": ["a", "b"],
            "ai.embeddings": [[0.1, 0.2], [0.3, 0.4]],
        }, []),
        ("VoltAgent LLM span", {
            "entity.type": "agent",
            "span.type": "llm",
            "llm.messages": J([{"role": "user", "content": "hi"}]),
            "output": "hello",
            "usage.prompt_tokens": 9,
            "llm.usage.completion_tokens": 3,
            "usage.total_tokens": "",
            "llm.usage.total_tokens": 12,
            "voltagent.operation_id": "op-1",
        }, []),
        ("VoltAgent root agent span", {
            "entity.type": "agent",
            "agent.messages": J([{"role": "user", "content": "task"}]),
            "voltagent.conversation_id": "c-1",
        }, []),
        ("LiveKit agent turn", {
            "lk.agent_name": "assistant",
            "lk.user_input": "what's the weather",
            "lk.response.text": "Sunny",
        }, []),
        ("LiveKit operation names ignore case", {
            "gen_ai.operation.name": "Chat",
            "lk.chat_ctx": json.dumps([{"role": "user"}]),
            "lk.response.function_calls": json.dumps([{"name": "f"}]),
        }, []),
        ("LiveKit function tool and TTS spans", {
            "lk.function_tool.name": "lookup",
            "lk.tts.streaming": True,
        }, []),
        ("LiveKit TTS span", {"lk.tts.label": "cartesia", "lk.input_text": "Say hi"}, []),
    ],
    "edges": [
        ("Token counts Python's int() accepts", {
            "gen_ai.usage.input_tokens": "1_000",
            "gen_ai.usage.output_tokens": Raw("+25"),
            "gen_ai.usage.cache_read.input_tokens": "\u0664\u0662",
        }, []),
        ("Boolean token counts are kept as booleans", {
            "gen_ai.usage.input_tokens": True,
            "gen_ai.usage.output_tokens": 2,
        }, []),
        ("Float token counts are not counts", {
            "gen_ai.usage.input_tokens": 3.0,
            "gen_ai.usage.output_tokens": "1.5",
            "llm.token_count.total": 7,
        }, []),
        ("Huge token counts keep every digit", {
            "llm.token_count.prompt": "123456789012345678901234567890",
            "llm.token_count.completion": 1,
        }, []),
        ("Python's JSON rejects +Infinity and INF spellings", {
            "lmnr.span.input": Raw("+Infinity"),
            "lmnr.span.output": Raw("-INF"),
            "gen_ai.response.model": Raw("NaN"),
        }, []),
        ("A model name that is JSON keeps its type", {
            "llm.model_name": Raw("[1, 2]"),
            "llm.provider": Raw("{\"a\": null}"),
        }, []),
        ("Spring AI event values that are not strings", {}, [
            ("gen_ai.content.prompt", {"gen_ai.prompt": ["a", 1]}),
            ("gen_ai.content.completion", {"gen_ai.completion": {"model": "m-1", "n": 2}}),
        ]),
        ("Falsy JSON values are skipped", {
            "input.value": Raw("0"),
            "gen_ai.input.messages": Raw("null"),
            "gen_ai.tool.call.arguments": Raw("false"),
            "traceloop.entity.input": Raw("  "),
            "output.value": Raw("0.0"),
            "gen_ai.output.messages": Raw("NaN"),
        }, []),
    ],
    "errors": [
        ("A list span kind is unhashable", {"openinference.span.kind": ["LLM"]}, []),
        ("A dict VoltAgent span type is unhashable", {"span.type": {"a": 1}}, []),
        ("Vercel AI tools that are a number cannot be iterated", {
            "ai.operationId": "ai.generateText.doGenerate",
            "ai.prompt.tools": 3,
        }, []),
        ("Claude Code infinite token count", {
            "span.type": "claude_code.llm_request",
            "input_tokens": float("inf"),
        }, []),
    ],
}


def translation(section):
    cases = []
    for name, attributes, events in TRANSLATION_CASES[section]:
        span = otel_span(bytes.fromhex("00f067aa0ba902b7"), None, attributes, events)
        encoded = dict(span._span._attributes)
        lines = []
        try:
            translated = translate_span_when_storing(span)["attributes"]
        except Exception as e:
            lines.append(f"                // MLflow raises {type(e).__name__}: {e}")
            lines.append(f"                rejects({java_string(name)},")
            lines.append(f"                        {java_attrs(encoded, 24)},")
            lines.append(f"                        {java_events(events, 24)})")
            cases.append("\n".join(lines))
            continue
        for key, value in translated.items():
            if not isinstance(value, str):
                lines.append(f"                // MLflow keeps {key} as the {type(value).__name__} itself; as text it is its JSON")
                translated[key] = dump_span_attribute_value(value)
        lines.append(f"                translates({java_string(name)},")
        lines.append(f"                        {java_attrs(encoded, 24)},")
        lines.append(f"                        {java_events(events, 24)},")
        lines.append(f"                        {java_attrs(translated, 24)})")
        cases.append("\n".join(lines))
    java_method(section, cases)


# (name, [(span_id, parent_id, attributes)]); span ids are 16 hex digits.
def sid(n):
    return f"{n:016x}"


USAGE = {"input_tokens": 10, "output_tokens": 5, "total_tokens": 15}
USAGE_CASES = [
    ("One LLM span", [(1, None, {"mlflow.chat.tokenUsage": J(USAGE)})]),
    ("A parent that rolls up its children is counted once", [
        (1, None, {"mlflow.spanType": "AGENT", "mlflow.chat.tokenUsage": J({"input_tokens": 30, "output_tokens": 12, "total_tokens": 42})}),
        (2, 1, {"mlflow.chat.tokenUsage": J({"input_tokens": 10, "output_tokens": 2, "total_tokens": 12})}),
        (3, 1, {"mlflow.chat.tokenUsage": J({"input_tokens": 20, "output_tokens": 10, "total_tokens": 30})}),
    ]),
    ("Siblings under a parent without usage are summed", [
        (1, None, {"mlflow.spanType": "CHAIN"}),
        (2, 1, {"gen_ai.usage.input_tokens": 7, "gen_ai.usage.output_tokens": 3}),
        (3, 1, {"llm.token_count.prompt": 4, "llm.token_count.total": 4, "llm.token_count.prompt_details.cache_read": 2}),
    ]),
    ("A nested rollup hides its descendants but not its siblings", [
        (1, None, {}),
        (2, 1, {"gen_ai.operation.name": "invoke_agent", "gen_ai.usage.input_tokens": 100, "gen_ai.usage.output_tokens": 50, "gen_ai.usage.cache_read.input_tokens": 40}),
        (3, 2, {"gen_ai.usage.input_tokens": 60, "gen_ai.usage.output_tokens": 30}),
        (4, 3, {"gen_ai.usage.input_tokens": 60, "gen_ai.usage.output_tokens": 30}),
        (5, 1, {"gen_ai.usage.input_tokens": 1, "gen_ai.usage.output_tokens": 1, "gen_ai.usage.cache_write.input_tokens": 9}),
    ]),
    ("A span whose parent is elsewhere counts as a root", [
        (2, 99, {"mlflow.chat.tokenUsage": J({"input_tokens": 3, "total_tokens": 3})}),
        (3, 2, {"mlflow.chat.tokenUsage": J({"input_tokens": 3, "total_tokens": 3})}),
        (4, 98, {"mlflow.chat.tokenUsage": J({"output_tokens": 8, "cache_creation_input_tokens_above_1hr": 1})}),
    ]),
    ("No usage anywhere", [(1, None, {"mlflow.spanType": "CHAIN"}), (2, 1, {"x": 1})]),
    ("Usage that is not an object is no usage", [
        (1, None, {"mlflow.chat.tokenUsage": J([1, 2])}),
        (2, None, {"mlflow.chat.tokenUsage": Raw("not json")}),
    ]),
    ("An empty usage object counts as zero usage", [(1, None, {"mlflow.chat.tokenUsage": J({})})]),
    ("Counts that are not integers are left out", [
        (1, None, {"mlflow.chat.tokenUsage": J({"input_tokens": 1.5, "output_tokens": 2.0, "total_tokens": True, "cache_read_input_tokens": 1e30})}),
    ]),
    ("Float counts that add up to a whole number count", [
        (1, None, {"mlflow.chat.tokenUsage": J({"input_tokens": 0.5, "output_tokens": 2})}),
        (2, None, {"mlflow.chat.tokenUsage": J({"input_tokens": 0.5, "output_tokens": 1.5})}),
    ]),
    ("Counts beyond a BIGINT are left out", [
        (1, None, {"mlflow.chat.tokenUsage": J({"input_tokens": 2**63, "output_tokens": 2**63 - 1})}),
    ]),
    ("A string count fails the batch", [(1, None, {"mlflow.chat.tokenUsage": J({"input_tokens": "3"})})]),
    ("A null count fails the batch", [(1, None, {"mlflow.chat.tokenUsage": J({"cache_read_input_tokens": None})})]),
]

SESSION_CASES = [
    ("Session and user from the first span that has them", [
        (1, None, {"x": 1}),
        (2, 1, {"session.id": "s-1", "user.id": "u-1"}),
        (3, 1, {"session.id": "s-2", "user.id": "u-2"}),
    ]),
    ("GenAI conversation id", [(1, None, {"gen_ai.conversation.id": "conv-9", "user.id": 42})]),
    ("session.id wins over the conversation id", [(1, None, {"gen_ai.conversation.id": "conv", "session.id": "sess"})]),
    ("An empty session id still ends the search", [
        (1, None, {"session.id": "", "user.id": ""}),
        (2, 1, {"session.id": "later", "user.id": "later"}),
    ]),
    ("A session id that is not a JSON string is kept as stored", [(1, None, {"session.id": 12345, "user.id": Raw("raw-user")})]),
    ("A session id of 250 characters", [(1, None, {"session.id": "s" * 250})]),
    ("A session id of 251 characters is rejected", [(1, None, {"session.id": "s" * 251})]),
    ("A long non-ASCII session id is measured in characters", [(1, None, {"session.id": "😀" * 250})]),
]


def usage(cases):
    from mlflow.store.tracking.sqlalchemy_store import SqlAlchemyStore

    tmp = tempfile.mkdtemp()
    store = SqlAlchemyStore(f"sqlite:///{tmp}/mlflow.db", f"{tmp}/artifacts")
    experiment_id = store.create_experiment("cases")
    cases_out = []
    for index, (name, spans) in enumerate(cases):
        trace_bytes = (index + 1).to_bytes(16, "big")
        mlflow_spans = []
        for span_id, parent_id, attributes in spans:
            parent = bytes.fromhex(sid(parent_id)) if parent_id else None
            span = otel_span(bytes.fromhex(sid(span_id)), parent, attributes, trace_id=trace_bytes)
            mlflow_spans.append(span)
        nodes = []
        for span, (span_id, parent_id, _) in zip(mlflow_spans, spans):
            translated = translate_span_when_storing(span)["attributes"]
            parent = java_string(sid(parent_id)) if parent_id else "null"
            nodes.append(f"node({java_string(sid(span_id))}, {parent}, {java_attrs(translated, 16)})")
        try:
            store.log_spans(experiment_id, mlflow_spans)
            metadata = store.get_trace_info(mlflow_spans[0].trace_id).trace_metadata
            expected = ", ".join(
                java_string(metadata[key]) if key in metadata else "null"
                for key in ("mlflow.trace.tokenUsage", "mlflow.trace.session", "mlflow.trace.user")
            )
            opening = f"        expect({java_string(name)}, {expected},"
        except MlflowException as e:
            opening = (f"        // MLflow refuses the request: {e.message}\n"
                       f"        rejectsSession({java_string(name)},")
        except TypeError as e:
            opening = (f"        // MLflow raises TypeError: {e}\n"
                       f"        rejectsUsage({java_string(name)},")
        cases_out.append(opening + "\n                " + ",\n                ".join(nodes) + ")")
    print(",\n".join(cases_out))


if __name__ == "__main__":
    if sys.argv[1] == "content":
        content()
    elif sys.argv[1] == "translation":
        for section in TRANSLATION_CASES:
            translation(section)
    else:
        usage(USAGE_CASES + SESSION_CASES)
