# Sourced by the runners in this folder (never run on its own): building the job, the settings every
# submission needs, and the one place that decides how spark-submit is reached:
#   - SPARK_HOME set: $SPARK_HOME/bin/spark-submit (a Spark 4.x for Scala 2.13 installation);
#   - otherwise: Spark's own entry point, org.apache.spark.deploy.SparkSubmit, run with plain java on the
#     Spark jars Maven resolved (target/spark-classpath.txt), so no Spark installation is needed.
# Environment read here:
#   WRMF_JAR               application jar to submit (default: target/wrmf.jar, built when sources change)
#   WRMF_REBUILD=1         rebuild the jar even if it looks fresh
#   WRMF_EXECUTOR_MEMORY   spark.executor.memory (default 1g, Spark's own default: raise it on real clusters)
#   WRMF_EXECUTOR_CORES    spark.executor.cores (default: Spark's, i.e. all of a standalone worker's cores)
#   WRMF_MAX_CORES         spark.cores.max (standalone: cores the job may take in total)
#   WRMF_PARALLELISM       spark.sql.shuffle.partitions and spark.default.parallelism (default: Spark's,
#                          200 shuffle partitions; about 2-3 x the executors' cores suits this job, and
#                          a small cluster on small data, such as the dev cluster, wants it small: 4)
#   WRMF_CHECKPOINT_DIR    wrmf.spark.checkpoint-dir (default: <output.path>/_checkpoints); on a cluster
#                          it must be a folder every executor reaches (HDFS, S3, a shared mount)
#   WRMF_SERIALIZER        spark.serializer (default: local.sh org.wrmf.cli.CheckedKryoSerializer, which fails a
#                          write whose stream fails on close, e.g. the last bytes of a checkpoint on a full
#                          disk; the cluster runners Spark's KryoSerializer, because executors create their
#                          serializer before they fetch the application jar: to use ours on a cluster, put
#                          the jar on every node and name it in spark.executor.extraClassPath as well)
#   WRMF_SUBMIT_OPTS       more spark-submit options, split on spaces (e.g. "--conf spark.x=y")
#   WRMF_S3A=1             s3a:// paths (Amazon S3 and S3-compatible stores): adds --packages
#                          org.apache.hadoop:hadoop-aws:<the Hadoop version of Spark's jars>, which brings the
#                          AWS SDK v2 bundle it depends on; spark-submit downloads them from Maven Central
#                          on first use (into ~/.ivy2*) and ships them to the executors. The Docker image
#                          has them already. Credentials and endpoint: spark.hadoop.fs.s3a.* settings
#                          (WRMF_SUBMIT_OPTS), AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, or an IAM role.

wrmf_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"   # a driver here (local mode: the executors too)
wrmf_spark_classpath="$wrmf_root/target/spark-classpath.txt"

wrmf_die() { # exit code 2: the caller's usage or environment is wrong (Main uses 2 the same way)
  echo "wrmf: $*" >&2
  exit 2
}

wrmf_stale() {
  local jar="$wrmf_root/target/wrmf.jar"
  [ ! -f "$jar" ] || [ ! -f "$wrmf_spark_classpath" ] || [ "${WRMF_REBUILD:-0}" = 1 ] && return 0
  [ -n "$(find "$wrmf_root/src/main" "$wrmf_root/conf" "$wrmf_root/pom.xml" -newer "$jar" -type f -print -quit 2>/dev/null)" ]
}

# Sets WRMF_JAR: the given one, or target/wrmf.jar (re)built with Maven when missing or older than the sources.
wrmf_build() {
  if [ -n "${WRMF_JAR:-}" ]; then
    [ -f "$WRMF_JAR" ] || wrmf_die "WRMF_JAR: no such file: $WRMF_JAR"
    return
  fi
  WRMF_JAR="$wrmf_root/target/wrmf.jar"
  if wrmf_stale; then
    echo "wrmf: building (first run or sources changed)..." >&2
    (cd "$wrmf_root" && mvn -q -B -DskipTests package >&2) || { echo "wrmf: build failed" >&2; exit 1; }
    # the shaded jar wrmf-<version>.jar (a version ends in a digit, or in SNAPSHOT): not original-*, -sources,
    # -javadoc; the newest, as a jar of an earlier version may still be in target/
    cp "$(ls -t "$wrmf_root"/target/wrmf-[0-9]*[0-9T].jar | head -n 1)" "$WRMF_JAR"
  fi
}

