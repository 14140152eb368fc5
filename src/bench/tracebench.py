"""Traces for measures (g) and (h): what MLflow's tracing client sends, and a search dataset.

- (g) bodies: a trace of TRACE_SPANS spans (a root and its children) as the stock client exports it:
  an OTLP ExportTraceServiceRequest (protobuf, built with opentelemetry-proto) for POST /v1/traces,
  then the trace info as start-trace v3 JSON for POST /api/3.0/mlflow/traces. Attribute values are
  typed OTLP AnyValues as MLflow 3.18's Span.to_otel_proto() writes them (inputs and outputs as
  key-value lists), not JSON strings.
- (h) dataset: SEARCH_TRACES traces with one root span each, generated once from a fixed seed into
  TSV files and bulk-loaded straight into each server's schema, with the rows each server's own
  store writes for a trace logged by that client (spans first, then start-trace): trace info, tags
  (env=prod on about 10%), request metadata and the span's content JSON.
"""
import base64
import datetime
import json
import os
import random

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.proto.common.v1.common_pb2 import AnyValue
from opentelemetry.proto.trace.v1.trace_pb2 import Span, Status

import dataset

SEED = 20261207
TRACE_SPANS = 10
SEARCH_TRACES = 100_000
PROD_SHARE = 0.10
SEARCH_EXPERIMENT = "bench-traces"
INGEST_EXPERIMENT = "bench-trace-ingest"
CHILD_KINDS = (("retrieve_documents", "RETRIEVER"), ("chat_completion", "CHAT_MODEL"), ("call_tool", "TOOL"))
WORDS = ("model", "vector", "index", "query", "answer", "context", "token", "prompt", "agent", "tool", "result",
         "search", "policy", "report", "latency", "budget", "region", "customer", "invoice", "schedule")
SDK_RESOURCE = (("telemetry.sdk.language", "python"), ("telemetry.sdk.name", "mlflow"),
                ("telemetry.sdk.version", "3.18.0"))
# What the client puts into every trace's metadata (mlflow.tracing.utils and the trace manager).
CLIENT_METADATA = {"mlflow.source.name": "agent_service.py", "mlflow.trace_schema.version": "3",
                   "mlflow.source.type": "LOCAL", "mlflow.source.git.commit": "", "mlflow.source.git.repoURL": "",
                   "mlflow.user": "bench", "mlflow.source.git.branch": ""}
FINALIZED = "mlflow.trace.infoFinalized"  # what start-trace adds to the metadata, in both stores


def _text(words):
    rng = random.Random(SEED)
    return " ".join(rng.choice(WORDS) for _ in range(words))


_TEXT = _text(4000)


def sentence(rng, length):
    """Seeded filler text of `length` characters: a slice of a fixed text of random words."""
    start = rng.randrange(len(_TEXT) - length)
    return _TEXT[start:start + length]


def span_values(rng, index):
    """(name, span type, inputs, outputs) of span `index` (0 is the root); each about 200 bytes as JSON."""
    if index == 0:
        return ("agent", "AGENT", {"question": sentence(rng, 150), "session": "s-%06d" % rng.randrange(10**6)},
                {"answer": sentence(rng, 170)})
    name, kind = CHILD_KINDS[(index - 1) % len(CHILD_KINDS)]
    return ("%s_%d" % (name, index), kind, {"query": sentence(rng, 140), "top_k": 5, "model": "bench-llm-small"},
            {"result": sentence(rng, 160), "tokens": rng.randrange(50, 500)})


def _json(value):
    """As the client's json.dumps renders attribute values and previews (", " and ": " separators)."""
    return json.dumps(value, ensure_ascii=False)


# ---- (g): request bodies ---------------------------------------------------------------------------

def _any_value(value):
    if isinstance(value, bool):
        return AnyValue(bool_value=value)
    if isinstance(value, int):
        return AnyValue(int_value=value)
    if isinstance(value, float):
        return AnyValue(double_value=value)
    if isinstance(value, str):
        return AnyValue(string_value=value)
    if isinstance(value, dict):
        out = AnyValue()
        for k, v in value.items():
            out.kvlist_value.values.add(key=k).value.CopyFrom(_any_value(v))
        return out
    out = AnyValue()
    for v in value:
        out.array_value.values.add().CopyFrom(_any_value(v))
    return out


