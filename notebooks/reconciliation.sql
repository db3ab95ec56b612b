-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Tidemark: reconciliation
-- MAGIC
-- MAGIC Every check of a target against its reference, from the `reconciliation` control table: one row per
-- MAGIC run (`run_id` `r-…`) or on-demand check (`tidemark reconcile`, `run_id` `c-…`). Start with the latest
-- MAGIC check per pipeline, then drill down: which columns differed, and the first keys that were missing,
-- MAGIC extra or mismatched (samples are the first keys in key order, not all of them).
-- MAGIC
-- MAGIC Widgets: `control_schema` is the schema of the control tables (`tidemark.control-schema`); `pipeline` narrows
-- MAGIC every cell to one pipeline (empty: all).

-- COMMAND ----------

CREATE WIDGET TEXT control_schema DEFAULT 'main.tidemark';
CREATE WIDGET TEXT pipeline DEFAULT '';

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ## Latest check per pipeline
-- MAGIC
-- MAGIC `scope` is `batch` (the rows a run published), `range` or `table`; `reference` is `golden` (the golden
-- MAGIC source as of `as_of`) or `staged` (the run's own staged rows, when there is no golden source).

-- COMMAND ----------

-- DBTITLE 1,Latest check
SELECT
  pipeline,
  run_id,
  checked_at,
  status,
  scope,
  reference,
  as_of,
  reference_rows,
  target_rows,
  missing,
  extra,
  mismatched,
  missing + extra + mismatched AS mismatch_count,
  target_duplicate_keys,
  breach
FROM (
  SELECT
    *,
    row_number() OVER (PARTITION BY pipeline ORDER BY checked_at DESC, run_id DESC) AS newest
  FROM IDENTIFIER(:control_schema || '.reconciliation')
  WHERE :pipeline = '' OR pipeline = :pipeline
)
WHERE newest = 1
ORDER BY pipeline

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ## Every check, newest first

-- COMMAND ----------

-- DBTITLE 1,Checks
SELECT
  pipeline,
  run_id,
  checked_at,
  status,
  scope,
  reference,
  as_of,
  reference_rows,
  target_rows,
  missing,
  extra,
  mismatched,
  missing + extra + mismatched AS mismatch_count,
  target_duplicate_keys,
  breach
FROM IDENTIFIER(:control_schema || '.reconciliation')
WHERE :pipeline = '' OR pipeline = :pipeline
ORDER BY pipeline, checked_at DESC, run_id DESC

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ## Mismatches per column
-- MAGIC
-- MAGIC For the rows present on both sides but different: how many rows differed in each column. A column
-- MAGIC that differs in every mismatched row often points at a type or time-zone problem rather than data.

-- COMMAND ----------

-- DBTITLE 1,Mismatched columns
SELECT pipeline, run_id, checked_at, column_name, mismatched_rows
FROM IDENTIFIER(:control_schema || '.reconciliation')
LATERAL VIEW explode(mismatched_columns) mismatch AS column_name, mismatched_rows
WHERE :pipeline = '' OR pipeline = :pipeline
ORDER BY pipeline, checked_at DESC, mismatched_rows DESC, column_name

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ## Sample keys
-- MAGIC
-- MAGIC The first keys of each kind, to look up in the target and in the reference: `missing` (in the
-- MAGIC reference, not in the target), `extra` (in the target only) and `mismatched`.

-- COMMAND ----------

-- DBTITLE 1,Sample keys
SELECT pipeline, run_id, checked_at, kind, sample_key
FROM (
  SELECT pipeline, run_id, checked_at, 'missing' AS kind, sample_key
  FROM IDENTIFIER(:control_schema || '.reconciliation')
  LATERAL VIEW explode(missing_sample) samples AS sample_key
  UNION ALL
  SELECT pipeline, run_id, checked_at, 'extra' AS kind, sample_key
  FROM IDENTIFIER(:control_schema || '.reconciliation')
  LATERAL VIEW explode(extra_sample) samples AS sample_key
  UNION ALL
  SELECT pipeline, run_id, checked_at, 'mismatched' AS kind, sample_key
  FROM IDENTIFIER(:control_schema || '.reconciliation')
  LATERAL VIEW explode(mismatched_sample) samples AS sample_key
)
WHERE :pipeline = '' OR pipeline = :pipeline
ORDER BY pipeline, checked_at DESC, kind, sample_key
