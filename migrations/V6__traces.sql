-- MLflow 3 tracing: trace infos with their tags and request metadata, spans, assessments, and the
-- links from traces to runs. Same conventions as V1: one file for H2 (MODE=MariaDB) and MariaDB,
-- utf8mb4_nopad_bin everywhere so keys compare exactly.

-- One row per trace. request_id is the trace id ("tr-" + the 32 hex digits of the OpenTelemetry
-- trace id); MLflow's SQL store keeps the v2 column names and so does this table, which keeps an
-- import from MLflow a column-for-column copy. status holds the TraceState name (OK, ERROR,
-- IN_PROGRESS, STATE_UNSPECIFIED). execution_time_ms is NULL while a trace has not ended.
CREATE TABLE trace_info (
  request_id VARCHAR(50) NOT NULL,
  experiment_id BIGINT NOT NULL,
  timestamp_ms BIGINT NOT NULL,
  execution_time_ms BIGINT NULL,
  status VARCHAR(50) NOT NULL,
  client_request_id VARCHAR(50) NULL,
  request_preview VARCHAR(1000) NULL,
  response_preview VARCHAR(1000) NULL,
  PRIMARY KEY (request_id),
  CONSTRAINT trace_info_experiment_fk FOREIGN KEY (experiment_id) REFERENCES experiments (experiment_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- Every trace search scopes by experiment and its default order is timestamp_ms DESC, request_id
-- ASC: this index serves that page and its keyset page tokens without a sort, and also the
-- delete-by-max-timestamp and delete-oldest-N calls.
CREATE INDEX trace_info_experiment_time ON trace_info (experiment_id, timestamp_ms, request_id);

-- Tags and request metadata: MLflow limits keys to 250 and values to 8000 characters. The
-- primary key loads a page of traces' tags at once; the (key, value) index lets a tag or metadata
-- filter (tags.env = 'prod', metadata.`mlflow.sourceRun` = '...') find its traces without reading
-- the tags of every trace in the experiment. MariaDB indexes the first 256 characters of a value
-- (the filter still compares the whole value); H2 indexes whole values. The code generator skips
-- the prefixed statements.
CREATE TABLE trace_tags (
  request_id VARCHAR(50) NOT NULL,
  `key` VARCHAR(250) NOT NULL,
  `value` VARCHAR(8000) NULL,
  PRIMARY KEY (request_id, `key`),
  CONSTRAINT trace_tags_trace_fk FOREIGN KEY (request_id) REFERENCES trace_info (request_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE TABLE trace_request_metadata (
  request_id VARCHAR(50) NOT NULL,
  `key` VARCHAR(250) NOT NULL,
  `value` VARCHAR(8000) NULL,
  PRIMARY KEY (request_id, `key`),
  CONSTRAINT trace_request_metadata_trace_fk FOREIGN KEY (request_id) REFERENCES trace_info (request_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

/* [jooq ignore start] */
CREATE INDEX trace_tags_key_value ON trace_tags (`key`, `value`${param_value_prefix});
CREATE INDEX trace_request_metadata_key_value ON trace_request_metadata (`key`, `value`${param_value_prefix});
/* [jooq ignore stop] */

-- Spans live in the database, as in MLflow's SQL store, so one table serves both reads:
-- a whole trace is one range scan of the primary key (trace_id, span_id) returning each span's
-- content, and span filters (span.name, span.type, span.status, span.content LIKE) are EXISTS
-- probes on the same table by trace_id. content is the span as MLflow's Span.to_dict() writes it
-- (ids base64, attribute values JSON-encoded), so MLflow's rows import unchanged and content LIKE
-- filters see the same text; the typed columns copy what filters compare. start/end are
-- nanoseconds; end is NULL while a span is open. A span logged again (an exporter retry) replaces
-- the stored one.
CREATE TABLE spans (
  trace_id VARCHAR(50) NOT NULL,
  span_id VARCHAR(50) NOT NULL,
  experiment_id BIGINT NOT NULL,
  parent_span_id VARCHAR(50) NULL,
  name VARCHAR(8000) NULL,
  type VARCHAR(500) NULL,
  status VARCHAR(50) NOT NULL,
  start_time_unix_nano BIGINT NOT NULL,
  end_time_unix_nano BIGINT NULL,
  content LONGTEXT NOT NULL,
  PRIMARY KEY (trace_id, span_id),
  CONSTRAINT spans_trace_fk FOREIGN KEY (trace_id) REFERENCES trace_info (request_id) ON DELETE CASCADE,
  CONSTRAINT spans_experiment_fk FOREIGN KEY (experiment_id) REFERENCES experiments (experiment_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- Feedback, expectations and issue references attached to a trace (or one of its spans). value,
-- error and assessment_metadata hold JSON as MLflow's store writes it. A page of traces loads its
-- assessments by trace in creation order through the trace index; feedback/expectation filters
-- probe (trace_id, name).
CREATE TABLE assessments (
  assessment_id VARCHAR(50) NOT NULL,
  trace_id VARCHAR(50) NOT NULL,
  name VARCHAR(250) NOT NULL,
  assessment_type VARCHAR(50) NOT NULL,
  `value` MEDIUMTEXT NOT NULL,
  error MEDIUMTEXT NULL,
  created_timestamp BIGINT NOT NULL,
  last_updated_timestamp BIGINT NOT NULL,
  source_type VARCHAR(50) NOT NULL,
  source_id VARCHAR(250) NULL,
  run_id VARCHAR(32) NULL,
  span_id VARCHAR(50) NULL,
  rationale MEDIUMTEXT NULL,
  overrides VARCHAR(50) NULL,
  valid BOOLEAN NOT NULL,
  assessment_metadata MEDIUMTEXT NULL,
  PRIMARY KEY (assessment_id),
  CONSTRAINT assessments_trace_fk FOREIGN KEY (trace_id) REFERENCES trace_info (request_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE INDEX assessments_trace_created ON assessments (trace_id, created_timestamp);
CREATE INDEX assessments_trace_name ON assessments (trace_id, name);

-- Traces linked to a run by runs/link-traces (MLflow's entity associations of type TRACE -> RUN).
-- A run_id filter matches these as well as traces whose metadata names the run as their source;
-- the second index answers that probe from the run's side.
CREATE TABLE trace_run_links (
  request_id VARCHAR(50) NOT NULL,
  run_uuid CHAR(32) NOT NULL,
  PRIMARY KEY (request_id, run_uuid),
  CONSTRAINT trace_run_links_trace_fk FOREIGN KEY (request_id) REFERENCES trace_info (request_id) ON DELETE CASCADE,
  CONSTRAINT trace_run_links_run_fk FOREIGN KEY (run_uuid) REFERENCES runs (run_uuid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE INDEX trace_run_links_run ON trace_run_links (run_uuid, request_id);

-- Prompt versions a trace used (traces/link-prompts; MLflow's TRACE -> PROMPT_VERSION associations),
-- by registered prompt name and version number.
CREATE TABLE trace_prompt_links (
  request_id VARCHAR(50) NOT NULL,
  prompt_name VARCHAR(256) NOT NULL,
  prompt_version INT NOT NULL,
  PRIMARY KEY (request_id, prompt_name, prompt_version),
  CONSTRAINT trace_prompt_links_trace_fk FOREIGN KEY (request_id) REFERENCES trace_info (request_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