def trace_bodies(rng, trace_id, start_ns, experiment_id, spans=TRACE_SPANS):
    """(OTLP protobuf bytes, start-trace JSON bytes) of one finished trace; `trace_id` is 16 bytes."""
    request_id = "tr-" + trace_id.hex()
    request = ExportTraceServiceRequest()
    resource_spans = request.resource_spans.add()
    for key, value in SDK_RESOURCE:
        resource_spans.resource.attributes.add(key=key).value.string_value = value
    scope = resource_spans.scope_spans.add()
    root_id = rng.getrandbits(64).to_bytes(8, "big")
    child_ns = 2_000_000  # each child takes 2 ms, one after another, inside the root
    end_ns = start_ns + (spans - 1) * child_ns + 1_000_000
    otlp_spans, root_io, sizes = [], None, []
    for i in range(spans):
        name, kind, inputs, outputs = span_values(rng, i)
        span = Span(trace_id=trace_id, span_id=root_id if i == 0 else rng.getrandbits(64).to_bytes(8, "big"),
                    name=name, kind=Span.SPAN_KIND_INTERNAL, status=Status(code=Status.STATUS_CODE_OK))
        if i == 0:
            span.start_time_unix_nano, span.end_time_unix_nano = start_ns, end_ns
            root_io = (inputs, outputs)
        else:
            span.parent_span_id = root_id
            span.start_time_unix_nano = start_ns + 500_000 + (i - 1) * child_ns
            span.end_time_unix_nano = span.start_time_unix_nano + child_ns - 100_000
        for key, value in (("mlflow.traceRequestId", request_id), ("mlflow.spanType", kind),
                           ("mlflow.spanFunctionName", name), ("mlflow.spanInputs", inputs),
                           ("mlflow.spanOutputs", outputs), ("mlflow.spanLogLevel", 20)):
            span.attributes.add(key=key).value.CopyFrom(_any_value(value))
        otlp_spans.append(span)
        sizes.append(len(_json(inputs)) + len(_json(outputs)) + 500)
    # The client's span processor exports children as they end, the root last.
    scope.spans.extend(otlp_spans[1:] + otlp_spans[:1])
    info = trace_info_json(request_id, experiment_id, start_ns // 1_000_000, (end_ns - start_ns) // 1_000_000,
                           root_io[0], root_io[1], sizes, {"mlflow.traceName": "agent"})
    return request.SerializeToString(), json.dumps({"trace": {"trace_info": info}}).encode()


def size_stats(sizes):
    ordered = sorted(sizes)
    pick = lambda p: ordered[min(len(ordered) - 1, int(p * len(ordered)))]  # noqa: E731
    return {"total_size_bytes": sum(sizes), "num_spans": len(sizes), "max": ordered[-1],
            "p25": pick(0.25), "p50": pick(0.5), "p75": pick(0.75)}


def trace_metadata(inputs, outputs, sizes):
    stats = size_stats(sizes)
    metadata = dict(CLIENT_METADATA)
    metadata.update({"mlflow.traceInputs": _json(inputs), "mlflow.traceOutputs": _json(outputs),
                     "mlflow.trace.sizeStats": _json(stats), "mlflow.trace.sizeBytes": str(stats["total_size_bytes"])})
    return metadata


def trace_info_json(request_id, experiment_id, start_ms, duration_ms, inputs, outputs, sizes, tags):
    """The trace_info of the client's StartTraceV3 request, in protobuf's JSON form."""
    when = datetime.datetime.fromtimestamp(start_ms / 1000, datetime.timezone.utc)
    return {"trace_id": request_id,
            "trace_location": {"type": "MLFLOW_EXPERIMENT", "mlflow_experiment": {"experiment_id": str(experiment_id)}},
            "request_time": when.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (start_ms % 1000),
            "execution_duration": "%.3fs" % (duration_ms / 1000), "state": "OK",
            "trace_metadata": trace_metadata(inputs, outputs, sizes), "tags": tags,
            "request_preview": _json(inputs), "response_preview": _json(outputs)}


# ---- (h): the search dataset -------------------------------------------------------------------------

FILES = ("trace_info", "trace_tags", "trace_metadata", "spans")


