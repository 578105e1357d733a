#!/usr/bin/env bash
# Submits wrmf to Hadoop YARN, the driver running in the cluster (cluster deploy mode).
#   submit/yarn.sh COMMAND [--config FILE] [--set KEY=VALUE]... [ARGS]
#   e.g. WRMF_EXECUTORS=10 WRMF_EXECUTOR_MEMORY=8g WRMF_EXECUTOR_CORES=4 \
#        submit/yarn.sh all --config conf/my-data.conf --set output.path=hdfs:///wrmf/2024-01-31
# Needs SPARK_HOME (a Spark 4.x, Scala 2.13 installation: YARN support is not among the Maven-resolved
# jars) and HADOOP_CONF_DIR or YARN_CONF_DIR. The config file goes with --files into the driver's
# working directory and is read there by its bare name. Paths in the settings (input, output,
# WRMF_CHECKPOINT_DIR) must be on a file system every node reaches: hdfs://, s3a://, ...
# Environment: WRMF_DEPLOY_MODE (cluster; client keeps the driver here, then its exit code 2 for a
# bad setting or input reaches the caller, where cluster mode reports any failure as 1),
# WRMF_QUEUE (YARN queue), WRMF_EXECUTORS (spark.executor.instances, 2), WRMF_DRIVER_MEMORY (4g), and
# WRMF_EXECUTOR_MEMORY, WRMF_EXECUTOR_CORES, WRMF_PARALLELISM, WRMF_CHECKPOINT_DIR, WRMF_SUBMIT_OPTS,
# WRMF_JAR, WRMF_S3A=1 for s3a:// paths (see submit/common.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

[ $# -ge 1 ] || wrmf_die "usage: submit/yarn.sh COMMAND [--config FILE] [--set KEY=VALUE]..."
[ -n "${SPARK_HOME:-}" ] || wrmf_die "set SPARK_HOME to a Spark 4 installation with YARN support"
[ -n "${HADOOP_CONF_DIR:-}${YARN_CONF_DIR:-}" ] || wrmf_die "set HADOOP_CONF_DIR (or YARN_CONF_DIR) to the cluster's client configuration"
mode="${WRMF_DEPLOY_MODE:-cluster}"

wrmf_build
wrmf_app_args "$mode" "$@"
wrmf_submit_conf "$mode"
yarn=(--conf "spark.executor.instances=${WRMF_EXECUTORS:-2}"
  # one attempt: retrying is the scheduler's decision (Airflow), and a second attempt of a failed
  # driver would only repeat a bad setting's failure
  --conf spark.yarn.maxAppAttempts=1
  --conf spark.yarn.appMasterEnv.OPENBLAS_NUM_THREADS=1)
[ -n "${WRMF_QUEUE:-}" ] && yarn+=(--queue "$WRMF_QUEUE")
wrmf_spark_submit "${WRMF_DRIVER_MEMORY:-4g}" --master yarn "${WRMF_SUBMIT_CONF[@]}" "${yarn[@]}" \
  "$WRMF_JAR" "${WRMF_APP_ARGS[@]}"
