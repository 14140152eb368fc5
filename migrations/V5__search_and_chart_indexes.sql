-- Speed for the two reads that scanned whole experiments or whole series.

-- A param filter (params.lr = '0.1', LIKE 'a%') finds its runs through (key, value) instead of
-- reading every run's params. MariaDB limits index keys to 3072 bytes, so it indexes the first 256
-- characters of a value (the filter then checks the whole value); H2 indexes whole values. The
-- placeholder is set per database by the server; the code generator skips this statement.
/* [jooq ignore start] */
CREATE INDEX params_key_value ON params (`key`, `value`${param_value_prefix});
/* [jooq ignore stop] */

-- Each series' step range, kept with its latest point by the same upsert. steps_dense says that
-- every step from min_step to max_step holds exactly one point, so a sampled chart read can work
-- out which points it needs from the range instead of numbering every point of a long series. It
-- is conservative: a batch that cannot prove the series stays dense (a gap, a repeated step, steps
-- overlapping the stored range) clears it for good, and reads then rank the points in SQL.
ALTER TABLE latest_metrics ADD COLUMN min_step BIGINT NOT NULL DEFAULT 0;
ALTER TABLE latest_metrics ADD COLUMN max_step BIGINT NOT NULL DEFAULT 0;
ALTER TABLE latest_metrics ADD COLUMN steps_dense BOOLEAN NOT NULL DEFAULT FALSE;

-- DECIMAL: the span of int64 steps may not fit in a BIGINT.
UPDATE latest_metrics SET
  min_step = (SELECT MIN(m.step) FROM metrics m WHERE m.run_uuid = latest_metrics.run_uuid AND m.`key` = latest_metrics.`key`),
  max_step = (SELECT MAX(m.step) FROM metrics m WHERE m.run_uuid = latest_metrics.run_uuid AND m.`key` = latest_metrics.`key`),
  steps_dense = (SELECT COUNT(*) = COUNT(DISTINCT m.step) AND COUNT(*) = CAST(MAX(m.step) AS DECIMAL(20, 0)) - MIN(m.step) + 1
                 FROM metrics m WHERE m.run_uuid = latest_metrics.run_uuid AND m.`key` = latest_metrics.`key`);
