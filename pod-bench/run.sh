#!/usr/bin/env bash
# Builds the benchmark jar and runs the JMH benchmarks with short settings, then writes
# pod-bench/RESULTS.md from the JSON results of every class run so far (pod-bench/results/).
#
#   pod-bench/run.sh                 # every benchmark class (about 5 minutes on 2 cores, plus the build)
#   pod-bench/run.sh CallBench PoolBench   # a subset, by class name
#
# Each class runs in its own JMH invocation, so a benchmark and its baseline (same class) are
# always measured in the same run. Set JMH_OPTS to pass more options to JMH (e.g. "-f 2").
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/benchmarks.jar"
results="$here/results"

if [[ ! -f "$jar" || -n "$(find "$root/pom.xml" "$root"/pod-*/pom.xml "$root"/pod-*/src/main -newer "$jar" -type f -print -quit)" ]]; then
  echo "run.sh: building the benchmark jar..." >&2
  (cd "$root" && mvn -B -q -DskipTests package -pl pod-bench -am)
  touch "$jar"
fi

all=(ResolutionBench CallBench CreateBench EvalBench PoolBench ResetBench ClojureBench ClojureResetBench ProcessBench JUnitMatrixBench)
classes=("$@")
[[ ${#classes[@]} -eq 0 ]] && classes=("${all[@]}")

mkdir -p "$results"
failed=()
for c in "${classes[@]}"; do
  echo "run.sh: $c" >&2
  rm -f "$results/$c.json"
  if ! java -jar "$jar" "dev\\.pods\\.bench\\.$c\\." -f 1 -rf json -rff "$results/$c.json" ${JMH_OPTS:-}; then
    failed+=("$c")
  fi
  # JMH leaves an empty array when every benchmark of the class failed.
  if [[ -f "$results/$c.json" ]] && [[ "$(tr -d '[:space:]' < "$results/$c.json")" == "[]" ]]; then
    rm -f "$results/$c.json"; failed+=("$c")
  fi
done

shopt -s nullglob
files=("$results"/*.json)
if [[ ${#files[@]} -gt 0 ]]; then
  java -cp "$jar" dev.pods.bench.Report "$here/RESULTS.md" "${files[@]}"
  echo "run.sh: wrote $here/RESULTS.md" >&2
fi
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "run.sh: no results from: ${failed[*]} (see the JMH output above)" >&2
  exit 1
fi
