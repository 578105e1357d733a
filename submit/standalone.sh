#!/usr/bin/env bash
# Submits wrmf to a Spark standalone cluster, the driver running here (client deploy mode).
#   submit/standalone.sh MASTER_URL COMMAND [--config FILE] [--set KEY=VALUE]... [ARGS]
#   e.g. submit/standalone.sh spark://master:7077 all --config conf/my-data.conf
#        submit/standalone.sh "$(submit/dev-cluster.sh url)" train --set generate.scale=0.02
# The config file is read by the driver (--config) and shipped with --files as well. spark-submit is
# $SPARK_HOME/bin/spark-submit when SPARK_HOME is set, otherwise Spark's SparkSubmit entry point run
# from the Maven-resolved jars (no Spark installation needed; the cluster must run Spark 4.x, Scala 2.13).
# Environment: WRMF_DRIVER_MEMORY (default 2g), WRMF_EXECUTOR_MEMORY (1g), WRMF_EXECUTOR_CORES,
# WRMF_MAX_CORES, WRMF_CHECKPOINT_DIR, WRMF_SUBMIT_OPTS, WRMF_JAR, WRMF_S3A=1 for s3a:// paths (see
# submit/common.sh).
# Exit code: the job's (0 success, 2 bad usage, setting or input: do not retry, 1 failure).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

[ $# -ge 2 ] || wrmf_die "usage: submit/standalone.sh MASTER_URL COMMAND [--config FILE] [--set KEY=VALUE]..."
master="$1"; shift
case "$master" in
  spark://*) ;;
  *) wrmf_die "MASTER_URL must look like spark://HOST:PORT, got: $master" ;;
esac
# A master bound to the loopback (the dev cluster) can only reach a driver on the loopback too.
case "$master" in
  spark://127.0.0.1:*|spark://localhost:*) export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}" ;;
esac

wrmf_build
wrmf_app_args client "$@"
wrmf_submit_conf client
wrmf_spark_submit "${WRMF_DRIVER_MEMORY:-2g}" --master "$master" \
  "${WRMF_SUBMIT_CONF[@]}" "$WRMF_JAR" "${WRMF_APP_ARGS[@]}"
