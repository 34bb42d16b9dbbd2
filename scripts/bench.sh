#!/usr/bin/env bash
# Runs Faultline's benchmarks and prints their figures (see BENCHMARKS.md).
#   scripts/bench.sh engine     engine overhead per activity (in-process harness)
#   scripts/bench.sh validate   'faultline validate' of a 200-activity experiment, wall time with JVM start
#   scripts/bench.sh jvm        JVM agent: per-call overhead at probability 0, after clear, attach to first fault (JMH)
#   scripts/bench.sh cli        CLI start: --version and validate against java -version (scripts/bench-cli.sh)
#   scripts/bench.sh scaling    validation time and heap of 5,000 vs 50,000 activities (linear = ratio 10)
#   scripts/bench.sh guardian   host attacks and file-move: SIGKILL of the owner -> reverted by its guardian (p50/p99)
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
what="${1:-all}"

if [ "$what" = cli ]; then
  exec scripts/bench-cli.sh "${2:-10}"
fi

classpath() { # $1 module: test classpath of the module
  local f; f="$(mktemp)"
  mvn -q -B dependency:build-classpath -Dmdep.outputFile="$f" -Dmdep.includeScope=test -pl "$1" >/dev/null
  cat "$f"; rm -f "$f"
}

if [ "$what" = engine ] || [ "$what" = all ]; then
  mvn -q -B -DskipTests install -pl faultline-engine -am >/dev/null
  mvn -q -B test-compile -pl faultline-engine >/dev/null
  cp="faultline-engine/target/test-classes:faultline-engine/target/classes:$(classpath faultline-engine)"
  java -cp "$cp" dev.faultline.engine.bench.EngineOverheadBenchmark
fi

if [ "$what" = scaling ] || [ "$what" = all ]; then
  mvn -q -B -DskipTests install -pl faultline-engine -am >/dev/null
  mvn -q -B test-compile -pl faultline-engine >/dev/null
  cp="faultline-engine/target/test-classes:faultline-engine/target/classes:$(classpath faultline-engine)"
  java -Xmx1g -cp "$cp" dev.faultline.engine.bench.ValidationScalingBenchmark
fi

if [ "$what" = guardian ] || [ "$what" = all ]; then
  mvn -q -B -DskipTests install -pl faultline-host -am >/dev/null
  mvn -q -B test-compile -pl faultline-host >/dev/null
  cp="faultline-host/target/test-classes:faultline-host/target/classes:$(classpath faultline-host)"
  java -cp "$cp" dev.faultline.host.bench.GuardianRevertBenchmark "${2:-20}"
fi

if [ "$what" = validate ] || [ "$what" = all ]; then
  ./faultline --version >/dev/null   # builds the distribution if needed
  exp="$(mktemp -d)/experiment-200.json"
  python3 - "$exp" <<'PY'
import json, sys
acts = [{"type": "action" if i % 2 else "probe", "name": f"activity-{i}",
         "provider": {"type": "process", "path": "true", "arguments": ["x", str(i)]}} for i in range(200)]
exp = {"title": "200 activities", "description": "validate benchmark", "method": acts,
       "steady-state-hypothesis": {"title": "h", "probes": [
           {"type": "probe", "name": "h", "tolerance": 0, "provider": {"type": "process", "path": "true"}}]}}
json.dump(exp, open(sys.argv[1], "w"), indent=1)
PY
  time_of() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
  base=(); val=()
  for i in 1 2 3 4 5; do
    base+=("$(time_of ./faultline --version)")
    val+=("$(time_of ./faultline validate "$exp")")
  done
  med() { printf '%s\n' "$@" | sort -n | sed -n 3p; }
  b=$(med "${base[@]}"); v=$(med "${val[@]}")
  echo "faultline --version (JVM start baseline): median ${b} ms (runs: ${base[*]})"
  echo "faultline validate, 200 activities:       median ${v} ms (runs: ${val[*]})"
  awk -v v="$v" -v b="$b" 'BEGIN { printf "ratio validate/baseline: %.2fx; target: <= 1000 ms -> %s\n", v/b, (v <= 1000 ? "MET" : "NOT MET") }'
fi

if [ "$what" = jvm ] || [ "$what" = all ]; then
  mvn -q -B -DskipTests install -pl faultline-jvm -am >/dev/null
  mvn -q -B test-compile -pl faultline-jvm >/dev/null
  cp="faultline-jvm/target/test-classes:faultline-jvm/target/classes:$(classpath faultline-jvm)"
  java -cp "$cp" dev.faultline.jvm.bench.AgentBenchmarks "${2:-}"
fi
