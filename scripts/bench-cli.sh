#!/usr/bin/env bash
# CLI start benchmark (not a test; see BENCHMARKS.md, "CLI start").
#   scripts/bench-cli.sh [RUNS]     default 10 runs of each command, alternating
# Builds the distribution through the launcher (which also records its class-data-sharing
# archive), writes a 200-activity experiment, then times, round after round:
#   java -version                          the JVM's own start, the baseline of the same run
#   ./faultline --version
#   ./faultline validate <200 activities>
#   the same two with the archive switched off (FAULTLINE_CDS=off), to show what it buys
#   with BEFORE=/other/checkout: the same two through that checkout's launcher (e.g. an export of
#   the commit before a change: git archive COMMIT | tar -x -C DIR), built first if needed
# and prints the medians and their ratios to the baseline. Wall time per call, from bash's
# EPOCHREALTIME (no process started to read the clock).
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
runs="${1:-10}"

./faultline --version >/dev/null   # builds the distribution and records the archive if needed
before="${BEFORE:-}"
[ -z "$before" ] || "$before/faultline" --version >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
exp="$work/experiment-200.json"
python3 - "$exp" <<'PY'
import json, sys
acts = [{"type": "action" if i % 2 else "probe", "name": f"activity-{i}",
         "provider": {"type": "process", "path": "true", "arguments": ["x", str(i)]}} for i in range(200)]
exp = {"title": "200 activities", "description": "validate benchmark", "method": acts,
       "steady-state-hypothesis": {"title": "h", "probes": [
           {"type": "probe", "name": "h", "tolerance": 0, "provider": {"type": "process", "path": "true"}}]}}
json.dump(exp, open(sys.argv[1], "w"), indent=1)
PY
./faultline validate "$exp" >/dev/null || { echo "bench-cli: validate of the generated experiment failed" >&2; exit 1; }

ms() { # runs "$@" once, quietly; prints its wall time in ms (one decimal)
  local s e
  s=$EPOCHREALTIME
  "$@" >/dev/null 2>&1 || { echo "bench-cli: failed: $*" >&2; exit 1; }
  e=$EPOCHREALTIME
  awk -v s="$s" -v e="$e" 'BEGIN { printf "%.1f", (e - s) * 1000 }'
}
java_v=(); ver=(); val=(); ver_nocds=(); val_nocds=(); ver_before=(); val_before=()
for ((i = 0; i < runs; i++)); do
  java_v+=("$(ms java -version)")
  ver+=("$(ms ./faultline --version)")
  val+=("$(ms ./faultline validate "$exp")")
  ver_nocds+=("$(FAULTLINE_CDS=off ms ./faultline --version)")
  val_nocds+=("$(FAULTLINE_CDS=off ms ./faultline validate "$exp")")
  if [ -n "$before" ]; then
    ver_before+=("$(ms "$before/faultline" --version)")
    val_before+=("$(ms "$before/faultline" validate "$exp")")
  fi
done
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
base="$(median "${java_v[@]}")"
report() { # label target-ms values...
  local label="$1" target="$2"; shift 2
  local m; m="$(median "$@")"
  awk -v l="$label" -v m="$m" -v b="$base" -v t="$target" -v runs="$*" 'BEGIN {
    printf "%-44s median %6.1f ms  %5.2fx java -version", l, m, m / b
    if (t > 0) printf "  target <= %d ms: %s", t, (m <= t ? "MET" : "NOT MET")
    printf "\n    runs: %s\n", runs }'
}
echo "CLI start, $runs alternating runs each, $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$(java -version 2>&1 | head -1)"
report "java -version (baseline)" 0 "${java_v[@]}"
report "faultline --version" 250 "${ver[@]}"
report "faultline validate (200 activities)" 500 "${val[@]}"
report "faultline --version, archive off" 0 "${ver_nocds[@]}"
report "faultline validate (200), archive off" 0 "${val_nocds[@]}"
if [ -n "$before" ]; then
  report "before ($before): faultline --version" 0 "${ver_before[@]}"
  report "before: faultline validate (200)" 0 "${val_before[@]}"
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
