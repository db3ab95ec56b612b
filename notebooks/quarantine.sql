-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Tidemark: quarantine
-- MAGIC
-- MAGIC Lines a run could not use (unparseable JSON, a missing key, a type that does not fit) are kept in
-- MAGIC the `quarantine` control table with the reason and the raw text, instead of failing the run or
-- MAGIC vanishing. First the counts, to see which source file or reason dominates; then the newest rows.
-- MAGIC
-- MAGIC Widgets: `control_schema` is the schema of the control tables (`tidemark.control-schema`); `pipeline` narrows
-- MAGIC every cell to one pipeline (empty: all).

-- COMMAND ----------

CREATE WIDGET TEXT control_schema DEFAULT 'main.tidemark';
CREATE WIDGET TEXT pipeline DEFAULT '';

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ## Counts by pipeline, reason and file

-- COMMAND ----------

-- DBTITLE 1,Counts
SELECT
  pipeline,
  reason,
  element_at(split(source_file, '/'), -1) AS file_name,
  count(*) AS quarantined_rows,
  min(landing_date) AS first_landing_date,
  max(landing_date) AS last_landing_date,
  max(quarantined_at) AS last_quarantined_at,
  source_file
FROM IDENTIFIER(:control_schema || '.quarantine')
WHERE :pipeline = '' OR pipeline = :pipeline
GROUP BY pipeline, reason, source_file
ORDER BY pipeline, quarantined_rows DESC, reason, source_file

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ## Newest quarantined rows
-- MAGIC
-- MAGIC `raw` is the line as it was in the file (or, for a line that parsed but failed a check, the parsed
-- MAGIC row as JSON). The newest 100; filter on `pipeline` for more of one pipeline.

-- COMMAND ----------

-- DBTITLE 1,Newest rows
SELECT
  pipeline,
  quarantined_at,
  run_id,
  landing_date,
  element_at(split(source_file, '/'), -1) AS file_name,
  reason,
  raw,
  source_file
FROM IDENTIFIER(:control_schema || '.quarantine')
WHERE :pipeline = '' OR pipeline = :pipeline
ORDER BY quarantined_at DESC, pipeline, source_file
LIMIT 100
