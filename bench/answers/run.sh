#!/usr/bin/env bash
# Answer benchmark: builds an index of every ../shared/data corpus plus library/ (once) and
# one without library/ (once), runs answer_bench's public sets with the question bank on and
# off on the first, our own sets (guideline and drug key points, non-medical decline; development and
# held-out splits) on the second, and checks the quality figures against expected.json
# (two-sided tolerance). Latency is reported, never checked.
# Usage: bench/answers/run.sh [--per-set N] [--update]
# Environment: BENCH_INDEX (index dir, built if absent), BENCH_INDEX_NOLIB (the same without
# library/, built if absent), BENCH_BUILD (build dir, default build/),
# MEDORACLE_SHARED_DATA.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
shared=${MEDORACLE_SHARED_DATA:-$root/../shared/data}
index=${BENCH_INDEX:-/tmp/medoracle-bench-index}
index_nolib=${BENCH_INDEX_NOLIB:-/tmp/medoracle-bench-index-nolib}
build=${BENCH_BUILD:-$root/build}
per_set=300
update=0
while [ $# -gt 0 ]; do
  case $1 in
    --per-set) per_set=$2; shift 2 ;;
    --update) update=1; shift ;;
    *) echo "usage: $0 [--per-set N] [--update]" >&2; exit 2 ;;
  esac
done
cmake --build "$build" --target medoracle answer_bench -j2 >/dev/null
if [ ! -f "$index/MANIFEST" ]; then
  "$build/medoracle" --index "$index" ingest -q "$shared" "$root/library" >/dev/null || true
fi
if [ ! -f "$index_nolib/MANIFEST" ]; then
  "$build/medoracle" --index "$index_nolib" ingest -q "$shared" >/dev/null || true
fi
out=$(mktemp -d)
for bank in on off; do
  echo "== question bank $bank"
  "$build/answer_bench" --index "$index" --shared "$shared" --per-set "$per_set" \
      --sets covidqa,bioasq,pubmedqa,medquad --question-bank "$bank" --json "$out/$bank.json"
done
for split in dev heldout; do
  echo "== our own sets, $split split, index without library/"
  sets=guidelines,decline,drugs  # drugs: FDA label questions (bench/answers/drugs)
  [ "$split" = dev ] && sets=$sets,leftout  # rare-disease questions without their documents
  "$build/answer_bench" --index "$index_nolib" --shared "$shared" --bench-dir "$root/bench/answers" \
      --sets "$sets" --split "$split" --leftout-scratch "$out/leftout-index" --json "$out/$split.json"
done
python3 "$root/bench/answers/check.py" "$root/bench/answers/expected.json" "$out/on.json" "$out/off.json" \
    "$out/dev.json" "$out/heldout.json" \
    $([ $update = 1 ] && echo --update)
