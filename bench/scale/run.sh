#!/usr/bin/env bash
# Scale benchmark: generate a synthetic PubMed-like corpus (default 1,000,000 abstracts) into
# /tmp/medoracle-scale, ingest it with the release binary, sample search latency, and record the
# figures and the PubMed-baseline projection in bench/scale/results.md (and results.json).
# Usage: bench/scale/run.sh [--count N] [--reuse-corpus] [--keep] [--resume] [--no-build] [--work DIR] [--no-gzip]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec python3 "$here/run.py" "$@"
