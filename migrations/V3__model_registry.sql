-- Model registry: registered models, their versions, tags and aliases.
-- One file for H2 (MODE=MariaDB) and MariaDB, utf8mb4_nopad_bin as in V1: model names, tag keys and
-- aliases compare exactly, so `Churn` and `churn` are two models.
-- Renaming a model changes the name column everywhere through ON UPDATE CASCADE, and deleting a
-- model (a hard delete in MLflow) removes its versions, tags and aliases through ON DELETE CASCADE.
-- Prompts (MLflow 3's prompt registry) are registered models tagged mlflow.prompt.is_prompt = 'true'.

CREATE TABLE registered_models (
  name VARCHAR(256) NOT NULL,
  creation_time BIGINT NOT NULL,
  last_updated_time BIGINT NOT NULL,
  description VARCHAR(5000) NULL,
  user_id VARCHAR(256) NULL,
  PRIMARY KEY (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- The models page can sort by last modification; this index serves that order and its page tokens
-- (name ends the order, so each position is unique) without a sort.
CREATE INDEX registered_models_last_updated ON registered_models (last_updated_time, name);

CREATE TABLE registered_model_tags (
  name VARCHAR(256) NOT NULL,
  `key` VARCHAR(250) NOT NULL,
  `value` MEDIUMTEXT NOT NULL,
  PRIMARY KEY (name, `key`),
  CONSTRAINT registered_model_tags_model_fk FOREIGN KEY (name) REFERENCES registered_models (name)
    ON UPDATE CASCADE ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- Versions are numbered per model from 1 and never reused: a deleted version stays as a row in the
-- internal stage Deleted_Internal with its source redacted, so max(version) + 1 is always new.
-- current_stage is None, Staging, Production, Archived or Deleted_Internal; status is READY.
CREATE TABLE model_versions (
  name VARCHAR(256) NOT NULL,
  version INT NOT NULL,
  creation_time BIGINT NOT NULL,
  last_updated_time BIGINT NOT NULL,
  user_id VARCHAR(256) NULL,
  current_stage VARCHAR(20) NOT NULL,
  description VARCHAR(5000) NULL,
  source VARCHAR(2000) NOT NULL,
  run_id VARCHAR(32) NULL,
  run_link VARCHAR(500) NULL,
  status VARCHAR(20) NOT NULL,
  status_message VARCHAR(500) NULL,
  storage_location VARCHAR(2000) NULL,
  model_id VARCHAR(100) NULL,
  PRIMARY KEY (name, version),
  CONSTRAINT model_versions_model_fk FOREIGN KEY (name) REFERENCES registered_models (name)
    ON UPDATE CASCADE ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- A run's page lists the versions registered from it (filter run_id = '...' or run_id IN (...)).
CREATE INDEX model_versions_run ON model_versions (run_id);

CREATE TABLE model_version_tags (
  name VARCHAR(256) NOT NULL,
  version INT NOT NULL,
  `key` VARCHAR(250) NOT NULL,
  `value` MEDIUMTEXT NOT NULL,
  PRIMARY KEY (name, version, `key`),
  CONSTRAINT model_version_tags_version_fk FOREIGN KEY (name, version) REFERENCES model_versions (name, version)
    ON UPDATE CASCADE ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- An alias names one live version of its model; setting it again moves it. Deleting the version
-- deletes its aliases first, so the foreign key never points at a Deleted_Internal row.
CREATE TABLE registered_model_aliases (
  name VARCHAR(256) NOT NULL,
  alias VARCHAR(255) NOT NULL,
  version INT NOT NULL,
  PRIMARY KEY (name, alias),
  CONSTRAINT registered_model_aliases_version_fk FOREIGN KEY (name, version) REFERENCES model_versions (name, version)
    ON UPDATE CASCADE ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
