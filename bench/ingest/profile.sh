#!/usr/bin/env bash
# Where ingest time goes, without perf: (1) callgrind instruction counts on a small subset
# (one MedQuAD folder + SciFact, or any paths given), and (2) a sampling profile of a native run
# (gdb stack samples, "poor man's profiler"), which also counts the time callgrind cannot see
# (rep-string memset is counted per byte by callgrind; I/O and fsync not at all).
# Usage: bench/ingest/profile.sh [PATH...]   (release build in build-bench; output in /tmp/medoracle-prof)
#        CALLGRIND=0 skips callgrind (slow: 15+ minutes for the default subset); SAMPLES=N (default 60).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
data="${MEDORACLE_SHARED_DATA:-$repo/../shared/data}"
bin="$repo/build-bench/medoracle"
out=/tmp/medoracle-prof
samples="${SAMPLES:-60}"
mkdir -p "$out"
[[ -x "$bin" ]] || { echo "build first: cmake --build $repo/build-bench --target medoracle" >&2; exit 1; }
paths=("$@")
[[ ${#paths[@]} -gt 0 ]] || paths=("$data/medquad/1_CancerGov_QA" "$data/scifact/corpus.jsonl")

if [[ "${CALLGRIND:-1}" != 0 ]]; then
rm -rf "$out/idx-callgrind"
valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.out" \
  "$bin" --index "$out/idx-callgrind" ingest --quiet "${paths[@]}" >"$out/callgrind.log" 2>&1
callgrind_annotate --inclusive=yes "$out/callgrind.out" >"$out/inclusive.txt" 2>/dev/null
callgrind_annotate --inclusive=yes --tree=calling "$out/callgrind.out" >"$out/tree.txt" 2>/dev/null
echo "callgrind: $out/inclusive.txt, $out/tree.txt" >&2
fi

# Sampling: one stack every 0.5 s of a native run; innermost frames counted, then the frame
# that names a medoracle or Xapian API entry point.
rm -rf "$out/idx-sample"
"$bin" --index "$out/idx-sample" ingest --quiet "${paths[@]}" >"$out/sample-run.log" 2>&1 &
pid=$!
: >"$out/stacks.txt"
for ((i = 0; i < samples; i++)); do
  kill -0 "$pid" 2>/dev/null || break
  gdb -p "$pid" -batch -nx -ex "set pagination off" -ex "bt 40" 2>/dev/null | grep '^#' >>"$out/stacks.txt" || true
  echo "--" >>"$out/stacks.txt"
  sleep 0.5
done
wait "$pid" || true
python3 "$(dirname "${BASH_SOURCE[0]}")/stacks.py" "$out/stacks.txt"