def _tsv(value):
    """A field for LOAD DATA's default escaping: backslashes doubled, NULL as \\N."""
    if value is None:
        return "\\N"
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def span_content(trace_hex, span_hex, name, kind, start_ns, end_ns, inputs, outputs, request_id):
    """A root span's content as both stores keep it: MLflow's Span.to_dict(), attribute values
    JSON-encoded, rendered by json.dumps (MLflow's order of keys)."""
    attributes = {"mlflow.traceRequestId": _json(request_id), "mlflow.spanType": _json(kind),
                  "mlflow.spanFunctionName": _json(name), "mlflow.spanInputs": _json(inputs),
                  "mlflow.spanOutputs": _json(outputs), "mlflow.spanLogLevel": "20"}
    content = {"trace_id": base64.b64encode(bytes.fromhex(trace_hex)).decode(),
               "span_id": base64.b64encode(bytes.fromhex(span_hex)).decode(), "parent_span_id": None,
               "name": name, "kind": "SPAN_KIND_INTERNAL", "start_time_unix_nano": start_ns, "end_time_unix_nano": end_ns,
               "events": [], "status": {"code": "STATUS_CODE_OK", "message": ""}, "attributes": attributes, "links": []}
    return _json(content)


def generate(folder):
    """Writes the search dataset (skipped when it is already there: the seed makes it identical).
    Server-specific details (the artifact location, MLflow's trace_name column) are set at load."""
    os.makedirs(folder, exist_ok=True)
    done = os.path.join(folder, "traces-done")
    if os.path.exists(done):
        return
    rng = random.Random(SEED)
    out = {name: open(os.path.join(folder, name + ".tsv"), "w") for name in FILES}
    try:
        for i in range(SEARCH_TRACES):
            trace_hex = "%032x" % rng.getrandbits(128)
            span_hex = "%016x" % rng.getrandbits(64)
            request_id = "tr-" + trace_hex
            start_ms = dataset.BASE_TIME + i * 1000 + rng.randrange(1000)
            duration_ms = rng.randrange(20, 5000)
            name, kind, inputs, outputs = span_values(rng, 0)
            roll = rng.random()
            env = "prod" if roll < PROD_SHARE else ("staging" if roll < 0.3 else "dev")
            sizes = [len(_json(inputs)) + len(_json(outputs)) + 500]
            out["trace_info"].write("\t".join(_tsv(v) for v in (
                request_id, start_ms, duration_ms, "OK", _json(inputs), _json(outputs), name)) + "\n")
            out["trace_tags"].write("%s\tenv\t%s\n" % (request_id, env))
            out["trace_tags"].write("%s\tmlflow.trace.spansLocation\tTRACKING_STORE\n" % request_id)
            metadata = trace_metadata(inputs, outputs, sizes)
            metadata[FINALIZED] = "true"
            for key, value in sorted(metadata.items()):
                out["trace_metadata"].write("%s\t%s\t%s\n" % (request_id, key, _tsv(value)))
            start_ns, end_ns = start_ms * 1_000_000, (start_ms + duration_ms) * 1_000_000
            content = span_content(trace_hex, span_hex, name, kind, start_ns, end_ns, inputs, outputs, request_id)
            out["spans"].write("\t".join(_tsv(v) for v in (
                request_id, span_hex, name, kind, "OK", start_ns, end_ns, content)) + "\n")
    finally:
        for f in out.values():
            f.close()
    open(done, "w").close()


def prod_count(folder):
    with open(os.path.join(folder, "trace_tags.tsv")) as f:
        return sum(1 for line in f if line.endswith("\tenv\tprod\n"))


def _load(cur, folder, name, table, columns, assignments):
    path = os.path.join(os.path.abspath(folder), name + ".tsv")
    cur.execute("LOAD DATA LOCAL INFILE %%s INTO TABLE %s CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' (%s) SET %s"
                % (table, columns, assignments), (path,))


def _artifact_location(cur, experiment_id):
    cur.execute("SELECT artifact_location FROM experiments WHERE experiment_id = %s", (int(experiment_id),))
    root = cur.fetchone()[0]
    return root if root.endswith("/") else root + "/"


def load_labbook(database, folder, experiment_id):
    """Labbook's schema (migrations/V6__traces.sql): the trace name stays a tag."""
    with dataset.connect(database) as db, db.cursor() as cur:
        cur.execute("SET foreign_key_checks = 0, unique_checks = 0")
        root = _artifact_location(cur, experiment_id)
        _load(cur, folder, "trace_info", "trace_info", "request_id, timestamp_ms, execution_time_ms, status, "
              "request_preview, response_preview, @name", "experiment_id = %d" % int(experiment_id))
        _load_common(cur, folder, root, experiment_id)
        cur.execute("INSERT INTO trace_tags (request_id, `key`, `value`) "
                    "SELECT request_id, 'mlflow.traceName', 'agent' FROM trace_info WHERE experiment_id = %s",
                    (int(experiment_id),))
        cur.execute("ANALYZE TABLE trace_info, trace_tags, trace_request_metadata, spans")


