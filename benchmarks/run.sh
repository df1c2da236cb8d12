#!/usr/bin/env bash
# Runs tokenkit's benchmark suite and writes benchmarks/results/<UTC date-time>.md.
#
#   benchmarks/run.sh            build if a source is newer than the jar, then run everything
#   benchmarks/run.sh --rebuild  always build first
#
# Sized for a 2-core machine: the whole suite takes about 17 minutes (section 9, the fleet, about 7) (JMH: 1 fork, 3 x 1 s
# warm-up, 5 x 1 s measurement; override with JMH_OPTS). Benchmarks share the machine with
# whatever else runs: check the load (the report records it) and rerun on a quiet machine.
# Raw outputs (JMH JSON and text, class paths) go to benchmarks/target/bench-raw/<stamp>/.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
START=$(date +%s)
STAMP=$(date -u +%Y-%m-%d-%H%M)
JAR=benchmarks/target/benchmarks.jar
RAW=benchmarks/target/bench-raw/$STAMP
OUT=benchmarks/results/$STAMP.md
JMH_OPTS=${JMH_OPTS:-"-f 1 -wi 3 -w 1s -i 5 -r 1s"}
DEP_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1

needs_build() {
  [[ ! -f $JAR ]] && return 0
  [[ -n $(find pom.xml auth-testing auth-emulators auth-core provider-symbl provider-singleview provider-testkit \
      client-jdk client-okhttp client-spring client-grpc client-webflux client-kafka store-redis benchmarks \
      -path '*/target' -prune -o -newer "$JAR" \( -name '*.java' -o -name pom.xml -o -path '*/src/main/resources/*' \) \
      -print -quit) ]]
}
if [[ ${1:-} == --rebuild ]] || needs_build; then
  echo "building $JAR ..."
  ./mvnw -B -q -pl benchmarks -am package -DskipTests
fi

mkdir -p "$RAW" benchmarks/results
load() { cut -d' ' -f1-3 /proc/loadavg; }
section() { echo "running: $1 (load $(load))" >&2; printf '\n## %s\n\n_load average (1, 5, 15 min) at start: %s_\n\n' "$1" "$(load)" >>"$OUT"; }
# The harnesses' FakeTokenServer runs on the JDK's HTTP server, which leaves Nagle's algorithm on:
# each response body would then wait for the client's delayed ACK (about 40 ms on Linux), which no
# real token endpoint adds. StartupBench passes the same option to the processes it spawns.
java_bench() { java -Dsun.net.httpserver.nodelay=true -cp "$JAR" "dev.tokenkit.benchmarks.$1" "${@:2}"; }

{
  echo "# tokenkit benchmarks — $STAMP (UTC)"
  echo
  echo "Written by \`benchmarks/run.sh\`; see docs/performance.md for the method and what the figures mean."
  echo
  echo "| | |"
  echo "|---|---|"
  echo "| commit | \`$(git rev-parse --short HEAD)\`$(git diff --quiet HEAD -- . ':!benchmarks/results' 2>/dev/null || echo ' (with uncommitted changes)') |"
  echo "| CPU | $(nproc) × $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs) |"
  echo "| memory | $(free -g | awk '/Mem:/ {print $2}') GiB |"
  echo "| OS | $(uname -sr) |"
  echo "| JDK | $(java -version 2>&1 | sed -n 2p) |"
  echo "| JMH options | \`$JMH_OPTS\` |"
  echo "| load average at start | $(load) |"
} >"$OUT"

# 1. cached hot path, 1 and 2 threads
section "1. Cached hot path (JMH)"
for t in 1 2; do
  java -jar "$JAR" 'HotPathBench' $JMH_OPTS -t $t -rf json -rff "$RAW/hotpath-t$t.json" >"$RAW/hotpath-t$t.txt"
done
# 4a. registry (JMH)
java -jar "$JAR" 'RegistryBench' $JMH_OPTS -t 1 -rf json -rff "$RAW/registry.json" >"$RAW/registry.txt"
{
  java_bench JmhSummary "$RAW/hotpath-t1.json" "$RAW/hotpath-t2.json" "$RAW/registry.json"
  echo "<details><summary>JMH output</summary>"
  echo
  echo '```'
  for f in hotpath-t1 hotpath-t2 registry; do sed -n '/^Benchmark /,$p' "$RAW/$f.txt"; echo; done
  echo '```'
  echo
  echo "</details>"
} >>"$OUT"

