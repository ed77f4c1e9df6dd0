#!/usr/bin/env bash
# Rebuilds the learned sentence ranker (models/sentence_ranker.txt and its scores) with
# Debian's XGBoost from the guideline question set's development split, answered on an index
# of ../shared/data without library/. See docs/models.md and scripts/train_ranker.py.
#
#   scripts/train_ranker.sh [OUT_DIR]   default OUT_DIR: models/ of this repository
#   scripts/train_ranker.sh --check     retrains into a temporary folder and fails unless the
#                                       held-out and cross-validated scores are within 0.02 of
#                                       models/sentence_ranker.scores.json
#
# Environment: MEDORACLE_SHARED_DATA (else ../shared/data beside the repository), BENCH_BUILD
# (build dir with answer_bench, default build/), BENCH_INDEX_NOLIB (an index of the shared data
# without library/; built into a temporary folder when unset, about a minute).
# The features are computed before the ranker is used, so retraining is deterministic.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data="${MEDORACLE_SHARED_DATA:-$root/../shared/data}"
build="${BENCH_BUILD:-$root/build}"
check=0
[ "${1:-}" = "--check" ] && check=1
missing=$((check ? 77 : 2))
command -v xgboost >/dev/null || {
  echo "train_ranker.sh: xgboost not found (apt-get install xgboost)" >&2; exit $missing; }
[ -d "$data" ] || { echo "train_ranker.sh: shared data not found: $data" >&2; exit $missing; }
[ -x "$build/answer_bench" ] && [ -x "$build/medoracle" ] || {
  echo "train_ranker.sh: $build/answer_bench and $build/medoracle are needed (cmake --build build)" >&2; exit $missing; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
index="${BENCH_INDEX_NOLIB:-}"
if [ -z "$index" ]; then
  index="$work/index"
  echo "train_ranker.sh: indexing $data (once) ..." >&2
  "$build/medoracle" --index "$index" ingest -q "$data" >/dev/null || true
  [ -f "$index/MANIFEST" ] || { echo "train_ranker.sh: indexing failed" >&2; exit 1; }
fi
if [ "$check" = 1 ]; then out="$work/models"; else out="${1:-$root/models}"; fi
python3 "$root/scripts/train_ranker.py" --bench "$build/answer_bench" --index "$index" --shared "$data" --out "$out"
if [ "$check" = 1 ]; then
  python3 - "$root/models/sentence_ranker.scores.json" "$out/sentence_ranker.scores.json" <<'PY'
import json, sys
want, got = (json.load(open(p)) for p in sys.argv[1:3])
ok = True
for metric in ("development_cross_validated", "heldout"):
    close = abs(want[metric] - got[metric]) <= 0.02
    ok &= close
    print("%s: committed %.4f, retrained %.4f %s" % (metric, want[metric], got[metric], "ok" if close else "DIFFERS"))
sys.exit(0 if ok else 1)
PY
fi
