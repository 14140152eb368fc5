"""OTLP trace export bodies, built with the opentelemetry-proto package the client ships with."""

from __future__ import annotations

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

START_NS = 1_700_000_000_000_000_000


def export_request(trace_hex: str, spans: list[tuple[str, str | None, str]],
                   service: str = "checkout") -> ExportTraceServiceRequest:
    """One trace's spans, each (span id hex, parent span id hex or None, name), 250 ms long, OK."""
    request = ExportTraceServiceRequest()
    resource_spans = request.resource_spans.add()
    attr = resource_spans.resource.attributes.add()
    attr.key, attr.value.string_value = "service.name", service
    scope = resource_spans.scope_spans.add()
    for span_hex, parent_hex, name in spans:
        span = scope.spans.add()
        span.trace_id = bytes.fromhex(trace_hex)
        span.span_id = bytes.fromhex(span_hex)
        if parent_hex:
            span.parent_span_id = bytes.fromhex(parent_hex)
        span.name = name
        span.start_time_unix_nano = START_NS
        span.end_time_unix_nano = START_NS + 250_000_000
        span.status.code = 1
        kv = span.attributes.add()
        kv.key, kv.value.int_value = "http.status_code", 200
    return request


def tree(trace_hex: str, size: int) -> ExportTraceServiceRequest:
    """A root span and size - 1 children."""
    root = f"{1:016x}"
    spans = [(root, None, "root")] + [(f"{i + 2:016x}", root, f"child-{i}") for i in range(size - 1)]
    return export_request(trace_hex, spans)
