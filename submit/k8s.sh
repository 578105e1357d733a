#!/usr/bin/env bash
# Submits wrmf to Kubernetes, the driver running in a pod (cluster deploy mode), from the image built
# with docker/Dockerfile (the jar at /opt/wrmf/wrmf.jar, the conf/ folder at /opt/wrmf/conf).
#   submit/k8s.sh K8S_MASTER COMMAND [--config FILE] [--set KEY=VALUE]... [ARGS]
#   e.g. WRMF_IMAGE=registry.example.com/wrmf:0.1.0 WRMF_UPLOAD_PATH=s3a://bucket/spark-uploads \
#        submit/k8s.sh k8s://https://kubernetes.example.com:6443 all --config conf/my-data.conf
#        submit/k8s.sh k8s://https://... all --config local:///opt/wrmf/conf/local.conf  (inside the image)
# Needs SPARK_HOME (a Spark 4.x, Scala 2.13 installation: Kubernetes support is not among the
# Maven-resolved jars). A config file from this machine is shipped with --files, which on Kubernetes
# goes through WRMF_UPLOAD_PATH (spark.kubernetes.file.upload.path: a folder the pods can read);
# a file already in the image is named with local://. Input, output and WRMF_CHECKPOINT_DIR must be
# on storage the pods share (s3a://, a persistent volume mounted in every pod, ...).
# Environment: WRMF_IMAGE (wrmf:latest), WRMF_NAMESPACE (default), WRMF_SERVICE_ACCOUNT (spark: it
# must be allowed to create pods), WRMF_EXECUTORS (2), WRMF_DRIVER_MEMORY (4g), WRMF_UPLOAD_PATH, and
# WRMF_EXECUTOR_MEMORY, WRMF_EXECUTOR_CORES, WRMF_PARALLELISM, WRMF_CHECKPOINT_DIR, WRMF_SUBMIT_OPTS
# (see submit/common.sh). The image has S3A (s3a:// paths) for the driver and executors. An s3a://
# WRMF_UPLOAD_PATH is written by the Spark on this machine, which needs S3A too: the image's jars in
# $SPARK_HOME/jars, or WRMF_S3A=1 (--packages; the driver pod then downloads them again at start).
# The driver pod's exit code is 0, 1 or 2 (see Main); spark-submit itself
# returns non-zero when the driver pod fails.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

[ $# -ge 2 ] || wrmf_die "usage: submit/k8s.sh k8s://https://HOST:PORT COMMAND [--config FILE] [--set KEY=VALUE]..."
master="$1"; shift
[[ "$master" == k8s://* ]] || wrmf_die "K8S_MASTER must look like k8s://https://HOST:PORT, got: $master"
[ -n "${SPARK_HOME:-}" ] || wrmf_die "set SPARK_HOME to a Spark 4 installation with Kubernetes support"

wrmf_app_args cluster "$@"
if [ -n "$WRMF_CONFIG_FILE" ] && [ -z "${WRMF_UPLOAD_PATH:-}" ]; then
  wrmf_die "--config $WRMF_CONFIG_FILE: set WRMF_UPLOAD_PATH to ship it, or use a file in the image (--config local:///opt/wrmf/conf/...)"
fi
wrmf_submit_conf cluster
k8s=(--conf "spark.kubernetes.container.image=${WRMF_IMAGE:-wrmf:latest}"
  --conf "spark.kubernetes.namespace=${WRMF_NAMESPACE:-default}"
  --conf "spark.kubernetes.authenticate.driver.serviceAccountName=${WRMF_SERVICE_ACCOUNT:-spark}"
  --conf "spark.executor.instances=${WRMF_EXECUTORS:-2}"
  --conf spark.kubernetes.driverEnv.OPENBLAS_NUM_THREADS=1)
[ -n "${WRMF_UPLOAD_PATH:-}" ] && k8s+=(--conf "spark.kubernetes.file.upload.path=$WRMF_UPLOAD_PATH")
wrmf_spark_submit "${WRMF_DRIVER_MEMORY:-4g}" --master "$master" "${WRMF_SUBMIT_CONF[@]}" "${k8s[@]}" \
  local:///opt/wrmf/wrmf.jar "${WRMF_APP_ARGS[@]}"
