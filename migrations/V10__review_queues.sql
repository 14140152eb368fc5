-- Label schemas and review queues (MLflow 3.14+, the UI's Review page). Same conventions as V1:
-- one file for H2 (MODE=MariaDB) and MariaDB, utf8mb4_nopad_bin so ids and names compare exactly.
-- MLflow caps names, users and owners at 250 characters; H2 counts UTF-16 units, so those columns
-- are sized for 250 characters outside the BMP.

-- An experiment's questions. input_type is pass_fail, categorical, numeric or text and input_config
-- the JSON of that input's fields, as MLflow's store keeps them. At most one row per experiment has
-- is_default (the undeletable "Feedback" question, seeded by the first list).
CREATE TABLE label_schemas (
  schema_id VARCHAR(36) NOT NULL,
  experiment_id BIGINT NOT NULL,
  name VARCHAR(500) NOT NULL,
  type VARCHAR(16) NOT NULL,
  instruction VARCHAR(2000) NULL,
  enable_comment BOOLEAN NOT NULL,
  input_type VARCHAR(32) NOT NULL,
  input_config MEDIUMTEXT NOT NULL,
  created_by VARCHAR(500) NULL,
  created_time BIGINT NOT NULL,
  last_update_time BIGINT NOT NULL,
  is_default BOOLEAN NOT NULL,
  PRIMARY KEY (schema_id),
  CONSTRAINT label_schemas_experiment_name_unique UNIQUE (experiment_id, name),
  CONSTRAINT label_schemas_experiment_fk FOREIGN KEY (experiment_id) REFERENCES experiments (experiment_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- The list's page order (newest first, then id): read from the index, no sort.
CREATE INDEX label_schemas_experiment_newest ON label_schemas (experiment_id, created_time DESC, schema_id);

-- Review queues. Names are unique per experiment ignoring case: name_key is the lower-cased name
-- (kept by the server) and carries the unique key; name keeps the casing the user chose.
CREATE TABLE review_queues (
  queue_id VARCHAR(36) NOT NULL,
  experiment_id BIGINT NOT NULL,
  name VARCHAR(500) NOT NULL,
  name_key VARCHAR(500) NOT NULL,
  queue_type VARCHAR(16) NOT NULL,
  created_by VARCHAR(500) NULL,
  creation_time_ms BIGINT NOT NULL,
  last_update_time_ms BIGINT NOT NULL,
  PRIMARY KEY (queue_id),
  CONSTRAINT review_queues_experiment_name_unique UNIQUE (experiment_id, name_key),
  CONSTRAINT review_queues_experiment_fk FOREIGN KEY (experiment_id) REFERENCES experiments (experiment_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- The list's page order, as for label schemas.
CREATE INDEX review_queues_experiment_newest ON review_queues (experiment_id, creation_time_ms DESC, queue_id);

-- The assigned users (lower-cased). The user index answers "queues this user is assigned to".
CREATE TABLE review_queue_users (
  queue_id VARCHAR(36) NOT NULL,
  user_id VARCHAR(500) NOT NULL,
  PRIMARY KEY (queue_id, user_id),
  CONSTRAINT review_queue_users_queue_fk FOREIGN KEY (queue_id) REFERENCES review_queues (queue_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE INDEX review_queue_users_user ON review_queue_users (user_id);

-- The traces a queue holds, each with its review status. An item goes with its trace (MLflow
-- removes the items of deleted traces). The (queue, time) index serves the item list's order
-- (newest attached first); the status index its status filter; the item index "which queues hold
-- this trace" and the trace foreign key.
CREATE TABLE review_queue_items (
  queue_id VARCHAR(36) NOT NULL,
  item_type VARCHAR(16) NOT NULL,
  item_id VARCHAR(50) NOT NULL,
  status VARCHAR(16) NOT NULL,
  completed_by VARCHAR(500) NULL,
  completed_time_ms BIGINT NULL,
  creation_time_ms BIGINT NOT NULL,
  last_update_time_ms BIGINT NOT NULL,
  PRIMARY KEY (queue_id, item_id),
  CONSTRAINT review_queue_items_queue_fk FOREIGN KEY (queue_id) REFERENCES review_queues (queue_id) ON DELETE CASCADE,
  CONSTRAINT review_queue_items_trace_fk FOREIGN KEY (item_id) REFERENCES trace_info (request_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE INDEX review_queue_items_newest ON review_queue_items (queue_id, creation_time_ms DESC, item_id);
CREATE INDEX review_queue_items_status ON review_queue_items (queue_id, status, creation_time_ms DESC, item_id);
CREATE INDEX review_queue_items_item ON review_queue_items (item_id);

-- The questions of a custom queue. schema_id is a soft reference, as in MLflow: a deleted schema's
-- id stays listed (clients resolve ids against the experiment's live schemas).
CREATE TABLE review_queue_label_schemas (
  queue_id VARCHAR(36) NOT NULL,
  schema_id VARCHAR(36) NOT NULL,
  PRIMARY KEY (queue_id, schema_id),
  CONSTRAINT review_queue_label_schemas_queue_fk FOREIGN KEY (queue_id) REFERENCES review_queues (queue_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
