"""Tidemark on Airflow: a daily incremental run and a backfill over a date range.

Each comes in two flavours; keep the ones for your platform and delete the others:

* ``tidemark_daily_spark_submit`` / ``tidemark_backfill_spark_submit`` run ``scripts/submit``
  (spark-submit with the Tidemark jar) from a checkout or release of Tidemark on the worker;
* ``tidemark_daily_databricks`` / ``tidemark_backfill_databricks`` trigger the Databricks jobs
  created from ``jobs/databricks/tidemark-daily.json`` and ``tidemark-backfill.json`` (pause the
  daily job's own schedule when Airflow triggers it).

Reruns are safe: a Tidemark run over the same input changes nothing, so Airflow's retries and a
cleared task never duplicate rows. Exit codes: 0 success, 1 failed, 2 bad usage or configuration,
3 a threshold was breached; any non-zero code fails the task, and the task log holds the message.

Backfill: trigger the DAG with a configuration, e.g.
``airflow dags trigger tidemark_backfill_spark_submit --conf '{"from": "2026-01-01", "to": "2026-01-31"}'``.

Written for Airflow 2.7+ with apache-airflow-providers-databricks. On Airflow 3 import
``BashOperator`` from ``airflow.providers.standard.operators.bash``.
"""

import os
from datetime import datetime, timedelta

from airflow import DAG
from airflow.models.param import Param
from airflow.operators.bash import BashOperator
from airflow.providers.databricks.operators.databricks import DatabricksRunNowOperator

# Where Tidemark is installed on the Airflow workers (scripts/submit, conf/).
TIDEMARK_HOME = os.environ.get("TIDEMARK_HOME", "/opt/tidemark")
# The Spark master scripts/submit passes to spark-submit (yarn, k8s://..., spark://...).
SPARK_MASTER = os.environ.get("TIDEMARK_SPARK_MASTER", "yarn")
# The environment profile for spark-submit runs: conf/<profile>.conf under TIDEMARK_HOME.
SPARK_PROFILE = os.environ.get("TIDEMARK_PROFILE", "local")
# The Airflow connection to the Databricks workspace.
DATABRICKS_CONN_ID = "databricks_default"

PIPELINE = "orders"

DEFAULT_ARGS = {
    "owner": "data-platform",
    # Safe because runs are idempotent; a usage error (exit 2) fails again the same way.
    "retries": 2,
    "retry_delay": timedelta(minutes=10),
}

# A backfill's range: landing dates, both inclusive, given when the DAG is triggered.
RANGE_PARAMS = {
    "from": Param("2026-01-01", type="string", format="date", description="First landing date"),
    "to": Param("2026-01-31", type="string", format="date", description="Last landing date"),
}


def submit_command(tidemark_args):
    """scripts/submit [--master URL] -- <tidemark args>, from the Tidemark installation."""
    return (
        f"cd {TIDEMARK_HOME} && scripts/submit --master {SPARK_MASTER} -- "
        f"{tidemark_args} --conf-dir conf --profile {SPARK_PROFILE}"
    )


with DAG(
    dag_id="tidemark_daily_spark_submit",
    description="Tidemark incremental run of the orders pipeline, via spark-submit",
    schedule="30 2 * * *",
    start_date=datetime(2026, 1, 1),
    # An incremental run reads everything since the watermark: one run catches up on all.
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["tidemark"],
) as daily_spark_submit:
    BashOperator(
        task_id="run_orders",
        bash_command=submit_command(f"run {PIPELINE}"),
    )

with DAG(
    dag_id="tidemark_backfill_spark_submit",
    description="Tidemark backfill of the orders pipeline over a range, via spark-submit",
    schedule=None,
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    params=RANGE_PARAMS,
    tags=["tidemark", "backfill"],
) as backfill_spark_submit:
    BashOperator(
        task_id="backfill_orders",
        bash_command=submit_command(
            f"run {PIPELINE} --from {{{{ params['from'] }}}} --to {{{{ params['to'] }}}}"
        ),
    )

with DAG(
    dag_id="tidemark_daily_databricks",
    description="Tidemark incremental run of the orders pipeline, as the Databricks job tidemark-daily",
    schedule="30 2 * * *",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["tidemark", "databricks"],
) as daily_databricks:
    DatabricksRunNowOperator(
        task_id="run_orders",
        databricks_conn_id=DATABRICKS_CONN_ID,
        # The job from jobs/databricks/tidemark-daily.json; its task retries on its own too.
        job_name="tidemark-daily",
    )

with DAG(
    dag_id="tidemark_backfill_databricks",
    description="Tidemark backfill of the orders pipeline over a range, as the Databricks job tidemark-backfill",
    schedule=None,
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    params=RANGE_PARAMS,
    tags=["tidemark", "databricks", "backfill"],
) as backfill_databricks:
    DatabricksRunNowOperator(
        task_id="backfill_orders",
        databricks_conn_id=DATABRICKS_CONN_ID,
        # The job from jobs/databricks/tidemark-backfill.json reads these as
        # {{job.parameters.from}} and {{job.parameters.to}}.
        job_name="tidemark-backfill",
        job_parameters={"from": "{{ params['from'] }}", "to": "{{ params['to'] }}"},
    )
