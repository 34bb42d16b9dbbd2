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
# and prints the medians and their ratios to the baseline: wall time per call, from bash's
# EPOCHREALTIME, and CPU time (user+sys, the JVM's compiler and GC threads included) from the
# times builtin, which a busy machine distorts much less than wall time.
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

children_cpu_ms() { # user+sys CPU time of this shell's finished children so far (times builtin,
  # run in this very shell: in a $(...) subshell it would count that subshell's children)
  local line
  times >"$work/times"
  { read -r line; read -r line; } <"$work/times"
  [[ "$line" =~ ^([0-9]+)m([0-9.]+)s\ ([0-9]+)m([0-9.]+)s ]] || { cpu_ms=0; return; }
  cpu_ms="$(( (BASH_REMATCH[1] * 60 + BASH_REMATCH[3] * 60) * 1000 ))+${BASH_REMATCH[2]}*1000+${BASH_REMATCH[4]}*1000"
}
ms() { # runs "$@" once, quietly; prints "WALL_MS CPU_MS" (CPU: user+sys of the call and its children)
  local s e c0 c1
  children_cpu_ms; c0="$cpu_ms"
  s=$EPOCHREALTIME
  "$@" >/dev/null 2>&1 || { echo "bench-cli: failed: $*" >&2; exit 1; }
  e=$EPOCHREALTIME
  children_cpu_ms; c1="$cpu_ms"
  awk -v s="$s" -v e="$e" "BEGIN { printf \"%.1f %.0f\", (e - s) * 1000, ($c1) - ($c0) }"
}
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
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
walls() { local x; for x in "$@"; do echo "${x% *}"; done; }
cpus() { local x; for x in "$@"; do echo "${x#* }"; done; }
base="$(median $(walls "${java_v[@]}"))"
base_cpu="$(median $(cpus "${java_v[@]}"))"
report() { # label target-ms "WALL CPU"...
  local label="$1" target="$2"; shift 2
  local m c; m="$(median $(walls "$@"))"; c="$(median $(cpus "$@"))"
  awk -v l="$label" -v m="$m" -v b="$base" -v c="$c" -v bc="$base_cpu" -v t="$target" -v runs="$(walls "$@" | tr '\n' ' ')" 'BEGIN {
    printf "%-40s wall median %6.1f ms  %5.2fx java -version", l, m, m / b
    if (t > 0) printf "  target <= %d ms: %s", t, (m <= t ? "MET" : "NOT MET")
    printf "\n%-40s CPU  median %6.0f ms  %5.2fx\n    wall runs: %s\n", "", c, c / bc, runs }'
}
echo "CLI start, $runs alternating runs each, $(nproc) cores, load before: $load_before"
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
