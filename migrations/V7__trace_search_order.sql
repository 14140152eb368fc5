-- Trace search orders by timestamp_ms DESC, request_id ASC (MLflow's order). V6's index was all
-- ascending, which MariaDB cannot read in either direction for that mixed order, so every page
-- sorted the whole experiment (63 ms at 100,000 traces); in the page's own order it reads the
-- index and stops at the page size (0.6 ms). It also serves the keyset page tokens, the
-- delete-by-max-timestamp and delete-oldest-N calls, and the experiment foreign key, which is why
-- it is created before the old one is dropped.
CREATE INDEX trace_info_experiment_newest ON trace_info (experiment_id, timestamp_ms DESC, request_id);
DROP INDEX trace_info_experiment_time ON trace_info;
