#!/usr/bin/env bash
# A real Spark standalone cluster on this machine, for trying the job and for the cluster test: one
# master and N workers, each its own java process, bound to 127.0.0.1 on ports the OS picks.
#   submit/dev-cluster.sh start     start it (does nothing if it already runs); prints the master URL
#   submit/dev-cluster.sh status    what runs (exit 0 when the master and every worker are up, else 3)
#   submit/dev-cluster.sh url       the master URL, for submit/standalone.sh
#   submit/dev-cluster.sh stop      stop the workers (and their executors), then the master
# No Spark installation needed: Spark's own Master and Worker classes run from the Maven-resolved jars.
# A worker starts each executor as `java -cp "$SPARK_HOME/conf/:$SPARK_HOME/jars/*" ...`
# (Spark's WorkerCommandBuilder), so the Spark home it needs is only a jars/ folder, assembled here
# from symbolic links to those jars (and SPARK_SCALA_VERSION set in the workers' environment).
# Files, all under WRMF_CLUSTER_DIR (default target/dev-cluster): spark-home/, logs/ (master.log,
# worker-N.log), pids/, work/worker-N/ (executor logs: work/worker-N/APP_ID/EXECUTOR_ID/stderr),
# master-url, master-ui.
# Environment: WRMF_CLUSTER_DIR, WRMF_WORKERS (2), WRMF_WORKER_CORES (1), WRMF_WORKER_MEMORY (1g:
# at least the executors' WRMF_EXECUTOR_MEMORY), WRMF_MASTER_PORT (0: any free port),
# WRMF_CLUSTER_TIMEOUT (seconds to wait for each process to come up, 120).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

dir="${WRMF_CLUSTER_DIR:-$wrmf_root/target/dev-cluster}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
home="$dir/spark-home"
logs="$dir/logs"
pids="$dir/pids"
timeout="${WRMF_CLUSTER_TIMEOUT:-120}"

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

assemble_spark_home() {
  rm -rf "$home"
  mkdir -p "$home/jars" "$home/conf"
  local jar
  while IFS= read -r jar; do
    ln -s "$jar" "$home/jars/$(basename "$jar")"
  done < <(wrmf_spark_jars | tr ':' '\n' | grep '\.jar$')
}

# Waits until a line matching $2 appears in log $1 while process $3 lives; prints the first match.
wait_for_log() {
  local log="$1" pattern="$2" pidfile="$3" waited=0 found
  while :; do
    found="$(grep -o -m1 -E "$pattern" "$log" 2>/dev/null || true)"
    if [ -n "$found" ]; then
      echo "$found"
      return 0
    fi
    if ! alive "$pidfile"; then
      echo "dev-cluster: $(basename "$log" .log) died while starting; end of $log:" >&2
      tail -20 "$log" >&2
      return 1
    fi
    if [ "$waited" -ge $((timeout * 5)) ]; then
      echo "dev-cluster: $(basename "$log" .log) not up after ${timeout}s; see $log" >&2
      return 1
    fi
    sleep 0.2
    waited=$((waited + 1))
  done
}

# Starts a Spark daemon class in the background, detached from this shell's output, and records its pid.
launch() {
  local name="$1"; shift
  wrmf_jvm_options
  # SPARK_SCALA_VERSION: without it Spark's launcher, which builds the executors' classpath, looks for
  # a source build's launcher/target/scala-2.13 folder to learn the Scala version, and fails.
  SPARK_HOME="$home" SPARK_CONF_DIR="$home/conf" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 \
    nohup java -Xmx256m \
    "${WRMF_JVM_OPTIONS[@]}" -cp "$home/conf/:$home/jars/*" "$@" < /dev/null > "$logs/$name.log" 2>&1 &
  echo $! > "$pids/$name.pid"
}

start() {
  if alive "$pids/master.pid"; then
    echo "dev-cluster: already running" >&2
    cat "$dir/master-url"
    return 0
  fi
  stop_all 2>/dev/null || true
  assemble_spark_home
  mkdir -p "$logs" "$pids"
  rm -f "$dir/master-url" "$dir/master-ui" "$logs"/*.log

  launch master org.apache.spark.deploy.master.Master --host 127.0.0.1 \
    --port "${WRMF_MASTER_PORT:-0}" --webui-port 0
  local url ui
  url="$(wait_for_log "$logs/master.log" 'spark://127\.0\.0\.1:[0-9]+' "$pids/master.pid")" || { stop_all; exit 1; }
  ui="$(wait_for_log "$logs/master.log" 'MasterWebUI.* at http://[^ ]+' "$pids/master.pid")" || { stop_all; exit 1; }
  ui="${ui##* at }"
  echo "$url" > "$dir/master-url"
  echo "$ui" > "$dir/master-ui"

  local n
  for n in $(seq 1 "${WRMF_WORKERS:-2}"); do
    mkdir -p "$dir/work/worker-$n"
    launch "worker-$n" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --port 0 --webui-port 0 \
      --cores "${WRMF_WORKER_CORES:-1}" --memory "${WRMF_WORKER_MEMORY:-1g}" \
      --work-dir "$dir/work/worker-$n" "$url"
  done
  for n in $(seq 1 "${WRMF_WORKERS:-2}"); do
    wait_for_log "$logs/worker-$n.log" 'Successfully registered with master' "$pids/worker-$n.pid" > /dev/null \
      || { stop_all; exit 1; }
  done
  echo "dev-cluster: master $url (web UI $ui), ${WRMF_WORKERS:-2} workers; logs in $logs" >&2
  echo "$url"
}

# Stops one process by its pid file: TERM, then KILL after 15 s. A worker's executors are its children:
# they are collected first, and killed too if the worker's own shutdown did not end them.
stop_one() {
  local pidfile="$1" pid children waited=0
  [ -f "$pidfile" ] || return 0
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    children="$(ps -o pid= --ppid "$pid" 2>/dev/null || true)"
    kill "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 75 ]; do
      sleep 0.2
      waited=$((waited + 1))
    done
    kill -9 "$pid" 2>/dev/null || true
    local child
    for child in $children; do
      kill -9 "$child" 2>/dev/null || true
    done
  fi
  rm -f "$pidfile"
}

stop_all() {
  local pidfile
  for pidfile in "$pids"/worker-*.pid; do
    [ -e "$pidfile" ] && stop_one "$pidfile"
  done
  stop_one "$pids/master.pid"
  rm -f "$dir/master-url" "$dir/master-ui"
}

status() {
  local up=0 pidfile name
  if alive "$pids/master.pid"; then
    echo "master   pid $(cat "$pids/master.pid")  $(cat "$dir/master-url")  web UI $(cat "$dir/master-ui")"
  else
    echo "master   not running"
    up=3
  fi
  for pidfile in "$pids"/worker-*.pid; do
    [ -e "$pidfile" ] || continue
    name="$(basename "$pidfile" .pid)"
    if alive "$pidfile"; then
      echo "$name pid $(cat "$pidfile")"
    else
      echo "$name not running"
      up=3
    fi
  done
  return "$up"
}

case "${1:-}" in
  start) start ;;
  stop) stop_all ;;
  status) status ;;
  url)
    alive "$pids/master.pid" || { echo "dev-cluster: not running (submit/dev-cluster.sh start)" >&2; exit 3; }
    cat "$dir/master-url"
    ;;
  *) wrmf_die "usage: submit/dev-cluster.sh start|stop|status|url" ;;
esac
