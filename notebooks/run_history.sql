-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Tidemark: run history
-- MAGIC
-- MAGIC Every run of every pipeline from the `runs` control table, newest first: what it did, how long it
-- MAGIC took, how dirty its input was and whether the target matched the golden source. Then the p95
-- MAGIC runtime per pipeline and mode, computed the way Tidemark computes it for `status` and for the
-- MAGIC `thresholds.max-runtime-p95-multiple` check.
-- MAGIC
-- MAGIC Widgets: `control_schema` is the schema of the control tables (`tidemark.control-schema`); `pipeline` narrows
-- MAGIC every cell to one pipeline (empty: all); `runtime_window` is how many recent successful runs the
-- MAGIC p95 is taken over (Tidemark's `thresholds.runtime-window`, 20 by default).

-- COMMAND ----------

CREATE WIDGET TEXT control_schema DEFAULT 'main.tidemark';
CREATE WIDGET TEXT pipeline DEFAULT '';
CREATE WIDGET TEXT runtime_window DEFAULT '20';

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ## Runs, newest first
-- MAGIC
-- MAGIC `status` is `succeeded`, `breached` (published, but a threshold was crossed: see `error`),
-- MAGIC `rejected` (a quality gate failed: nothing published, see `error`), `failed`, `interrupted`
-- MAGIC or `running`. `duplicate_keys_per_1000` measures the raw input;
-- MAGIC `mismatch_count` is missing + extra + mismatched rows against the golden source.

-- COMMAND ----------

-- DBTITLE 1,Runs
SELECT
  pipeline,
  run_id,
  status,
  mode,
  range_from,
  range_to,
  started_at,
  duration_ms,
  round(duration_ms / 1000.0, 1) AS duration_s,
  rows_read,
  rows_quarantined,
  rows_valid,
  rows_inserted,
  rows_updated,
  rows_deleted,
  duplicates_removed,
  duplicate_keys_per_1000,
  mismatch_count,
  missing,
  extra,
  mismatched,
  target_duplicate_keys,
  error
FROM IDENTIFIER(:control_schema || '.runs')
WHERE :pipeline = '' OR pipeline = :pipeline
ORDER BY pipeline, started_at DESC, run_id DESC

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ## Where the time went
-- MAGIC
-- MAGIC `stage_ms` splits each run's duration into its stages (a run that failed early lacks the later ones).

-- COMMAND ----------

-- DBTITLE 1,Stage durations
SELECT
  pipeline,
  run_id,
  status,
  started_at,
  duration_ms,
  stage_ms['plan'] AS plan_ms,
  stage_ms['stage'] AS stage_ms,
  stage_ms['publish'] AS publish_ms,
  stage_ms['reconcile'] AS reconcile_ms,
  stage_ms['commit'] AS commit_ms
FROM IDENTIFIER(:control_schema || '.runs')
WHERE :pipeline = '' OR pipeline = :pipeline
ORDER BY pipeline, started_at DESC, run_id DESC

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ## p95 runtime
-- MAGIC
-- MAGIC Over the last `runtime_window` succeeded runs, per pipeline and kind of run: what `tidemark status`
-- MAGIC shows and what the runtime threshold compares a run with. The kind is the mode, except that an
-- MAGIC incremental run or a backfill that read no row is a `no-op`: a no-op rerun takes a second and would
-- MAGIC pull a daily run's p95 down. The p95 is the nearest rank, as in Tidemark: the durations sorted
-- MAGIC ascending, element ceil(0.95 n).

-- COMMAND ----------

-- DBTITLE 1,p95 runtime
-- percentile_disc, not percentile: percentile_disc(p) returns the smallest duration whose cumulative
-- distribution (i / n for the i-th of n sorted durations) reaches p, that is element ceil(p * n): the
-- nearest rank Tidemark uses. percentile(duration_ms, 0.95) interpolates linearly at position
-- 0.95 * (n - 1) and so returns a duration no run had (two runs of 10 s and 20 s: 19.5 s, where
-- Tidemark says 20 s). NotebooksTest checks this equality for n = 1 to 40.
WITH succeeded AS (
  SELECT
    pipeline,
    CASE WHEN mode IN ('incremental', 'backfill') AND rows_read = 0 THEN 'no-op' ELSE mode END
      AS kind,
    run_id,
    started_at,
    duration_ms
  FROM IDENTIFIER(:control_schema || '.runs')
  WHERE status = 'succeeded'
    AND duration_ms IS NOT NULL
    AND (:pipeline = '' OR pipeline = :pipeline)
),
recent AS (
  SELECT
    pipeline,
    kind,
    duration_ms,
    row_number() OVER (PARTITION BY pipeline, kind ORDER BY started_at DESC, run_id DESC) AS recency
  FROM succeeded
)
SELECT
  pipeline,
  kind,
  count(*) AS runs,
  CAST(percentile_disc(0.95) WITHIN GROUP (ORDER BY duration_ms) AS BIGINT) AS p95_ms,
  round(percentile_disc(0.95) WITHIN GROUP (ORDER BY duration_ms) / 1000.0, 1) AS p95_s,
  max(duration_ms) AS max_ms
FROM recent
WHERE recency <= CAST(:runtime_window AS INT)
GROUP BY pipeline, kind
ORDER BY pipeline, kind
