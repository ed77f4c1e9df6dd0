#!/usr/bin/env bash
# Runs the whole test suite: installs what is missing, builds, runs CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
ctest --test-dir build --output-on-failure -j"$(nproc)"
