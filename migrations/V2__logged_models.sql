-- MLflow 3 logged models: the model entity that log_model creates, its params, tags and metrics,
-- and the links between runs and models (a run's model outputs and model inputs).
-- Same conventions as V1: one file for H2 (MODE=MariaDB) and MariaDB, utf8mb4_nopad_bin everywhere.

-- model_id is "m-" plus 32 hex digits. status holds the LoggedModelStatus enum name
-- (LOGGED_MODEL_PENDING, LOGGED_MODEL_READY, LOGGED_MODEL_UPLOAD_FAILED), which is what the
-- protocol sends and what a filter on status compares against.
CREATE TABLE logged_models (
  model_id VARCHAR(36) NOT NULL,
  experiment_id BIGINT NOT NULL,
  name VARCHAR(500) NOT NULL,
  artifact_location VARCHAR(2000) NOT NULL,
  creation_timestamp_ms BIGINT NOT NULL,
  last_updated_timestamp_ms BIGINT NOT NULL,
  status VARCHAR(32) NOT NULL,
  lifecycle_stage VARCHAR(16) NOT NULL,
  model_type VARCHAR(500) NULL,
  source_run_id VARCHAR(32) NULL,
  status_message VARCHAR(1000) NULL,
  PRIMARY KEY (model_id),
  CONSTRAINT logged_models_experiment_fk FOREIGN KEY (experiment_id) REFERENCES experiments (experiment_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- Search always scopes by experiment and lifecycle stage, and its default order is
-- creation_timestamp_ms DESC, model_id ASC: this index serves that page (and its keyset page
-- tokens) without a sort.
CREATE INDEX logged_models_experiment_stage_created
  ON logged_models (experiment_id, lifecycle_stage, creation_timestamp_ms DESC, model_id);

-- The client resolves runs:/<run_id>/<name> by searching the run's experiment for name = '<name>'
-- on every model load and run artifact listing: this index answers that without a scan.
CREATE INDEX logged_models_experiment_name ON logged_models (experiment_id, name);

CREATE TABLE logged_model_params (
  model_id VARCHAR(36) NOT NULL,
  `key` VARCHAR(255) NOT NULL,
  `value` MEDIUMTEXT NOT NULL,
  PRIMARY KEY (model_id, `key`),
  CONSTRAINT logged_model_params_model_fk FOREIGN KEY (model_id) REFERENCES logged_models (model_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE TABLE logged_model_tags (
  model_id VARCHAR(36) NOT NULL,
  `key` VARCHAR(255) NOT NULL,
  `value` MEDIUMTEXT NOT NULL,
  PRIMARY KEY (model_id, `key`),
  CONSTRAINT logged_model_tags_model_fk FOREIGN KEY (model_id) REFERENCES logged_models (model_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- Metric points logged against a model: by log-batch/log-metric entries carrying model_id (the
-- client re-logs a run's metrics this way right after log_model), optionally on a dataset. The
-- primary key is MLflow's (a repeated point is ignored) and starts with (model_id, key), which is
-- what loading a page of models, metric filters and metric ordering look up. NaN is stored as
-- value 0 with is_nan = 1, as in the metrics table.
CREATE TABLE logged_model_metrics (
  model_id VARCHAR(36) NOT NULL,
  `key` VARCHAR(250) NOT NULL,
  step BIGINT NOT NULL,
  `timestamp` BIGINT NOT NULL,
  run_id CHAR(32) NOT NULL,
  `value` DOUBLE NOT NULL,
  is_nan BOOLEAN NOT NULL,
  dataset_name VARCHAR(500) NULL,
  dataset_digest VARCHAR(36) NULL,
  PRIMARY KEY (model_id, `key`, step, `timestamp`, run_id),
  CONSTRAINT logged_model_metrics_model_fk FOREIGN KEY (model_id) REFERENCES logged_models (model_id),
  CONSTRAINT logged_model_metrics_run_fk FOREIGN KEY (run_id) REFERENCES runs (run_uuid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- Models a run produced (log_model calls runs/outputs), at the step it was logged. The primary key
-- starts with run_uuid because get-run and search-runs read the outputs of a page of runs at once.
CREATE TABLE run_outputs (
  run_uuid CHAR(32) NOT NULL,
  model_id VARCHAR(36) NOT NULL,
  step BIGINT NOT NULL,
  PRIMARY KEY (run_uuid, model_id, step),
  CONSTRAINT run_outputs_run_fk FOREIGN KEY (run_uuid) REFERENCES runs (run_uuid),
  CONSTRAINT run_outputs_model_fk FOREIGN KEY (model_id) REFERENCES logged_models (model_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- Models a run used (log-inputs with models), read like run_outputs.
CREATE TABLE run_model_inputs (
  run_uuid CHAR(32) NOT NULL,
  model_id VARCHAR(36) NOT NULL,
  PRIMARY KEY (run_uuid, model_id),
  CONSTRAINT run_model_inputs_run_fk FOREIGN KEY (run_uuid) REFERENCES runs (run_uuid),
  CONSTRAINT run_model_inputs_model_fk FOREIGN KEY (model_id) REFERENCES logged_models (model_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
