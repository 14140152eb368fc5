-- Authentication and authorization (labbook server --auth), compatible with MLflow's basic-auth app:
-- users, per-user permissions on experiments and registered models, and Labbook's API tokens.
-- Same conventions as V1: one file for H2 (MODE=MariaDB) and MariaDB, utf8mb4_nopad_bin, so
-- `alice` and `Alice` are two users, as in MLflow's own auth database.
-- The tables exist whether or not --auth is on; with auth off nothing reads or writes them.

-- password_hash is "pbkdf2:sha256:<iterations>$<salt hex>$<hash hex>", the format MLflow writes.
CREATE TABLE users (
  id BIGINT NOT NULL AUTO_INCREMENT,
  username VARCHAR(255) NOT NULL,
  password_hash VARCHAR(500) NOT NULL,
  is_admin BOOLEAN NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT users_username_unique UNIQUE (username)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- permission is READ, USE, EDIT, MANAGE or NO_PERMISSIONS. Deleting a user removes their rows.
CREATE TABLE experiment_permissions (
  experiment_id BIGINT NOT NULL,
  user_id BIGINT NOT NULL,
  permission VARCHAR(32) NOT NULL,
  PRIMARY KEY (experiment_id, user_id),
  CONSTRAINT experiment_permissions_experiment_fk FOREIGN KEY (experiment_id) REFERENCES experiments (experiment_id),
  CONSTRAINT experiment_permissions_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- Search filtering asks "which experiments does this user have a row for, and with what permission"
-- inside every experiment, run and logged-model search: this index answers it from the user's side.
CREATE INDEX experiment_permissions_user ON experiment_permissions (user_id, permission, experiment_id);

-- A rename follows the model (ON UPDATE CASCADE) and deleting a model deletes its permissions, as
-- MLflow does after a registered model is deleted.
CREATE TABLE registered_model_permissions (
  name VARCHAR(256) NOT NULL,
  user_id BIGINT NOT NULL,
  permission VARCHAR(32) NOT NULL,
  PRIMARY KEY (name, user_id),
  CONSTRAINT registered_model_permissions_model_fk FOREIGN KEY (name) REFERENCES registered_models (name)
    ON UPDATE CASCADE ON DELETE CASCADE,
  CONSTRAINT registered_model_permissions_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- Same purpose as experiment_permissions_user, for registered-model and model-version searches.
CREATE INDEX registered_model_permissions_user ON registered_model_permissions (user_id, permission, name);

-- API tokens (sent as "Authorization: Bearer <token>", MLFLOW_TRACKING_TOKEN on the client). Only the
-- SHA-256 of the token is stored: a token is 256 random bits, so a fast hash is enough and the
-- lookup is one indexed read. A token stops working at expiry_time or once revoked_time is set;
-- the rows stay so that the owner can see when a token was revoked.
CREATE TABLE api_tokens (
  token_id VARCHAR(32) NOT NULL,
  user_id BIGINT NOT NULL,
  name VARCHAR(256) NOT NULL,
  token_hash CHAR(64) NOT NULL,
  creation_time BIGINT NOT NULL,
  expiry_time BIGINT NULL,
  revoked_time BIGINT NULL,
  PRIMARY KEY (token_id),
  CONSTRAINT api_tokens_hash_unique UNIQUE (token_hash),
  CONSTRAINT api_tokens_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- A user's token list.
CREATE INDEX api_tokens_user ON api_tokens (user_id, creation_time);
