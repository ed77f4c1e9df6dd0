#!/usr/bin/env bash
# Runs the test suite built with AddressSanitizer + UndefinedBehaviorSanitizer (CMakePresets.json
# "asan", in build-asan/): any report of either fails its test (abort_on_error, no UBSan recovery,
# leaks checked). Without arguments the retraining checks (labels "retrain": they train models
# for minutes and test their scores, not memory) and the browser test (label "browser": Chromium
# drives the page, the server's code is the same) are left out, so the run fits CI's budget.
# Usage: scripts/test_asan.sh [CTEST ARGS...]   e.g. scripts/test_asan.sh -R Store
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset asan >/dev/null
cmake --build --preset asan -j"$(nproc)"
if (($# == 0)); then set -- -LE 'retrain|browser'; fi
ctest --preset asan -j"$(nproc)" --timeout 1800 "$@"
