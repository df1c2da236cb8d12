#!/usr/bin/env bash
# Runs tokenkit's Jazzer @FuzzTests in real fuzzing mode.
#
#   scripts/fuzz.sh                          every target, 2 minutes each
#   scripts/fuzz.sh 5m                       every target, 5 minutes each
#   scripts/fuzz.sh 10m SymblResponseFuzzTest#answer   one target
#   scripts/fuzz.sh list                     the targets
#
# In the normal build (./mvnw verify) the same tests run in *regression* mode: each committed
# input under src/test/resources/<package path>/<Class>Inputs/<method>/ is replayed once, in
# about a second, with Jazzer's hooks off.
#
# From a crash to a regression input:
#   1. Jazzer stops at the first finding, prints the stack trace, and writes the input that
#      caused it to src/test/resources/<package path>/<Class>Inputs/<method>/crash-<sha1>.
#      That directory is the regression corpus, so the crash is now an input that every
#      ./mvnw verify replays, and the build fails until the code is fixed.
#   2. Reproduce it without fuzzing: ./mvnw -pl <module> -am verify -Dtest=<Class>
#   3. Fix the main code (or, if the behaviour is documented, the target's invariant), rename
#      the file to say what it is (e.g. crash-deep-nesting), and commit both together.
# The inputs that increased coverage go to <module>/.cifuzz-corpus/ (git-ignored); copy the
# interesting ones into the Inputs directory to keep them as regression inputs.
set -euo pipefail
cd "$(dirname "$0")/.."

TARGETS=(
  "provider-testkit:CoreParsingFuzzTest#jsonAnswer"
  "provider-testkit:CoreParsingFuzzTest#retryAfter"
  "provider-testkit:CoreParsingFuzzTest#challenge"
  "provider-testkit:CoreParsingFuzzTest#jwtExpiry"
  "provider-testkit:CoreParsingFuzzTest#jwtClaims"
  "provider-testkit:CoreParsingFuzzTest#configuration"
  "provider-symbl:SymblResponseFuzzTest#successBody"
  "provider-symbl:SymblResponseFuzzTest#answer"
  "provider-singleview:SingleViewResponseFuzzTest#successBody"
  "provider-singleview:SingleViewResponseFuzzTest#answer"
)

duration="2m"
only=""
for arg in "$@"; do
  case "$arg" in
    list) printf '%s\n' "${TARGETS[@]}"; exit 0 ;;
    *#*) only="$arg" ;;
    *[0-9][smh]) duration="$arg" ;;
    *) echo "usage: $0 [list] [duration like 30s, 5m, 1h] [Class#method]" >&2; exit 2 ;;
  esac
done

# Resolve the dependencies once; the fuzzing runs below are offline.
./mvnw -B -q -DskipTests verify

status=0
for t in "${TARGETS[@]}"; do
  module="${t%%:*}"
  test="${t#*:}"
  if [[ -n "$only" && "$test" != "$only" ]]; then
    continue
  fi
  echo "=== fuzzing $test in $module for $duration"
  log="$module/target/fuzz-${test//#/-}.log"
  mkdir -p "$module/target"
  if JAZZER_FUZZ=1 ./mvnw -B -q -o verify -pl "auth-testing,auth-emulators,auth-core,provider-testkit,$module" \
      -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false \
      -Djazzer.hooks=true -Djazzer.max_duration="$duration" \
      '-Djazzer.instrumentation_includes=dev.tokenkit.**:org.eclipse.parsson.**:jakarta.json.**' \
      >"$log" 2>&1; then
    grep -a "DONE\|Done " "$log" "$module/target/surefire-reports/"*-output.txt 2>/dev/null | tail -2 || true
  else
    status=1
    echo "!!! $test found something (or the build failed); see $log and"
    echo "    $module/src/test/resources/.../$(echo "${test%%#*}")Inputs/${test#*#}/crash-*"
    grep -a -m1 -A15 "== Java Exception\|FAILURE\|ERROR" "$log" || true
  fi
done
exit $status
