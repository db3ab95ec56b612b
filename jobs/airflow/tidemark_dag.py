"""Tidemark on Airflow 3: a daily incremental run and a backfill over a date range.

Each comes in two flavours; keep the ones for your platform and delete the others:

* ``tidemark_daily_spark_submit`` / ``tidemark_backfill_spark_submit`` run ``scripts/submit``
  (spark-submit with the Tidemark jar) from a checkout or release of Tidemark on the worker, with
  the ``cluster`` profile (``conf/cluster.conf``: set ``TIDEMARK_WAREHOUSE`` on the workers to
  storage every Spark node reaches);
* ``tidemark_daily_databricks`` / ``tidemark_backfill_databricks`` trigger the Databricks jobs
  created from ``jobs/databricks/tidemark-daily.json`` and ``tidemark-backfill.json`` (pause the
  daily job's own schedule when Airflow triggers it).

Retries: Tidemark's exit code 1 (the run failed) is retried, twice, 10 minutes apart: reruns are
safe, a run over the same input changes nothing. Exit codes 2 (usage or configuration) and 3 (a
threshold breached, a batch rejected) fail the task at once: a retry would fail the same way.
The task log holds Tidemark's message. The Databricks jobs retry on their own, so Airflow does
not retry them again.

Backfill: trigger the DAG with a configuration, e.g.
``airflow dags trigger tidemark_backfill_spark_submit --conf '{"from": "2026-01-01", "to": "2026-01-31"}'``.

Needs apache-airflow 3 and, for the Databricks DAGs, apache-airflow-providers-databricks.
``tidemark_commands.py`` goes next to this file in the DAG folder.
"""

import os
from datetime import datetime, timedelta

from airflow.exceptions import AirflowException, AirflowFailException
from airflow.providers.databricks.operators.databricks import DatabricksRunNowOperator
from airflow.sdk import DAG, Param, task

import tidemark_commands

# Where Tidemark is installed on the Airflow workers (scripts/submit, conf/).
TIDEMARK_HOME = os.environ.get("TIDEMARK_HOME", "/opt/tidemark")
# The Spark master scripts/submit passes to spark-submit (yarn, k8s://..., spark://...).
SPARK_MASTER = os.environ.get("TIDEMARK_SPARK_MASTER", "yarn")
# The configuration profile of spark-submit runs: conf/<profile>.conf under TIDEMARK_HOME.
SPARK_PROFILE = os.environ.get("TIDEMARK_PROFILE", "cluster")
# The Airflow connection to the Databricks workspace.
DATABRICKS_CONN_ID = "databricks_default"

PIPELINE = "orders"

# Exit code 1 only: tidemark() below fails the task without a retry for any other code.
SUBMIT_ARGS = {
    "owner": "data-platform",
    "retries": 2,
    "retry_delay": timedelta(minutes=10),
}
# The Databricks jobs retry their task themselves (max_retries in their definitions).
DATABRICKS_ARGS = {"owner": "data-platform", "retries": 0}

# A backfill's range: landing dates, both inclusive, given when the DAG is triggered.
RANGE_PARAMS = {
    "from": Param("2026-01-01", type="string", format="date", description="First landing date"),
    "to": Param("2026-01-31", type="string", format="date", description="Last landing date"),
}


def tidemark(tidemark_args):
    """Runs scripts/submit with these Tidemark arguments; retries exit code 1 only."""
    tidemark_commands.run(
        tidemark_commands.submit_command(TIDEMARK_HOME, SPARK_MASTER, SPARK_PROFILE, tidemark_args),
        cwd=TIDEMARK_HOME,
        on_retried=AirflowException,
        on_final=AirflowFailException,
    )


with DAG(
    dag_id="tidemark_daily_spark_submit",
    description="Tidemark incremental run of the orders pipeline, via spark-submit",
    schedule="30 2 * * *",
    start_date=datetime(2026, 1, 1),
    # An incremental run reads everything since the watermark: one run catches up on all.
    catchup=False,
    max_active_runs=1,
    default_args=SUBMIT_ARGS,
    tags=["tidemark"],
) as daily_spark_submit:

    @task(task_id="run_orders")
    def run_orders():
        tidemark(tidemark_commands.run_args(PIPELINE))

    run_orders()

with DAG(
    dag_id="tidemark_backfill_spark_submit",
    description="Tidemark backfill of the orders pipeline over a range, via spark-submit",
    schedule=None,
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args=SUBMIT_ARGS,
    params=RANGE_PARAMS,
    tags=["tidemark", "backfill"],
) as backfill_spark_submit:

    @task(task_id="backfill_orders")
    def backfill_orders(params=None):
        tidemark(tidemark_commands.run_args(PIPELINE, params["from"], params["to"]))

    backfill_orders()

with DAG(
    dag_id="tidemark_daily_databricks",
    description="Tidemark incremental run of the orders pipeline, as the Databricks job tidemark-daily",
    schedule="30 2 * * *",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args=DATABRICKS_ARGS,
    tags=["tidemark", "databricks"],
) as daily_databricks:
    DatabricksRunNowOperator(
        task_id="run_orders",
        databricks_conn_id=DATABRICKS_CONN_ID,
        # The job from jobs/databricks/tidemark-daily.json (or the bundle).
        job_name="tidemark-daily",
    )

with DAG(
    dag_id="tidemark_backfill_databricks",
    description="Tidemark backfill of the orders pipeline over a range, as the Databricks job tidemark-backfill",
    schedule=None,
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args=DATABRICKS_ARGS,
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
