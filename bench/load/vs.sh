#!/usr/bin/env bash
# Side by side: the load benchmark (run.sh, distinct workload) on two builds in turn, B A B A ...,
# so drift in the machine's speed hits both alike. Prints each run and the medians.
# Usage: bench/load/vs.sh BINARY_A BINARY_B INDEX_DIR [SECONDS] [ROUNDS] [CONNECTIONS] [SERVER_THREADS]
#   e.g. bench/load/vs.sh build/medoracle /tmp/medoracle-main /tmp/idx 20 3
set -euo pipefail
cd "$(dirname "$0")/../.."
a="${1:?usage: bench/load/vs.sh BINARY_A BINARY_B INDEX_DIR [SECONDS] [ROUNDS] [CONNECTIONS] [SERVER_THREADS]}"
b="${2:?missing BINARY_B}"
index="${3:?missing INDEX_DIR}"
seconds="${4:-20}"
rounds="${5:-3}"
connections="${6:-8}"
threads="${7:-4}"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
for round in $(seq 1 "$rounds"); do
  for side in B A; do
    bin="$b"; [ "$side" = A ] && bin="$a"
    MEDORACLE="$bin" bench/load/run.sh "$index" "$seconds" "$connections" "$threads" distinct |
      awk -v side="$side" -v round="$round" '
        /^answers\/s/ {rate=$2} /^p50_ms/ {p50=$2} /^p99_ms/ {p99=$2} $1 == "errors" {errors=$2} /^peak_rss_mb/ {rss=$2}
        END {printf "%s %d %s %s %s %s %s\n", side, round, rate, p50, p99, errors, rss}' | tee -a "$out"
  done
done
echo "side round answers/s p50_ms p99_ms errors peak_rss_mb (A=$a B=$b)"
python3 - "$out" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1]) if line.strip()]
for side in "AB":
    got = [r for r in rows if r[0] == side]
    med = lambda k: statistics.median(float(r[k]) for r in got)
    print(f"median {side}: answers/s {med(2):.1f}  p50 {med(3):.1f} ms  p99 {med(4):.1f} ms  errors {sum(int(r[5]) for r in got)}  peak RSS {med(6):.0f} MB")
PY
