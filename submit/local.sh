#!/usr/bin/env bash
# Runs wrmf in Spark local mode on this machine: needs only a JDK (17+) and Maven.
#   submit/local.sh COMMAND [--config FILE] [--set KEY=VALUE]... [ARGS]
# Builds the project on first use (and when sources changed), then goes through Spark's own
# SparkSubmit entry point with the Maven-resolved Spark jars, as a cluster submission does
# (submit/common.sh; an installed SPARK_HOME is deliberately not used here).
# Environment: WRMF_MASTER (default local[*]), WRMF_DRIVER_MEMORY (default 6g: in local mode the
# driver does all the work), WRMF_REBUILD=1, and the WRMF_* settings listed in submit/common.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
unset SPARK_HOME
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"

# The driver does all the work here, and ALS keeps blocks of factors and messages of several MB. With
# G1's default regions (2 MB at 6g) each of those is a "humongous" object, whose allocations kept
# starting concurrent collections; 32 MB regions took 8% off CG's time per iteration at rank 128.
WRMF_DRIVER_GC=(-XX:G1HeapRegionSize=32m)
# Local mode's executors are this JVM, which has the application jar: the serializer that fails a write
# whose stream fails on close (see WRMF_SERIALIZER in submit/common.sh).
case "${WRMF_MASTER:-local[*]}" in
  local*) WRMF_SERIALIZER="${WRMF_SERIALIZER:-org.wrmf.cli.CheckedKryoSerializer}" ;;
esac
wrmf_build
wrmf_app_args client "$@"
wrmf_submit_conf client
wrmf_spark_submit "${WRMF_DRIVER_MEMORY:-6g}" --master "${WRMF_MASTER:-local[*]}" \
  "${WRMF_SUBMIT_CONF[@]}" "$WRMF_JAR" "${WRMF_APP_ARGS[@]}"