def load_mlflow(database, folder, experiment_id):
    """MLflow 3.18's schema (its SqlTraceInfo, SqlTraceTag, SqlTraceMetadata, SqlSpan): the trace
    name lives in trace_info.trace_name and not among the tags; db_payload_generation counts the
    writes (log-spans, then start-trace: 2)."""
    with dataset.connect(database) as db, db.cursor() as cur:
        cur.execute("SET foreign_key_checks = 0, unique_checks = 0")
        root = _artifact_location(cur, experiment_id)
        _load(cur, folder, "trace_info", "trace_info", "request_id, timestamp_ms, execution_time_ms, status, "
              "request_preview, response_preview, trace_name",
              "experiment_id = %d, db_payload_generation = 2" % int(experiment_id))
        _load_common(cur, folder, root, experiment_id)
        cur.execute("ANALYZE TABLE trace_info, trace_tags, trace_request_metadata, spans")


def _load_common(cur, folder, root, experiment_id):
    """Tags, metadata and spans: the same columns in both schemas."""
    _load(cur, folder, "trace_tags", "trace_tags", "request_id, `key`, `value`", "request_id = request_id")
    cur.execute("INSERT INTO trace_tags (request_id, `key`, `value`) "
                "SELECT request_id, 'mlflow.artifactLocation', CONCAT(%s, 'traces/', request_id, '/artifacts') "
                "FROM trace_info WHERE experiment_id = %s", (root, int(experiment_id)))
    _load(cur, folder, "trace_metadata", "trace_request_metadata", "request_id, `key`, `value`",
          "request_id = request_id")
    _load(cur, folder, "spans", "spans", "trace_id, span_id, name, type, status, start_time_unix_nano, "
          "end_time_unix_nano, content", "experiment_id = %d, parent_span_id = NULL" % int(experiment_id))


# ---- checking the loaded rows against the server's own ------------------------------------------------

def row_shape(database, request_id):
    """What a trace's rows look like, without its values: the trace_info columns that are set (with
    db_payload_generation's value where the schema has it), the tag and metadata keys, and for the
    root span the columns that are set, the content's keys in order and its attribute keys."""
    with dataset.connect(database) as db, db.cursor() as cur:
        cur.execute("SELECT * FROM trace_info WHERE request_id = %s", (request_id,))
        names = [d[0] for d in cur.description]
        row = dict(zip(names, cur.fetchone()))
        info = sorted(k for k, v in row.items() if v is not None)
        generation = row.get("db_payload_generation")
        cur.execute("SELECT `key` FROM trace_tags WHERE request_id = %s", (request_id,))
        tags = sorted(r[0] for r in cur.fetchall())
        cur.execute("SELECT `key` FROM trace_request_metadata WHERE request_id = %s", (request_id,))
        metadata = sorted(r[0] for r in cur.fetchall())
        cur.execute("SELECT * FROM spans WHERE trace_id = %s AND parent_span_id IS NULL", (request_id,))
        names = [d[0] for d in cur.description]
        span = dict(zip(names, cur.fetchone()))
    content = json.loads(span["content"])
    return {"trace_info": info, "db_payload_generation": generation, "tags": tags, "metadata": metadata,
            "span_columns": sorted(k for k, v in span.items() if v is not None),
            "span_id_length": len(span["span_id"]), "content_keys": list(content),
            "attribute_keys": sorted(content.get("attributes", {}))}


def shape_differences(ours, theirs, ignore_tags=("env",)):
    """The fields in which a loaded trace's shape differs from one the server wrote itself."""
    out = []
    for key in theirs:
        a, b = ours.get(key), theirs.get(key)
        if key == "tags":
            a, b = [t for t in a if t not in ignore_tags], [t for t in b if t not in ignore_tags]
        if a != b:
            out.append("%s: loaded %s, server %s" % (key, a, b))
    return out


def first_trace_id(folder):
    with open(os.path.join(folder, "trace_info.tsv")) as f:
        return f.readline().split("\t", 1)[0]