# The Spark jars Maven resolved, as a classpath (resolving them first if needed).
wrmf_spark_jars() {
  if [ ! -f "$wrmf_spark_classpath" ]; then
    (cd "$wrmf_root" && mvn -q -B generate-resources >&2) || { echo "wrmf: cannot resolve Spark's jars" >&2; exit 1; }
  fi
  cat "$wrmf_spark_classpath"
}

# The Hadoop version of the Spark that submits: from its hadoop-client-api jar (SPARK_HOME's, else the
# Maven-resolved one). S3A must be of exactly that version.
wrmf_hadoop_version() {
  local jar
  if [ -n "${SPARK_HOME:-}" ]; then
    jar="$(compgen -G "$SPARK_HOME/jars/hadoop-client-api-*.jar" | head -n 1)"
  else
    jar="$(wrmf_spark_jars | tr ':' '\n' | grep '/hadoop-client-api-[^/]*\.jar$' | head -n 1)"
  fi
  [ -n "$jar" ] || return 1
  jar="${jar##*/hadoop-client-api-}"
  echo "${jar%.jar}"
}

# The JVM options Spark 4 needs on Java 17 (submit/jvm-options), into the array WRMF_JVM_OPTIONS.
wrmf_jvm_options() {
  mapfile -t WRMF_JVM_OPTIONS < <(grep -v '^\s*#' "$wrmf_root/submit/jvm-options" | grep -v '^\s*$')
}

# Reads the application's arguments (COMMAND [--config FILE] [--set K=V]...) into WRMF_APP_ARGS and
# the config file to ship into WRMF_CONFIG_FILE (empty when none). With "cluster" as first argument the
# driver runs elsewhere, so --config is rewritten to the file's bare name: spark-submit --files puts it
# in the driver's working directory. A --config local:///path names a file already inside the driver's
# image or machine (Spark's local:// scheme): passed on as /path, not shipped.
wrmf_app_args() {
  local mode="$1"; shift
  WRMF_APP_ARGS=()
  WRMF_CONFIG_FILE=""
  if [ -n "${WRMF_CHECKPOINT_DIR:-}" ]; then
    # first, so that a --set of the same key on the command line still wins
    WRMF_APP_ARGS+=(--set "wrmf.spark.checkpoint-dir=$WRMF_CHECKPOINT_DIR")
  fi
  while [ $# -gt 0 ]; do
    case "$1" in
      --config|--config=*)
        if [ "$1" = --config ]; then
          [ $# -ge 2 ] || wrmf_die "--config needs a value"
          WRMF_CONFIG_FILE="$2"; shift
        else
          WRMF_CONFIG_FILE="${1#--config=}"
        fi
        if [[ "$WRMF_CONFIG_FILE" == local://* ]]; then
          WRMF_APP_ARGS+=(--config "${WRMF_CONFIG_FILE#local://}")
          WRMF_CONFIG_FILE=""
          shift
          continue
        fi
        [ -f "$WRMF_CONFIG_FILE" ] || wrmf_die "--config: no such file: $WRMF_CONFIG_FILE"
        WRMF_CONFIG_FILE="$(cd "$(dirname "$WRMF_CONFIG_FILE")" && pwd)/$(basename "$WRMF_CONFIG_FILE")"
        if [ "$mode" = cluster ]; then
          WRMF_APP_ARGS+=(--config "$(basename "$WRMF_CONFIG_FILE")")
        else
          WRMF_APP_ARGS+=(--config "$WRMF_CONFIG_FILE")
        fi
        ;;
      *) WRMF_APP_ARGS+=("$1") ;;
    esac
    shift
  done
}

# The spark-submit options every submission of this job carries, into the array WRMF_SUBMIT_CONF.
# $1: deploy mode (client: the driver runs here and logs with submit/log4j2.properties).
wrmf_submit_conf() {
  local mode="$1"
  wrmf_jvm_options
  local jvm="${WRMF_JVM_OPTIONS[*]}"
  local driver_jvm="$jvm"
  [ "$mode" = client ] && driver_jvm="$jvm -Dlog4j2.configurationFile=file:$wrmf_root/submit/log4j2.properties"
  WRMF_SUBMIT_CONF=(
    --deploy-mode "$mode"
    --class org.wrmf.Main
    --conf "spark.driver.extraJavaOptions=$driver_jvm"
    --conf "spark.executor.extraJavaOptions=$jvm"
    --conf "spark.serializer=${WRMF_SERIALIZER:-org.apache.spark.serializer.KryoSerializer}"
    --conf "spark.executor.memory=${WRMF_EXECUTOR_MEMORY:-1g}"
    --conf spark.ui.showConsoleProgress=false
    # one BLAS thread per task: Spark already runs a task per core, and OpenBLAS's own threads would
    # compete with them (measured 4x slower at rank 128 on 2 cores)
    --conf spark.executorEnv.OPENBLAS_NUM_THREADS=1
  )
  # which BLAS the executors load (bundled OpenBLAS unless WRMF_BLAS says system or java)
  [ -n "${WRMF_BLAS:-}" ] && WRMF_SUBMIT_CONF+=(--conf "spark.executorEnv.WRMF_BLAS=$WRMF_BLAS")
  [ -n "${WRMF_BLAS_CACHE:-}" ] && WRMF_SUBMIT_CONF+=(--conf "spark.executorEnv.WRMF_BLAS_CACHE=$WRMF_BLAS_CACHE")
  [ -n "${WRMF_EXECUTOR_CORES:-}" ] && WRMF_SUBMIT_CONF+=(--conf "spark.executor.cores=$WRMF_EXECUTOR_CORES")
  [ -n "${WRMF_MAX_CORES:-}" ] && WRMF_SUBMIT_CONF+=(--conf "spark.cores.max=$WRMF_MAX_CORES")
  if [ -n "${WRMF_PARALLELISM:-}" ]; then
    WRMF_SUBMIT_CONF+=(--conf "spark.sql.shuffle.partitions=$WRMF_PARALLELISM"
      --conf "spark.default.parallelism=$WRMF_PARALLELISM")
  fi
  [ -n "$WRMF_CONFIG_FILE" ] && WRMF_SUBMIT_CONF+=(--files "$WRMF_CONFIG_FILE")
  case "${WRMF_S3A:-0}" in
    0) ;;
    1)
      local hadoop
      hadoop="$(wrmf_hadoop_version)" || wrmf_die "WRMF_S3A=1: no hadoop-client-api jar among Spark's jars to tell" \
        "its Hadoop version; pass --packages org.apache.hadoop:hadoop-aws:VERSION in WRMF_SUBMIT_OPTS instead"
      WRMF_SUBMIT_CONF+=(--packages "org.apache.hadoop:hadoop-aws:$hadoop")
      ;;
    *) wrmf_die "WRMF_S3A must be 1 (or 0), got: $WRMF_S3A" ;;
  esac
  if [ -n "${WRMF_SUBMIT_OPTS:-}" ]; then
    local -a extra
    read -r -a extra <<< "$WRMF_SUBMIT_OPTS"
    WRMF_SUBMIT_CONF+=("${extra[@]}")
  fi
  return 0
}

