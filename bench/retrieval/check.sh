#!/usr/bin/env bash
# Checks medoracle's retrieval numbers against the expected-results files in this folder
# (Anserini style: exact corpus counts, metrics to 4 decimals, two-sided tolerance). Each
# dataset is indexed afresh from ../shared/data through the Ingest API.
#
# Usage: bench/retrieval/check.sh [BUILD_DIR] [DATASET...]   (default: build; scifact nfcorpus bioasq)
# Exit status: 0 when every value matches, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-build}
shift || true
DATASETS=("${@:-scifact nfcorpus bioasq}")
read -r -a DATASETS <<< "${DATASETS[*]}"
BIN="$BUILD/medoracle"
[[ -x "$BIN" ]] || { echo "no $BIN: build first (cmake --build $BUILD)" >&2; exit 2; }
WORK="$BUILD/bench-work/check"
mkdir -p "$WORK"
failed=0
for d in "${DATASETS[@]}"; do
  echo "== $d"
  if ! "$BIN" eval retrieval --dataset "$d" --work "$WORK" --expected "bench/retrieval/$d.json"; then
    failed=1
  fi
done
rm -rf "$WORK"
if [[ $failed -ne 0 ]]; then
  echo "FAIL: some values differ from bench/retrieval/*.json" >&2
  exit 1
fi
echo "PASS: all datasets match bench/retrieval/*.json"
