#!/usr/bin/env bash
# Ingest benchmark: every corpus under ../shared/data plus library/, N=3 fresh-index runs with the
# release binary; writes bench/ingest/results.md and results.json, checks them against expected.json.
# Usage: bench/ingest/run.sh [--runs N] [--bless] [--build DIR] [--data DIR]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec python3 "$here/run.py" --command "bench/ingest/run.sh $*" "$@"
