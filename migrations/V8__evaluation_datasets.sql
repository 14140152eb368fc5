-- MLflow 3 evaluation datasets (mlflow.genai.datasets): datasets with tags, their records, and the
-- experiments each dataset belongs to. Table and column names follow MLflow's SQL store where they
-- can (its `schema` and `profile` columns are dataset_schema and dataset_profile here: SCHEMA is a
-- reserved word in MariaDB), so its rows copy over column for column. Same conventions as V1: one
-- file for H2 (MODE=MariaDB) and MariaDB, utf8mb4_nopad_bin so names and keys compare exactly.

-- One row per dataset ("d-" + 32 hex digits). dataset_schema and dataset_profile hold the JSON text
-- MLflow's store writes (Python's json.dumps); dataset_profile is '{"num_records": N}', or the text
-- 'null' once every record was deleted, as MLflow writes it. num_records is kept up to date by the
-- upserts and deletes that change it, so no read ever counts records. digest is the first 8 hex
-- digits of sha256("<name>:<last_update_time>"), recomputed when records are upserted.
CREATE TABLE evaluation_datasets (
  dataset_id VARCHAR(36) NOT NULL,
  name VARCHAR(255) NOT NULL,
  dataset_schema MEDIUMTEXT NULL,
  dataset_profile MEDIUMTEXT NULL,
  num_records BIGINT NOT NULL DEFAULT 0,
  digest VARCHAR(64) NULL,
  created_time BIGINT NOT NULL,
  last_update_time BIGINT NOT NULL,
  created_by VARCHAR(255) NULL,
  last_updated_by VARCHAR(255) NULL,
  PRIMARY KEY (dataset_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- Search orders by one of created_time (the default, newest first), last_update_time or name, each
-- followed by dataset_id DESC (MLflow's tie-breaker), and pages with keyset tokens on those values.
-- Each index serves its order (read backwards for DESC) and the keyset continuation without a sort,
-- and the name index also a name =, IN or prefix-LIKE filter.
CREATE INDEX evaluation_datasets_created ON evaluation_datasets (created_time, dataset_id);
CREATE INDEX evaluation_datasets_updated ON evaluation_datasets (last_update_time, dataset_id);
CREATE INDEX evaluation_datasets_name ON evaluation_datasets (name, dataset_id DESC);

-- Tags, as MLflow's evaluation_dataset_tags: keys up to 255 characters, values up to 5000 (NULL when
-- created with a null value). The primary key loads a page of datasets' tags at once and probes one
-- dataset's tag for a tags.<key> filter; the (key, value) index lets an equality filter on a tag
-- find its datasets without reading every dataset (MariaDB indexes the first 256 characters of a
-- value; the code generator skips the prefixed statement).
CREATE TABLE evaluation_dataset_tags (
  dataset_id VARCHAR(36) NOT NULL,
  `key` VARCHAR(255) NOT NULL,
  `value` VARCHAR(5000) NULL,
  PRIMARY KEY (dataset_id, `key`),
  CONSTRAINT evaluation_dataset_tags_dataset_fk FOREIGN KEY (dataset_id)
    REFERENCES evaluation_datasets (dataset_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

/* [jooq ignore start] */
CREATE INDEX evaluation_dataset_tags_key_value ON evaluation_dataset_tags (`key`, `value`${param_value_prefix});
/* [jooq ignore stop] */

-- Records ("dr-" + 32 hex digits). inputs, outputs, expectations, tags and source are JSON text as
-- MLflow's store writes it; outputs keeps MLflow's {"mlflow_wrapped": <value>} envelope. input_hash
-- is the sha256 of json.dumps(inputs, sort_keys=True): a record whose inputs are already in the
-- dataset is merged into the one there, which the unique key enforces and the upsert looks up.
-- Records are read in (created_time, dataset_record_id) order with a cursor token holding the last
-- pair sent; the page index serves that order and each page's continuation for one dataset, and a
-- delete of a dataset's records by id goes through the primary key.
CREATE TABLE evaluation_dataset_records (
  dataset_record_id VARCHAR(36) NOT NULL,
  dataset_id VARCHAR(36) NOT NULL,
  inputs LONGTEXT NOT NULL,
  outputs LONGTEXT NULL,
  expectations LONGTEXT NULL,
  tags LONGTEXT NULL,
  source LONGTEXT NULL,
  source_id VARCHAR(1000) NULL,
  source_type VARCHAR(255) NULL,
  created_time BIGINT NOT NULL,
  last_update_time BIGINT NOT NULL,
  created_by VARCHAR(255) NULL,
  last_updated_by VARCHAR(255) NULL,
  input_hash CHAR(64) NOT NULL,
  PRIMARY KEY (dataset_record_id),
  CONSTRAINT evaluation_dataset_records_input UNIQUE (dataset_id, input_hash),
  CONSTRAINT evaluation_dataset_records_dataset_fk FOREIGN KEY (dataset_id)
    REFERENCES evaluation_datasets (dataset_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE INDEX evaluation_dataset_records_page ON evaluation_dataset_records (dataset_id, created_time, dataset_record_id);

-- The experiments a dataset belongs to (MLflow's entity associations EVALUATION_DATASET ->
-- EXPERIMENT). MLflow does not check that an experiment exists when a dataset is created with it,
-- so there is no foreign key to experiments. created_time (of the link) orders a dataset's
-- experiment ids as MLflow lists them; the primary key lists them (and checks them for a
-- permission). The UI lists one experiment's datasets newest first: dataset_created_time copies the
-- dataset's (never changing) creation time so that the experiment index reads that page, and its
-- keyset continuation, in order and stops at the page size; other orders and several experiments
-- go through the same index as a semi-join.
CREATE TABLE evaluation_dataset_experiments (
  dataset_id VARCHAR(36) NOT NULL,
  experiment_id BIGINT NOT NULL,
  created_time BIGINT NOT NULL,
  dataset_created_time BIGINT NOT NULL,
  PRIMARY KEY (dataset_id, experiment_id),
  CONSTRAINT evaluation_dataset_experiments_dataset_fk FOREIGN KEY (dataset_id)
    REFERENCES evaluation_datasets (dataset_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE INDEX evaluation_dataset_experiments_newest ON evaluation_dataset_experiments (experiment_id, dataset_created_time, dataset_id);