# Runs spark-submit (replacing this shell, so its exit code is the job's: 0, 1 or 2, see Main).
# $1: driver memory; the rest: spark-submit's arguments. A runner may set WRMF_DRIVER_GC (an array of
# JVM options) for a driver that runs without an installed Spark.
WRMF_DRIVER_GC=()
wrmf_spark_submit() {
  local driver_memory="$1"; shift
  if [ -n "${SPARK_HOME:-}" ]; then
    [ -x "$SPARK_HOME/bin/spark-submit" ] || wrmf_die "SPARK_HOME=$SPARK_HOME has no bin/spark-submit"
    compgen -G "$SPARK_HOME/jars/spark-core_2.13-4.*.jar" > /dev/null \
      || echo "wrmf: warning: SPARK_HOME does not look like Spark 4 for Scala 2.13, which this job is built for" >&2
    exec "$SPARK_HOME/bin/spark-submit" --driver-memory "$driver_memory" "$@"
  fi
  # Without an installation the driver is this very JVM (client mode), so its memory and JVM options go
  # on the java command line, which is what spark-submit's launcher would have done.
  wrmf_jvm_options
  local classpath
  classpath="$(wrmf_spark_jars)"
  exec java -Xmx"$driver_memory" "${WRMF_JVM_OPTIONS[@]}" "${WRMF_DRIVER_GC[@]}" \
    -Dlog4j2.configurationFile="file:$wrmf_root/submit/log4j2.properties" \
    -cp "$classpath" org.apache.spark.deploy.SparkSubmit "$@"
}
