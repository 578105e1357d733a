"""Airflow DAG: wrmf every day, a grid search weekly and a refit from the last run on the other days.

Install apache-airflow-providers-apache-spark and define a Spark connection (``spark_default`` below,
or set WRMF_SPARK_CONN_ID) whose host is the master: spark://host:7077, yarn, or k8s://https://host.
Copy the job's jar and config file where the Airflow workers can read them (WRMF_JAR, WRMF_CONFIG). The
config's input is the current snapshot of likes (a path the upstream export refreshes every day).

Each run date does one of two things, chosen by the task ``choose``:
  ``all``   prepare, grid search, final model on all likes, outputs and report: on the weekday
            WRMF_FULL_WEEKDAY (default sunday), when no finished run is known yet, or when the run is
            triggered with the parameter full=true;
  ``refit`` on the other days: the previous finished run's model refitted on today's snapshot
            (wrmf.refit.from), new users and items folded in, vanished ones dropped, a few iterations.
The previous finished run is not guessed: both tasks return their run's manifest path to XCom only when
the run succeeded, and ``choose`` takes the newest of those from an earlier run date (the run date is the
last folder of the path). The parameter refit_from names a run folder by hand instead.

Exit codes (the job's, passed on by spark-submit in client deploy mode; in cluster mode YARN and
Kubernetes report every failure as 1):
  0  success;
  2  bad usage, setting or input (a typo in a key, a missing input file, nothing left after the
     threshold, refit.from naming no finished run): retrying cannot help, so the task fails at once,
     without its retries;
  1  any other failure (lost executors beyond Spark's own retries, out of memory, storage errors):
     retried, ``retries`` times with exponential back-off.

Idempotence: each run date writes under its own output folder, ``<WRMF_OUTPUT_ROOT>/<ds>``, which holds
one run. Running a date again (a retry, a backfill, "clear" in the UI) reuses that folder: a retry of a
failed or killed run proceeds and the grid search resumes where it stopped (a killed driver's lock is
stale after 5 minutes at most, less than ``retry_delay``); a finished run is replaced only when the run
is triggered with the parameter overwrite=true (wrmf.output.overwrite), otherwise such a run stops with
exit code 2 and leaves it as it is.

The tasks' return value, pushed to XCom, is the run's manifest path (``<output>/manifest.json``:
counts, settings, timings and where every output is), for downstream tasks to read.
"""
from __future__ import annotations

import os
from datetime import datetime, timedelta

from airflow import DAG
from airflow.exceptions import AirflowException, AirflowFailException
from airflow.models.param import Param
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

try:  # Airflow 3
    from airflow.providers.standard.operators.python import BranchPythonOperator
except ImportError:  # Airflow 2
    from airflow.operators.python import BranchPythonOperator

JAR = os.environ.get("WRMF_JAR", "/opt/wrmf/wrmf.jar")
CONFIG = os.environ.get("WRMF_CONFIG", "/opt/wrmf/conf/production.conf")
OUTPUT_ROOT = os.environ.get("WRMF_OUTPUT_ROOT", "hdfs:///data/wrmf/runs")
CONN_ID = os.environ.get("WRMF_SPARK_CONN_ID", "spark_default")
# The day of the week whose run searches the grid again (`all`); the other days refit.
FULL_WEEKDAY = os.environ.get("WRMF_FULL_WEEKDAY", "sunday").strip().lower()
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
if FULL_WEEKDAY not in WEEKDAYS:
    raise ValueError(f"WRMF_FULL_WEEKDAY={FULL_WEEKDAY!r}: expected one of {', '.join(WEEKDAYS)}")

FULL_TASK = "all"
REFIT_TASK = "refit"

# The --add-opens options Spark 4 needs on Java 17 (submit/jvm-options).
JVM_OPTIONS = " ".join([
    "-XX:+IgnoreUnrecognizedVMOptions",
    "--add-modules=jdk.incubator.vector",
    *(f"--add-opens={module}=ALL-UNNAMED" for module in (
        "java.base/java.lang", "java.base/java.lang.invoke", "java.base/java.lang.reflect",
        "java.base/java.io", "java.base/java.net", "java.base/java.nio", "java.base/java.util",
        "java.base/java.util.concurrent", "java.base/java.util.concurrent.atomic",
        "java.base/jdk.internal.ref", "java.base/sun.nio.ch", "java.base/sun.nio.cs",
        "java.base/sun.security.action", "java.base/sun.util.calendar",
        "java.security.jgss/sun.security.krb5")),
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dio.netty.allocator.type=pooled",
])

USAGE_EXIT_CODE = 2


