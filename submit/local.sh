#!/usr/bin/env bash
# Runs wrmf in Spark local mode on this machine: needs only a JDK (17+) and Maven.
#   submit/local.sh COMMAND [--config FILE] [--set KEY=VALUE]... [ARGS]
# Builds the project on first use (and when sources changed), then goes through Spark's own
# SparkSubmit entry point with the Maven-resolved Spark jars, as a cluster submission does.
# Environment: WRMF_MASTER (default local[*]), WRMF_DRIVER_MEMORY (default 6g), WRMF_REBUILD=1.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/target/wrmf.jar"
classpath="$root/target/classpath.txt"

stale() {
  [ ! -f "$jar" ] || [ ! -f "$classpath" ] || [ "${WRMF_REBUILD:-0}" = 1 ] && return 0
  [ -n "$(find "$root/src/main" "$root/conf" "$root/pom.xml" -newer "$jar" -type f -print -quit 2>/dev/null)" ]
}

if stale; then
  echo "wrmf: building (first run or sources changed)..." >&2
  (cd "$root" && mvn -q -B -DskipTests package dependency:build-classpath \
      -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=compile >&2) || {
    echo "wrmf: build failed" >&2; exit 1; }
  cp "$root"/target/wrmf-*-SNAPSHOT.jar "$jar" 2>/dev/null || cp "$(ls "$root"/target/wrmf-*.jar | grep -v original | head -1)" "$jar"
fi

mapfile -t jvm_options < <(grep -v '^\s*#' "$root/submit/jvm-options" | grep -v '^\s*$')
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
exec java -Xmx"${WRMF_DRIVER_MEMORY:-6g}" "${jvm_options[@]}" \
  -Dlog4j2.configurationFile="$root/submit/log4j2.properties" \
  -cp "$jar:$(cat "$classpath")" org.apache.spark.deploy.SparkSubmit \
  --master "${WRMF_MASTER:-local[*]}" \
  --conf spark.ui.showConsoleProgress=false \
  --class org.wrmf.Main "$jar" "$@"
