"""Writes the golden OTLP fixtures that OtlpGoldenTest decodes.

Run with the project's venv (it has opentelemetry-proto):
    .venv/bin/python src/test/resources/otlp/make_golden.py src/test/resources/otlp

golden-request.hex is the request's SerializeToString() output as hex. golden-request.json is the
same request in OTLP JSON: protobuf's JSON mapping with the span and link ids rewritten as hex,
as the OTLP spec has them. Both must decode to the same spans.
"""

import base64
import json
import pathlib
import sys

from google.protobuf.json_format import MessageToDict
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.proto.common.v1.common_pb2 import AnyValue, KeyValue
from opentelemetry.proto.trace.v1.trace_pb2 import Span, Status

TRACE_ID = bytes.fromhex("5b8efff798038103d269b633813fc60c")
ROOT_ID = bytes.fromhex("eee19b7ec3c1b174")
CHILD_ID = bytes.fromhex("00f067aa0ba902b7")


def any_value(value):
    v = AnyValue()
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
    elif isinstance(value, bytes):
        v.bytes_value = value
    elif isinstance(value, list):
        v.array_value.SetInParent()
        for item in value:
            v.array_value.values.append(any_value(item))
    elif isinstance(value, dict):
        v.kvlist_value.SetInParent()
        for key, item in value.items():
            v.kvlist_value.values.append(KeyValue(key=key, value=any_value(item)))
    return v


def attrs(pairs):
    return [KeyValue(key=k, value=any_value(v)) for k, v in pairs.items()]


def build():
    req = ExportTraceServiceRequest()
    rs = req.resource_spans.add()
    rs.schema_url = "https://opentelemetry.io/schemas/1.24.0"
    rs.resource.attributes.extend(attrs({"service.name": "golden-svc", "host.cpus": 8}))
    rs.resource.dropped_attributes_count = 1
    ss = rs.scope_spans.add()
    ss.scope.name = "golden.scope"
    ss.scope.version = "1.2.3"

    root = ss.spans.add()
    root.trace_id = TRACE_ID
    root.span_id = ROOT_ID
    root.trace_state = "vendor=x"
    root.flags = 0x101
    root.name = "root span"
    root.kind = Span.SPAN_KIND_SERVER
    root.start_time_unix_nano = 1_700_000_000_000_000_001
    root.end_time_unix_nano = 1_700_000_005_000_000_002
    root.attributes.extend(attrs({
        "mlflow.spanType": '"CHAIN"',
        "text": "ünï 中文 😀 \"q\"\n",
        "flag": True,
        "off": False,
        "count": 42,
        "negative": -7,
        "min": -(2**63),
        "ratio": 0.1,
        "big": 1.5e300,
        "raw": b"\x00\x01\xfe\xff",
        "list": [1, "two", 3.5, False, None, [4, [5]], {"k": "v"}],
        "map": {"a": 1, "b": {"c": [True, 2.25]}, "n": None},
        "unset": None,
        "empty_list": [],
        "empty_map": {},
    }))
    root.dropped_attributes_count = 3
    ev = root.events.add()
    ev.time_unix_nano = 1_700_000_001_000_000_000
    ev.name = "exception"
    ev.attributes.extend(attrs({"exception.message": "boom", "exception.escaped": False}))
    root.events.add(name="bare")
    root.dropped_events_count = 2
    link = root.links.add()
    link.trace_id = bytes.fromhex("0af7651916cd43dd8448eb211c80319c")
    link.span_id = bytes.fromhex("b7ad6b7169203331")
    link.trace_state = "k=v"
    link.attributes.extend(attrs({"link.kind": "follows"}))
    link.flags = 1
    root.status.CopyFrom(Status(code=Status.STATUS_CODE_ERROR, message="it failed"))

    child = ss.spans.add()
    child.trace_id = TRACE_ID
    child.span_id = CHILD_ID
    child.parent_span_id = ROOT_ID
    child.name = "child"
    child.kind = Span.SPAN_KIND_CLIENT
    child.start_time_unix_nano = 1_700_000_001_500_000_000
    child.end_time_unix_nano = 1_700_000_002_000_000_000
    child.attributes.extend(attrs({"mlflow.spanInputs": '{"x": 1}', "score": -0.0}))
    child.status.code = Status.STATUS_CODE_OK
    return req


def to_otlp_json(req):
    data = MessageToDict(req)
    for rs in data["resourceSpans"]:
        for ss in rs["scopeSpans"]:
            for span in ss["spans"]:
                for holder in [span, *span.get("links", [])]:
                    for field in ("traceId", "spanId", "parentSpanId"):
                        if field in holder:
                            holder[field] = base64.b64decode(holder[field]).hex()
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def main(out_dir):
    req = build()
    out = pathlib.Path(out_dir)
    (out / "golden-request.hex").write_text(req.SerializeToString().hex() + "\n")
    (out / "golden-request.json").write_text(to_otlp_json(req), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
