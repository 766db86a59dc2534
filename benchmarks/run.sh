#!/usr/bin/env bash
# Whole-process benchmarks against the already assembled distribution (build it first: mvn -B package -DskipTests).
# Usage: benchmarks/run.sh [name...]     names: startup manifest stores py worker (spawn spawn-spare exec-rtt stream worker-rss) manager-exec manager-exec-context queue journal compose cluster unload raw-rtt (default: all)
# CORDON_DIST=<distribution> measures the workers of another build (unload, raw-rtt, worker) with this tree's clients.
# Prints one JSON object per line per figure. JAVA picks the host's JVM (startup), CORDON_WORKER_JAVA the Java
# workers' (spawn, worker-rss...): spawn, worker-rss and startup report a bare JVM's figure of the same JDK and options
# beside theirs (floor_ms / floor_mb) and the ratio.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dist=${CORDON_DIST:-$root/distribution/target/cordon}
[ -x "$dist/bin/cordon" ] || { echo "no assembled distribution at $dist: run 'mvn -B package -DskipTests'" >&2; exit 2; }
runs=${RUNS:-10}
# The data folders handed to the workers' benchmarks; gone when this script ends.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

bench_startup() {
  # Startup to a usable shell: boot, run one command, exit. Measured on a private copy with an empty data folder, each
  # run followed by a bare JVM of the same JDK ($JAVA, as bin/cordon takes it) and options printing its version: the
  # floor. On JDK 25 and later the first run makes the host's AOT cache; the runs are measured once it is in place.
  local work; work=$(mktemp -d)
  cp -r "$dist" "$work/cordon"; rm -rf "$work/cordon/data/cache" "$work/cordon/data/logs" "$work/cordon/data/cds"
  "$work/cordon/bin/cordon" shell -c 'cordon:status' >/dev/null  # warm the page cache once; makes the AOT cache
  local java_bin=${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/java}}; java_bin=${java_bin:-java}
  local release feature cache=false
  release=$(dirname "$(dirname "$(readlink -f "$(command -v "$java_bin")")")")/release
  feature=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release" 2>/dev/null || echo 0)
  if [ "${feature:-0}" -ge 25 ] && [ "${CORDON_AOT:-on}" != off ]; then
    for _ in $(seq 600); do ls "$work"/cordon/data/cds/host-*.aot >/dev/null 2>&1 && break; sleep 0.1; done
    ls "$work"/cordon/data/cds/host-*.aot >/dev/null 2>&1 && cache=true
  fi
  local walls=() boots=() floors=()
  for _ in $(seq "$runs"); do
    local t0 t1
    t0=$(date +%s%N)
    "$work/cordon/bin/cordon" shell -c 'cordon:status' >/dev/null
    t1=$(date +%s%N)
    walls+=($(( (t1 - t0) / 1000000 )))
    boots+=("$(grep -o 'started in [0-9]* ms' "$work/cordon/data/logs/cordon.log" | tail -1 | awk '{print $3}')")
    t0=$(date +%s%N)
    "$java_bin" -Xshare:auto -Xlog:disable -Xlog:all=warning:stderr -Dfile.encoding=UTF-8 -XX:TieredStopAtLevel=1 \
      ${CORDON_JAVA_OPTS:-} -version >/dev/null 2>&1
    t1=$(date +%s%N)
    floors+=($(( (t1 - t0) / 1000000 )))
  done
  local wall boot floor
  wall=$(printf '%s\n' "${walls[@]}" | median)
  boot=$(printf '%s\n' "${boots[@]}" | median)
  floor=$(printf '%s\n' "${floors[@]}" | median)
  echo "{\"bench\": \"startup\", \"jdk\": ${feature:-0}, \"aot_cache\": $cache, \"runs\": $runs, \"shell_command_wall_p50_ms\": $wall, \"framework_start_p50_ms\": $boot, \"floor_ms\": $floor, \"ratio\": $(awk -v a="$wall" -v b="$floor" 'BEGIN {printf "%.2f", a / b}')}"
  rm -rf "$work"
}

bench_manifest() {
  # JMH (sample time): parse + validate the example manifest, derive a schema, validate a config, hash a schema.
  local jar=$root/benchmarks/target/benchmarks.jar
  [ -f "$jar" ] || { echo "no $jar: run 'mvn -B package -DskipTests'" >&2; exit 2; }
  local out; out=$(mktemp)
  java -jar "$jar" ManifestBenchmarks -rf json -rff "$out" >/dev/null
  python3 - "$out" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1])):
    name = r["benchmark"].rsplit(".", 1)[1]
    p = r["primaryMetric"]["scorePercentiles"]
    print(json.dumps({"bench": "manifest-" + name, "median_us": round(p["50.0"], 3), "p99_us": round(p["99.0"], 3)}))
PY
  rm -f "$out"
}

bench_stores() {
  # SQLite stores: resource samples recorded per second from 8 threads (single and batched), config read median.
  local jar=$root/benchmarks/target/benchmarks.jar
  [ -f "$jar" ] || { echo "no $jar: run 'mvn -B package -DskipTests'" >&2; exit 2; }
  java -cp "$jar" dev.cordon.benchmarks.StoreBenchmark
}

bench_py() {
  # Python worker: spawn -> ready (the launcher's form) and execute round trip over one keep-alive connection.
  "${PYTHON:-/usr/bin/python3}" "$root/benchmarks/bench.py"
}

