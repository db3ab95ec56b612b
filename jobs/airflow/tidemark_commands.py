"""The command lines the Tidemark DAGs run, and which exit codes Airflow retries.

Kept apart from ``tidemark_dag.py`` (Airflow puts the DAG folder on ``sys.path``) so that it is
plain Python: ``AirflowDagTest`` checks it without Airflow.
"""

import subprocess

# Tidemark's exit codes (docs/reference/cli.md): 0 success; 1 the run failed (a cluster, storage
# or network fault: a retry may succeed, and reruns never duplicate anything); 2 bad usage or
# configuration and 3 a breached threshold or a rejected batch: a retry fails the same way, so
# the task fails at once and someone has to look.
RETRIED_EXIT_CODES = frozenset({1})


def submit_command(home, master, profile, tidemark_args):
    """scripts/submit --master MASTER -- <tidemark args> --conf-dir HOME/conf --profile PROFILE."""
    return [
        f"{home}/scripts/submit",
        "--master",
        master,
        "--",
        *tidemark_args,
        "--conf-dir",
        f"{home}/conf",
        "--profile",
        profile,
    ]


def run_args(pipeline, date_from=None, date_to=None):
    """``run PIPELINE``, or a backfill ``run PIPELINE --from D --to D`` (both inclusive)."""
    if (date_from is None) != (date_to is None):
        raise ValueError("a backfill needs both from and to")
    if date_from is None:
        return ["run", pipeline]
    return ["run", pipeline, "--from", str(date_from), "--to", str(date_to)]


def is_retried(exit_code):
    """True for the exit codes a retry can mend."""
    return exit_code in RETRIED_EXIT_CODES


def run(command, cwd, on_retried, on_final):
    """Runs the command, its output in the task log; raises on_retried(message) for an exit code
    a retry can mend, on_final(message) for any other non-zero one."""
    code = subprocess.run(command, cwd=cwd, check=False).returncode
    if code == 0:
        return
    message = f"{' '.join(command)} exited with {code}"
    if is_retried(code):
        raise on_retried(message + " (the run failed: retried)")
    raise on_final(
        message + " (configuration, a breached threshold or a rejected batch: not retried;"
        " the task log above says what to do)"
    )
