#!/usr/bin/env bash
# Load benchmark: `medoracle serve` on loopback under wrk, POST /api/ask over questions.txt.
# Usage: bench/load/run.sh INDEX_DIR [SECONDS] [CONNECTIONS] [SERVER_THREADS]
# Prints answers/s, p50/p90/p99 latency, errors and the server's peak resident memory.
set -euo pipefail
cd "$(dirname "$0")/../.."
index="${1:?usage: bench/load/run.sh INDEX_DIR [SECONDS] [CONNECTIONS] [SERVER_THREADS]}"
seconds="${2:-30}"
connections="${3:-8}"
threads="${4:-4}"
bin="${MEDORACLE:-build/medoracle}"
command -v wrk >/dev/null || { echo "load bench: wrk is missing (apt-get install wrk)" >&2; exit 2; }

log="$(mktemp)"
"$bin" --index "$index" serve --port 0 --threads "$threads" >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -f "$log"' EXIT
url=""
for _ in $(seq 1 300); do
  url="$(grep -o 'http://[0-9.]*:[0-9]*/' "$log" | head -1 || true)"
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { cat "$log" >&2; exit 1; }

# Warm-up: each question once (page cache, Xapian blocks).
wrk -t2 -c2 -d5s -s bench/load/ask.lua "$url" >/dev/null
echo "server $url threads=$threads; wrk -t2 -c$connections -d${seconds}s"
wrk -t2 -c"$connections" -d"${seconds}s" --latency -s bench/load/ask.lua "$url" | sed -n '/^answers/,$p'
echo "peak_rss_mb $(awk '/VmHWM/ {printf "%.0f", $2/1024}' /proc/$pid/status)"
curl -s "${url}api/health"; echo