class WrmfSubmitOperator(SparkSubmitOperator):
    """SparkSubmitOperator that returns the manifest path and does not retry a bad setting or input."""

    def __init__(self, *, output_path: str, **kwargs):
        super().__init__(**kwargs)
        self.output_path = output_path

    template_fields = (*SparkSubmitOperator.template_fields, "output_path")

    def execute(self, context):
        try:
            super().execute(context)
        except AirflowException as error:
            # The Spark hook reports the process's return code in its message ("... Error code is: 2.").
            if f"Error code is: {USAGE_EXIT_CODE}." in str(error):
                raise AirflowFailException(f"wrmf refused its settings or input (exit code 2): {error}") from error
            raise
        return f"{self.output_path.rstrip('/')}/manifest.json"


def run_date_of(manifest_path: str) -> str:
    """The run date of a manifest path ``<root>/<ds>/manifest.json``: the name of its folder."""
    return manifest_path.rstrip("/").rsplit("/", 2)[-2]


def previous_run(manifest_paths, ds: str):
    """The folder of the newest finished run dated before ds, or None: manifest paths as the tasks return them."""
    earlier = [path for path in manifest_paths if path and run_date_of(path) < ds]
    if not earlier:
        return None
    return max(earlier, key=run_date_of).rstrip("/").rsplit("/", 1)[0]


def choose(ds: str, params, ti) -> str:
    """Which task runs on this date; pushes the run refit starts from (XCom key previous_run)."""
    by_hand = (params.get("refit_from") or "").strip()
    if by_hand:
        ti.xcom_push(key="previous_run", value=by_hand.rstrip("/"))
        return REFIT_TASK
    if params.get("full") or datetime.fromisoformat(ds).strftime("%A").lower() == FULL_WEEKDAY:
        return FULL_TASK
    # The newest manifest each task returned, over all earlier run dates; a failed run returns none.
    pulled = [ti.xcom_pull(task_ids=task, include_prior_dates=True) for task in (FULL_TASK, REFIT_TASK)]
    found = previous_run(pulled, ds)
    if found is None:
        return FULL_TASK
    ti.xcom_push(key="previous_run", value=found)
    return REFIT_TASK


with DAG(
    dag_id="wrmf",
    description="Implicit-feedback recommendations (WRMF / implicit ALS) on Spark: weekly grid, daily refit",
    schedule="@daily",
    start_date=datetime(2024, 1, 1),
    catchup=False,
    max_active_runs=1,
    params={
        "overwrite": Param(False, type="boolean", description="replace finished outputs of this date"),
        "full": Param(False, type="boolean", description="search the grid again (all) whatever the weekday"),
        "refit_from": Param("", type="string", description="refit from this run folder instead of the last one"),
    },
    default_args={
        "owner": "data",
        "retries": 2,
        "retry_delay": timedelta(minutes=10),
        "retry_exponential_backoff": True,
        "execution_timeout": timedelta(hours=12),
    },
    tags=["spark", "recommendations"],
) as dag:
    output = f"{OUTPUT_ROOT}/{{{{ ds }}}}"
    common_args = [
        "--config", CONFIG,
        "--set", f"wrmf.output.path={output}",
        "--set", "wrmf.output.overwrite={{ params.overwrite | lower }}",
    ]
    spark_conf = {
        "spark.serializer": "org.apache.spark.serializer.KryoSerializer",
        "spark.driver.extraJavaOptions": JVM_OPTIONS,
        "spark.executor.extraJavaOptions": JVM_OPTIONS,
        "spark.executor.memory": os.environ.get("WRMF_EXECUTOR_MEMORY", "4g"),
        "spark.driver.memory": os.environ.get("WRMF_DRIVER_MEMORY", "4g"),
        "spark.ui.showConsoleProgress": "false",
        # one BLAS thread per task: Spark already runs one task per core
        "spark.executorEnv.OPENBLAS_NUM_THREADS": "1",
    }

    def wrmf_task(task_id: str, args: list[str]) -> WrmfSubmitOperator:
        return WrmfSubmitOperator(
            task_id=task_id,
            conn_id=CONN_ID,
            application=JAR,
            java_class="org.wrmf.Main",
            files=CONFIG,
            # client deploy mode reads the config at this path; in cluster mode use its bare name instead
            application_args=[task_id, *args],
            output_path=output,
            conf=spark_conf,
            name=f"wrmf {task_id} {{{{ ds }}}}",
            env_vars={"OPENBLAS_NUM_THREADS": "1"},
            do_xcom_push=True,
        )

    chosen = BranchPythonOperator(task_id="choose", python_callable=choose)
    full = wrmf_task(FULL_TASK, common_args)
    refit = wrmf_task(
        REFIT_TASK,
        [*common_args, "--set",
         "wrmf.refit.from={{ ti.xcom_pull(task_ids='choose', key='previous_run') }}"],
    )
    chosen >> [full, refit]