# 2. cold stampede
section "2. Cold stampede (StampedeBench)"
java_bench StampedeBench 5 50 10 100 1000 >>"$OUT"

# 3. refresh boundary
section "3. Refresh boundary (RefreshBoundaryBench)"
java_bench RefreshBoundaryBench 30 2 3 500 >>"$OUT"

# 4b. start-up, whole process
section "4. Start-up: JVM start to first token (StartupBench)"
./tokenkit --version >/dev/null # builds the CLI and its class-data archive if a source is newer
java_bench StartupBench "$JAR" 7 ./tokenkit >>"$OUT"

# 5. footprint
section "5. Runtime class-path footprint (Footprint)"
# package (up to date: nothing recompiles) so that the reactor resolves auth-core for the providers;
# each module writes its external runtime class path; the tokenkit jars themselves are added below
./mvnw -B -q -pl auth-core,provider-symbl,provider-singleview -am package -DskipTests "$DEP_PLUGIN:build-classpath" \
  -DincludeScope=runtime -DexcludeGroupIds=dev.tokenkit -Dmdep.outputFile=target/footprint-runtime.cp >/dev/null
GOOGLE_AUTH_VERSION=$(sed -n 's:.*<google-auth.version>\(.*\)</google-auth.version>.*:\1:p' benchmarks/pom.xml)
./mvnw -B -q -f benchmarks/footprint/google-auth/pom.xml "$DEP_PLUGIN:build-classpath" \
  -Dgoogle-auth.version="$GOOGLE_AUTH_VERSION" -DincludeScope=runtime -Dmdep.outputFile="$ROOT/$RAW/google-auth.cp" >/dev/null
tk_jars=()
for m in auth-core provider-symbl provider-singleview; do
  tk_jars+=("$(ls "$m"/target/"$m"-*.jar | grep -v -e '-sources' -e '-javadoc' -e '-tests' | head -1)")
done
java_bench Footprint \
  --set "tokenkit (core + symbl + singleview)" "${tk_jars[@]}" \
    @auth-core/target/footprint-runtime.cp @provider-symbl/target/footprint-runtime.cp @provider-singleview/target/footprint-runtime.cp \
  --set "google-auth-library-oauth2-http $GOOGLE_AUTH_VERSION" "@$RAW/google-auth.cp" >>"$OUT"

# 6. many idle sources on the shared threads (N, idle seconds: longer than the fetch pool's 30 s keep-alive)
section "6. Many sources: threads and memory (ManySourcesBench)"
java_bench ManySourcesBench 10000 35 >>"$OUT"

# 7. hung providers beside a healthy source on the shared fetch pool (seconds per run, threads, hung sources)
section "7. Head-of-line blocking on the shared fetch pool (HeadOfLineBench)"
java_bench HeadOfLineBench 20 2 2 >>"$OUT"

# 8. HTTP client and gRPC integrations: per-request overhead against setting the header by hand (JMH)
section "8. HTTP client and gRPC integrations (JMH)"
java -jar "$JAR" 'ClientAdapterBench|GrpcCredentialsBench' $JMH_OPTS -t 1 -rf json -rff "$RAW/clients.json" >"$RAW/clients.txt"
{
  java_bench JmhSummary "$RAW/clients.json"
  echo "<details><summary>JMH output</summary>"
  echo
  echo '```'
  sed -n '/^Benchmark /,$p' "$RAW/clients.txt"
  echo '```'
  echo
  echo "</details>"
} >>"$OUT"

# 9. a fleet of replicas, each a JVM, sharing one token through a real redis-server (the embedded-redis binary;
#    JAVA_TOOL_OPTIONS=-Dtokenkit.redis.server=path uses the PATH's): seconds per run, replica counts, outage replicas
section "9. Fleet: replicas sharing a token through Redis (FleetBench)"
java_bench FleetBench 60 1,4,16 4 >>"$OUT"

# 10. the Kafka login handler's cost per login callback, against answering the callback by hand
section "12. Kafka login callback (JMH)"
java -jar "$JAR" 'KafkaLoginBench' $JMH_OPTS -t 1 -rf json -rff "$RAW/kafka.json" >"$RAW/kafka.txt"
{
  echo '```'
  sed -n '/^Benchmark /,$p' "$RAW/kafka.txt"
  echo '```'
} >>"$OUT"

END=$(date +%s)
printf '\n---\n\nLoad average at the end: %s. Total wall time of run.sh: %d s.\n' "$(load)" $((END - START)) >>"$OUT"
echo "wrote $OUT in $((END - START)) s"
