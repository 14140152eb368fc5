-- Tracking core: experiments, runs, params, tags, metrics, datasets.
-- One file for H2 (MODE=MariaDB) and MariaDB. Every table uses utf8mb4_nopad_bin so that keys and
-- values compare exactly on MariaDB, as in MLflow: `LR` and `lr` are two params, and so are `lr`
-- and `lr ` (the PAD SPACE of utf8mb4_bin would make trailing spaces collide).

-- Names are unique through name_hash (the SHA-256 of the name, kept by the server): a unique
-- index on a 500-character utf8mb4 column would exceed InnoDB's key size, and H2 counts name
-- length in UTF-16 units, so the name column itself is sized for 500 characters outside the BMP.
CREATE TABLE experiments (
  experiment_id BIGINT NOT NULL,
  name VARCHAR(1000) NOT NULL,
  name_hash CHAR(64) NOT NULL,
  artifact_location VARCHAR(2000) NOT NULL,
  lifecycle_stage VARCHAR(16) NOT NULL,
  creation_time BIGINT NOT NULL,
  last_update_time BIGINT NOT NULL,
  PRIMARY KEY (experiment_id),
  CONSTRAINT experiments_name_hash_unique UNIQUE (name_hash)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- The Default experiment exists from the first start; the client uses id 0 without checking.
-- Its artifact_location is filled in at start-up from the configured artifact root.
INSERT INTO experiments (experiment_id, name, name_hash, artifact_location, lifecycle_stage, creation_time, last_update_time)
VALUES (0, 'Default', '21b111cbfe6e8fca2d181c43f53ad548b22e38aca955b9824706a504b0a07a2d', '', 'active', 0, 0);

CREATE TABLE experiment_tags (
  experiment_id BIGINT NOT NULL,
  `key` VARCHAR(250) NOT NULL,
  `value` MEDIUMTEXT NOT NULL,
  PRIMARY KEY (experiment_id, `key`),
  CONSTRAINT experiment_tags_experiment_fk FOREIGN KEY (experiment_id) REFERENCES experiments (experiment_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE TABLE runs (
  run_uuid CHAR(32) NOT NULL,
  experiment_id BIGINT NOT NULL,
  run_name VARCHAR(250) NOT NULL,
  user_id VARCHAR(256) NOT NULL,
  status VARCHAR(16) NOT NULL,
  start_time BIGINT NOT NULL,
  end_time BIGINT NULL,
  lifecycle_stage VARCHAR(16) NOT NULL,
  deleted_time BIGINT NULL,
  artifact_uri VARCHAR(2000) NOT NULL,
  PRIMARY KEY (run_uuid),
  CONSTRAINT runs_experiment_fk FOREIGN KEY (experiment_id) REFERENCES experiments (experiment_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- Run search always scopes by experiment and lifecycle stage, and its default order is
-- start_time DESC, run_uuid ASC: this index serves that page (and its keyset page tokens) without a sort.
CREATE INDEX runs_experiment_stage_start ON runs (experiment_id, lifecycle_stage, start_time DESC, run_uuid);

-- Values are limited to 6000 characters by the server; the column leaves room for H2, which
-- counts UTF-16 units, so that 6000 characters outside the BMP still fit.
CREATE TABLE params (
  run_uuid CHAR(32) NOT NULL,
  `key` VARCHAR(250) NOT NULL,
  `value` VARCHAR(12000) NOT NULL,
  PRIMARY KEY (run_uuid, `key`),
  CONSTRAINT params_run_fk FOREIGN KEY (run_uuid) REFERENCES runs (run_uuid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE TABLE tags (
  run_uuid CHAR(32) NOT NULL,
  `key` VARCHAR(250) NOT NULL,
  `value` MEDIUMTEXT NOT NULL,
  PRIMARY KEY (run_uuid, `key`),
  CONSTRAINT tags_run_fk FOREIGN KEY (run_uuid) REFERENCES runs (run_uuid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- Full metric history. The primary key makes an exact duplicate point a no-op (MLflow ignores
-- them) and keeps one run's series clustered by key and step, which is what history reads and the
-- sampled (bulk-interval) chart reads scan. NaN is stored as value 0 with is_nan = 1.
CREATE TABLE metrics (
  run_uuid CHAR(32) NOT NULL,
  `key` VARCHAR(250) NOT NULL,
  step BIGINT NOT NULL,
  `timestamp` BIGINT NOT NULL,
  `value` DOUBLE NOT NULL,
  is_nan BOOLEAN NOT NULL,
  PRIMARY KEY (run_uuid, `key`, step, `timestamp`, `value`, is_nan)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- The latest point per (run, key): highest step, then timestamp, then value. Kept by one
-- conditional upsert per key, so search and get-run never scan the history.
CREATE TABLE latest_metrics (
  run_uuid CHAR(32) NOT NULL,
  `key` VARCHAR(250) NOT NULL,
  step BIGINT NOT NULL,
  `timestamp` BIGINT NOT NULL,
  `value` DOUBLE NOT NULL,
  is_nan BOOLEAN NOT NULL,
  PRIMARY KEY (run_uuid, `key`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- One row per distinct dataset (name, digest) within an experiment, shared by the runs that use it.
CREATE TABLE datasets (
  dataset_uuid CHAR(32) NOT NULL,
  experiment_id BIGINT NOT NULL,
  name VARCHAR(500) NOT NULL,
  digest VARCHAR(36) NOT NULL,
  source_type VARCHAR(36) NOT NULL,
  source MEDIUMTEXT NOT NULL,
  dataset_schema MEDIUMTEXT NULL,
  dataset_profile MEDIUMTEXT NULL,
  PRIMARY KEY (dataset_uuid),
  CONSTRAINT datasets_experiment_name_digest_unique UNIQUE (experiment_id, name, digest)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE TABLE run_inputs (
  run_uuid CHAR(32) NOT NULL,
  dataset_uuid CHAR(32) NOT NULL,
  PRIMARY KEY (run_uuid, dataset_uuid),
  CONSTRAINT run_inputs_run_fk FOREIGN KEY (run_uuid) REFERENCES runs (run_uuid),
  CONSTRAINT run_inputs_dataset_fk FOREIGN KEY (dataset_uuid) REFERENCES datasets (dataset_uuid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE TABLE run_input_tags (
  run_uuid CHAR(32) NOT NULL,
  dataset_uuid CHAR(32) NOT NULL,
  name VARCHAR(255) NOT NULL,
  `value` VARCHAR(500) NOT NULL,
  PRIMARY KEY (run_uuid, dataset_uuid, name),
  CONSTRAINT run_input_tags_input_fk FOREIGN KEY (run_uuid, dataset_uuid) REFERENCES run_inputs (run_uuid, dataset_uuid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
