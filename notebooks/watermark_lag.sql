-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Tidemark: watermarks and lag
-- MAGIC
-- MAGIC The `watermarks` control table holds, per pipeline, the newest landing date published
-- MAGIC (`landing_watermark`) and the newest event time in the target (`event_watermark`). Lag is now minus
-- MAGIC the event watermark: how far behind the target's data is. Then the lag each run left behind, from
-- MAGIC the `runs` table, to see whether it is growing.
-- MAGIC
-- MAGIC Widgets: `control_schema` is the schema of the control tables (`tidemark.control-schema`); `pipeline` narrows
-- MAGIC every cell to one pipeline (empty: all).

-- COMMAND ----------

CREATE WIDGET TEXT control_schema DEFAULT 'main.tidemark';
CREATE WIDGET TEXT pipeline DEFAULT '';

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ## Lag now
-- MAGIC
-- MAGIC Measured against this cluster's clock when the cell runs (`tidemark status` measures it against
-- MAGIC the clock of the machine it runs on).

-- COMMAND ----------

-- DBTITLE 1,Lag now
SELECT
  pipeline,
  landing_watermark,
  event_watermark,
  lag_seconds,
  concat(
    lag_seconds DIV 86400, 'd ',
    lag_seconds % 86400 DIV 3600, 'h ',
    lag_seconds % 3600 DIV 60, 'm') AS lag,
  run_id,
  updated_at
FROM (
  SELECT
    *,
    unix_timestamp(current_timestamp()) - unix_timestamp(event_watermark) AS lag_seconds,
    -- One row per pipeline is what Tidemark keeps; the newest wins should there ever be more.
    row_number() OVER (PARTITION BY pipeline ORDER BY updated_at DESC) AS newest
  FROM IDENTIFIER(:control_schema || '.watermarks')
  WHERE :pipeline = '' OR pipeline = :pipeline
)
WHERE newest = 1
ORDER BY pipeline

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ## Lag over runs
-- MAGIC
-- MAGIC `watermark_lag_seconds` is the lag when each run ended; the watermarks before and after show what
-- MAGIC the run moved. A failed run moves nothing.

-- COMMAND ----------

-- DBTITLE 1,Lag over runs
SELECT
  pipeline,
  run_id,
  status,
  started_at,
  ended_at,
  landing_watermark_before,
  landing_watermark_after,
  event_watermark_before,
  event_watermark_after,
  watermark_lag_seconds,
  round(watermark_lag_seconds / 3600.0, 1) AS watermark_lag_hours
FROM IDENTIFIER(:control_schema || '.runs')
WHERE :pipeline = '' OR pipeline = :pipeline
ORDER BY pipeline, started_at, run_id
