#!/usr/bin/env bash
# Sets up and builds medoracle, loads the embedded editorial library into the default
# index, and answers a question (the first argument, or the example below).
set -euo pipefail
cd "$(dirname "$0")/.."
question=${1:-"What is the treatment for L5 (lumbar 5) impingement at the foramen level?"}
scripts/setup.sh
./build/medoracle ingest --quiet library
./build/medoracle ask "$question"