bench_worker() {
  # Java worker through the real launcher and host proxy: spawn, spawn-spare, exec-rtt (1 and 8 callers), stream,
  # worker-rss.
  local jar=$root/benchmarks/target/benchmarks.jar
  [ -f "$jar" ] || { echo "no $jar: run 'mvn -B package -DskipTests'" >&2; exit 2; }
  # CORDON_WORKER_JAVA: the workers' JDK (cordon.worker.java); default the benchmark's own JVM.
  java -Dcordon.worker.lib="$dist/lib/worker" -Dcordon.examples="$root/examples" -Dcordon.data="$(mktemp -d "$scratch/data.XXXX")" \
    ${CORDON_WORKER_JAVA:+-Dcordon.worker.java="$CORDON_WORKER_JAVA"} \
    -cp "$jar" dev.cordon.benchmarks.WorkerBenchmark "$@"
}

bench_manager_exec() {
  # Execute through the PluginManager on a real Java worker (echo), resource tracking on, tiny payload, one caller;
  # with "context", every call carries a job id, run id and actor (call headers, stamped on the worker).
  local jar=$root/benchmarks/target/benchmarks.jar
  [ -f "$jar" ] || { echo "no $jar: run 'mvn -B package -DskipTests'" >&2; exit 2; }
  java -Dcordon.worker.lib="$root/benchmarks/target/worker-lib" -Dcordon.examples="$root/examples" \
    -Dcontext="${1:-false}" -cp "$jar" dev.cordon.benchmarks.ManagerExecBenchmark
}

bench_journal() {
  # The journal on the call path: manager-exec with the journal on and off in alternating blocks of one run, and the
  # records the journal's writer put into SQLite per second while the calls ran.
  local jar=$root/benchmarks/target/benchmarks.jar
  [ -f "$jar" ] || { echo "no $jar: run 'mvn -B package -DskipTests'" >&2; exit 2; }
  java -Dcordon.worker.lib="$root/benchmarks/target/worker-lib" -Dcordon.examples="$root/examples" \
    -cp "$jar" dev.cordon.benchmarks.JournalBenchmark
}

bench_queue() {
  # The job queue on the plugin manager, real Java workers and a SQLite job store: overhead per job beyond its
  # execute, jobs/s (one lane on one worker; four lanes over two instances), cancel to cancelled / lane running again.
  local jar=$root/benchmarks/target/benchmarks.jar
  [ -f "$jar" ] || { echo "no $jar: run 'mvn -B package -DskipTests'" >&2; exit 2; }
  java -Dcordon.worker.lib="$root/benchmarks/target/worker-lib" -Dcordon.examples="$root/examples" \
    -cp "$jar" dev.cordon.runtime.internal.jobs.QueueBenchmark
}

bench_compose() {
  # Compositions on the job queue, a real Java worker and a SQLite store: per-node overhead beyond the calls of a
  # 100-node chain and a 100-node fan-out/fan-in, beside the same figure for 100 plain jobs.
  local jar=$root/benchmarks/target/benchmarks.jar
  [ -f "$jar" ] || { echo "no $jar: run 'mvn -B package -DskipTests'" >&2; exit 2; }
  java -Dcordon.worker.lib="$root/benchmarks/target/worker-lib" -Dcordon.examples="$root/examples" \
    -cp "$jar" dev.cordon.runtime.internal.jobs.CompositionBenchmark
}

bench_cluster() {
  # 1, 2 and 3 hosts (in one JVM, each with its own manager, echo worker, pool and queue in cluster mode) sharing one
  # job queue on PostgreSQL (CORDON_TEST_PG_URL/USER/PASSWORD, default the cordon_test database on 127.0.0.1:5432):
  # jobs/s, claim latency, and the time from a host's death to its job running on another host.
  local jar=$root/benchmarks/target/benchmarks.jar
  [ -f "$jar" ] || { echo "no $jar: run 'mvn -B package -DskipTests'" >&2; exit 2; }
  java -Dcordon.worker.lib="$root/benchmarks/target/worker-lib" -Dcordon.examples="$root/examples" \
    -cp "$jar" dev.cordon.runtime.internal.jobs.ClusterBenchmark
}

bench_two_workers() {
  # The Java and the Python worker side by side, interleaved: load/unload pairs, or the raw-socket round trip.
  local jar=$root/benchmarks/target/benchmarks.jar
  [ -f "$jar" ] || { echo "no $jar: run 'mvn -B package -DskipTests'" >&2; exit 2; }
  java -Dcordon.worker.lib="$dist/lib/worker" -Dcordon.worker.python="$dist/lib/python/cordon_worker.py" \
    -Dcordon.examples="$root/examples" -Dcordon.data="$(mktemp -d "$scratch/data.XXXX")" -cp "$jar" "dev.cordon.benchmarks.$1"
}

names=("$@")
[ ${#names[@]} -gt 0 ] || names=(startup manifest stores py worker manager-exec queue compose unload raw-rtt)
for n in "${names[@]}"; do
  case "$n" in
    startup) bench_startup ;;
    manifest) bench_manifest ;;
    stores) bench_stores ;;
    py|py-spawn|py-exec-rtt) bench_py ;;
    worker) bench_worker ;;
    spawn|spawn-spare|exec-rtt|stream|worker-rss) bench_worker "$n" ;;
    manager-exec) bench_manager_exec ;;
    manager-exec-context) bench_manager_exec true ;;
    queue) bench_queue ;;
    journal) bench_journal ;;
    compose) bench_compose ;;
    cluster) bench_cluster ;;
    unload) bench_two_workers UnloadBenchmark ;;
    raw-rtt) bench_two_workers RawRttBenchmark ;;
    *) echo "unknown benchmark '$n' (known: startup manifest stores py worker spawn spawn-spare exec-rtt stream worker-rss manager-exec manager-exec-context queue journal compose cluster unload raw-rtt)" >&2; exit 2 ;;
  esac
done
