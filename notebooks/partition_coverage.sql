-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Tidemark: partition coverage
-- MAGIC
-- MAGIC The `intervals` control table (the interval ledger) holds one row per pipeline and landing date that
-- MAGIC a run published: `processed`, or `unverified` (inside the look-back: the next run reads it again).
-- MAGIC Here: the counts per pipeline, every date, and the gaps: dates between the first and the last
-- MAGIC published date that no run published.
-- MAGIC
-- MAGIC The ledger only knows what was published. Folders that landed and were never read, or changed
-- MAGIC since they were published, are what `tidemark status` reports as `gaps` and `stale`: it lists the
-- MAGIC landing folders too. A gap here can also be a day with no folder at all.
-- MAGIC
-- MAGIC Widgets: `control_schema` is the schema of the control tables (`tidemark.control-schema`); `pipeline` narrows
-- MAGIC every cell to one pipeline (empty: all).

-- COMMAND ----------

CREATE WIDGET TEXT control_schema DEFAULT 'main.tidemark';
CREATE WIDGET TEXT pipeline DEFAULT '';

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ## Per pipeline

-- COMMAND ----------

-- DBTITLE 1,Coverage
SELECT
  pipeline,
  count_if(status = 'processed') AS processed_dates,
  count_if(status = 'unverified') AS unverified_dates,
  min(landing_date) AS first_date,
  max(landing_date) AS last_date,
  datediff(max(landing_date), min(landing_date)) + 1 - count(DISTINCT landing_date) AS gap_dates,
  sum(file_count) AS files,
  sum(bytes) AS bytes,
  max(processed_at) AS last_processed_at
FROM IDENTIFIER(:control_schema || '.intervals')
WHERE :pipeline = '' OR pipeline = :pipeline
GROUP BY pipeline
ORDER BY pipeline

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ## Landing dates

-- COMMAND ----------

-- DBTITLE 1,Landing dates
SELECT pipeline, landing_date, status, file_count, bytes, run_id, processed_at, fingerprint
FROM IDENTIFIER(:control_schema || '.intervals')
WHERE :pipeline = '' OR pipeline = :pipeline
ORDER BY pipeline, landing_date

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ## Gaps
-- MAGIC
-- MAGIC Every day from the first to the last published date, minus the published ones.

-- COMMAND ----------

-- DBTITLE 1,Gaps
WITH published AS (
  SELECT DISTINCT pipeline, landing_date
  FROM IDENTIFIER(:control_schema || '.intervals')
  WHERE :pipeline = '' OR pipeline = :pipeline
),
span AS (
  SELECT pipeline, min(landing_date) AS first_date, max(landing_date) AS last_date
  FROM published
  GROUP BY pipeline
),
days AS (
  SELECT pipeline, explode(sequence(first_date, last_date, INTERVAL 1 DAY)) AS landing_date
  FROM span
)
SELECT d.pipeline, d.landing_date
FROM days d
LEFT ANTI JOIN published p ON p.pipeline = d.pipeline AND p.landing_date = d.landing_date
ORDER BY d.pipeline, d.landing_date
