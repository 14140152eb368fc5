-- MLflow 3's GenAI scorer registry and issues. Same conventions as V1 and V6: one file for H2
-- (MODE=MariaDB) and MariaDB, utf8mb4_nopad_bin everywhere so names compare exactly ('Judge',
-- 'judge' and 'judge ' are three scorers, as MLflow's store treats them on a binary collation).

-- One row per registered scorer name in an experiment; scorer_id is the UUID MLflow hands out and
-- online scoring configs refer to. The unique index answers every lookup by (experiment, name)
-- and lists an experiment's scorers in name order.
CREATE TABLE scorers (
  scorer_id VARCHAR(36) NOT NULL,
  experiment_id BIGINT NOT NULL,
  scorer_name VARCHAR(256) NOT NULL,
  PRIMARY KEY (scorer_id),
  CONSTRAINT scorers_experiment_fk FOREIGN KEY (experiment_id) REFERENCES experiments (experiment_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE UNIQUE INDEX scorers_experiment_name ON scorers (experiment_id, scorer_name);

-- Each registration adds a version (1, 2, ...); serialized_scorer is the client's JSON, kept as sent.
-- The primary key serves both the latest version (MAX per scorer) and the version list.
CREATE TABLE scorer_versions (
  scorer_id VARCHAR(36) NOT NULL,
  scorer_version INT NOT NULL,
  serialized_scorer LONGTEXT NOT NULL,
  creation_time BIGINT NOT NULL,
  PRIMARY KEY (scorer_id, scorer_version),
  CONSTRAINT scorer_versions_scorer_fk FOREIGN KEY (scorer_id) REFERENCES scorers (scorer_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- Automatic evaluation settings of a scorer (at most one per scorer: an upsert replaces it). The
-- client reads them by scorer id after every list and get, hence the index.
CREATE TABLE online_scoring_configs (
  online_scoring_config_id VARCHAR(36) NOT NULL,
  scorer_id VARCHAR(36) NOT NULL,
  sample_rate DOUBLE NOT NULL,
  experiment_id BIGINT NOT NULL,
  filter_string LONGTEXT NULL,
  PRIMARY KEY (online_scoring_config_id),
  CONSTRAINT online_scoring_configs_scorer_fk FOREIGN KEY (scorer_id) REFERENCES scorers (scorer_id) ON DELETE CASCADE,
  CONSTRAINT online_scoring_configs_experiment_fk FOREIGN KEY (experiment_id) REFERENCES experiments (experiment_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE INDEX online_scoring_configs_scorer ON online_scoring_configs (scorer_id);

-- Issues found in an experiment's traces. categories and root_causes hold JSON arrays and
-- issue_metadata a JSON object, as MLflow's store writes them; severity is NULL when unset and
-- last_seen_timestamp defaults to the creation time. A deleted source run leaves the issue.
CREATE TABLE issues (
  issue_id VARCHAR(36) NOT NULL,
  experiment_id BIGINT NOT NULL,
  name VARCHAR(250) NOT NULL,
  description LONGTEXT NOT NULL,
  status VARCHAR(50) NOT NULL,
  severity VARCHAR(50) NULL,
  root_causes LONGTEXT NULL,
  source_run_id CHAR(32) NULL,
  categories LONGTEXT NULL,
  created_timestamp BIGINT NOT NULL,
  last_updated_timestamp BIGINT NOT NULL,
  created_by VARCHAR(255) NULL,
  last_seen_timestamp BIGINT NULL,
  last_updated_by VARCHAR(255) NULL,
  issue_metadata LONGTEXT NULL,
  PRIMARY KEY (issue_id),
  CONSTRAINT issues_experiment_fk FOREIGN KEY (experiment_id) REFERENCES experiments (experiment_id) ON DELETE CASCADE,
  CONSTRAINT issues_source_run_fk FOREIGN KEY (source_run_id) REFERENCES runs (run_uuid) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- Every search is scoped to one experiment (the UI's page, the client's search_issues); the
-- default order is newest first, and the UI sorts by last seen or last updated time.
CREATE INDEX issues_experiment_created ON issues (experiment_id, created_timestamp);
CREATE INDEX issues_experiment_last_seen ON issues (experiment_id, last_seen_timestamp);
CREATE INDEX issues_experiment_updated ON issues (experiment_id, last_updated_timestamp);

-- The categories of an issue, one row each, keyed by the SHA-256 of the trimmed, lower-cased
-- category, so a categories filter (which ignores case and surrounding spaces) is an index probe.
CREATE TABLE issue_categories (
  issue_id VARCHAR(36) NOT NULL,
  category_hash CHAR(64) NOT NULL,
  category VARCHAR(1000) NOT NULL,
  PRIMARY KEY (issue_id, category_hash),
  CONSTRAINT issue_categories_issue_fk FOREIGN KEY (issue_id) REFERENCES issues (issue_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE INDEX issue_categories_hash ON issue_categories (category_hash, issue_id);

-- A trace references an issue through an assessment of type 'issue' named after the issue id:
-- include_trace_count counts those traces per issue of a page.
CREATE INDEX assessments_type_name ON assessments (assessment_type, name, trace_id);
