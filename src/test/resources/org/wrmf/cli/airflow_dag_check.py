"""Imports submit/airflow/wrmf_dag.py with stand-ins for Airflow's classes and checks the DAG's choices.

Airflow is not installed where the tests run; the stand-ins record what the DAG file builds, so the
check covers the DAG's own logic (which task runs, which run a refit starts from, the arguments), not
Airflow. Usage: python3 airflow_dag_check.py <path of wrmf_dag.py>. Exit 0 when every check holds.
"""
import importlib.util
import sys
import types


class Recorded:
    created = []

    def __init__(self, **kwargs):
        self.kwargs = kwargs
        self.downstream = []
        Recorded.created.append(self)

    def __rshift__(self, others):
        self.downstream.extend(others if isinstance(others, list) else [others])
        return others


class Dag:
    def __init__(self, **kwargs):
        self.kwargs = kwargs

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class AirflowException(Exception):
    pass


class AirflowFailException(AirflowException):
    pass


def module(name, **attributes):
    made = types.ModuleType(name)
    made.__dict__.update(attributes)
    sys.modules[name] = made
    return made


module("airflow", DAG=Dag)
module("airflow.exceptions", AirflowException=AirflowException, AirflowFailException=AirflowFailException)
module("airflow.models")
module("airflow.models.param", Param=lambda default, **kwargs: default)
module("airflow.providers")
module("airflow.providers.apache")
module("airflow.providers.apache.spark")
module("airflow.providers.apache.spark.operators")
module("airflow.providers.apache.spark.operators.spark_submit",
       SparkSubmitOperator=type("SparkSubmitOperator", (Recorded,), {"template_fields": ()}))
module("airflow.providers.standard")
module("airflow.providers.standard.operators")
module("airflow.providers.standard.operators.python",
       BranchPythonOperator=type("BranchPythonOperator", (Recorded,), {}))

spec = importlib.util.spec_from_file_location("wrmf_dag", sys.argv[1])
dag = importlib.util.module_from_spec(spec)
spec.loader.exec_module(dag)


class Instance:
    """A task instance: XCom values by task id, and what choose pushes."""

    def __init__(self, returned):
        self.returned = returned
        self.pushed = {}

    def xcom_pull(self, task_ids, include_prior_dates=False):
        assert include_prior_dates, "the previous run is on an earlier date"
        return self.returned.get(task_ids)

    def xcom_push(self, key, value):
        self.pushed[key] = value


failures = []


def check(label, actual, expected):
    if actual != expected:
        failures.append(f"{label}: expected {expected!r}, got {actual!r}")


root = "hdfs:///runs"
no_params = {"full": False, "refit_from": ""}
# 2026-12-06 is a Sunday: the default full day.
check("sunday runs all", dag.choose("2026-12-06", no_params,
                                   Instance({"refit": f"{root}/2026-12-05/manifest.json"})), "all")
check("no run known yet: all", dag.choose("2026-12-07", no_params, Instance({})), "all")
check("full=true: all", dag.choose("2026-12-08", {"full": True, "refit_from": ""},
                                   Instance({"all": f"{root}/2026-12-06/manifest.json"})), "all")

ti = Instance({"all": f"{root}/2026-12-06/manifest.json", "refit": f"{root}/2026-12-08/manifest.json"})
check("weekday after runs: refit", dag.choose("2026-12-09", no_params, ti), "refit")
check("refit starts from the newest earlier run", ti.pushed.get("previous_run"), f"{root}/2026-12-08")

ti = Instance({"all": f"{root}/2026-12-06/manifest.json", "refit": f"{root}/2026-12-09/manifest.json"})
check("a rerun of a date refits from an earlier one", dag.choose("2026-12-09", no_params, ti), "refit")
check("a rerun ignores its own date's run", ti.pushed.get("previous_run"), f"{root}/2026-12-06")

ti = Instance({})
check("refit_from by hand", dag.choose("2026-12-06", {"full": False, "refit_from": "/runs/x/"}, ti), "refit")
check("refit_from pushed without its slash", ti.pushed.get("previous_run"), "/runs/x")

operators = {op.kwargs["task_id"]: op for op in Recorded.created}
check("tasks", sorted(operators), ["all", "choose", "refit"])
check("choose leads to both", sorted(op.kwargs["task_id"] for op in operators["choose"].downstream), ["all", "refit"])
check("all's command", operators["all"].kwargs["application_args"][0], "all")
refit_args = operators["refit"].kwargs["application_args"]
check("refit's command", refit_args[0], "refit")
check("refit's from", [a for a in refit_args if a.startswith("wrmf.refit.from=")],
      ["wrmf.refit.from={{ ti.xcom_pull(task_ids='choose', key='previous_run') }}"])

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("airflow DAG checks passed")
