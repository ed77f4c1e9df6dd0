#!/usr/bin/env bash
# Load benchmark: `medoracle serve` on loopback under wrk, POST /api/ask, two workloads:
#   distinct  up to 12,000 different PubMedQA and MedQuAD questions read from ../shared/data at run
#             time, shuffled (every request composes a new answer while fewer than that are sent:
#             the cold path);
#   repeat    the 30 clinical questions of questions.txt (answers are reused from the store at the
#             same index revision after their first composition: the popular-questions path).
# Each workload gets a fresh application store (--db) so neither sees the other's answers.
# Usage: bench/load/run.sh INDEX_DIR [SECONDS] [CONNECTIONS] [SERVER_THREADS] [WORKLOADS]
# Prints answers/s, p50/p90/p99 latency, errors and the server's peak resident memory per workload.
# Environment: MEDORACLE (the binary), SERVE_ARGS (more options for serve), SLOW_CLIENTS=N (N
# connections trickling header bytes while wrk runs: slow_clients.py; their figures are printed).
set -euo pipefail
cd "$(dirname "$0")/../.."
index="${1:?usage: bench/load/run.sh INDEX_DIR [SECONDS] [CONNECTIONS] [SERVER_THREADS] [WORKLOADS]}"
seconds="${2:-30}"
connections="${3:-8}"
threads="${4:-4}"
workloads="${5:-distinct repeat}"
bin="${MEDORACLE:-build/medoracle}"
shared="${MEDORACLE_SHARED_DATA:-../shared/data}"
command -v wrk >/dev/null || { echo "load bench: wrk is missing (apt-get install wrk)" >&2; exit 2; }

tmp="$(mktemp -d)"
pid=""
stop_server() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""; fi
}
trap 'stop_server; rm -rf "$tmp"' EXIT

python3 - "$shared" >"$tmp/distinct.txt" <<'PY'
import glob, html, json, random, re, sys
shared = sys.argv[1]
questions = []
for record in json.load(open(shared + "/pubmedqa/data/ori_pqal.json")).values():
    questions.append(record["QUESTION"])
for path in sorted(glob.glob(shared + "/medquad/**/*.xml", recursive=True)):
    for q in re.findall(r"<Question[^>]*>(.*?)</Question>", open(path, errors="replace").read(), re.S):
        questions.append(html.unescape(q))
seen, out = set(), []
for q in questions:
    q = " ".join(q.split())
    if q and len(q) < 300 and q.lower() not in seen:
        seen.add(q.lower())
        out.append(q)
random.Random(7).shuffle(out)
print("\n".join(out[:12000]))
PY

# The load comes from one address: lift the anonymous rate limit where the binary has one.
limit_args=""
"$bin" serve --help 2>/dev/null | grep -q -- --anonymous-asks-per-minute && limit_args="--anonymous-asks-per-minute 0"

for workload in $workloads; do
  case "$workload" in
    distinct) questions="$tmp/distinct.txt" ;;
    repeat) questions="bench/load/questions.txt" ;;
    *) echo "load bench: unknown workload $workload (distinct, repeat)" >&2; exit 2 ;;
  esac
  log="$tmp/$workload.log"
  # shellcheck disable=SC2086
  "$bin" --index "$index" --db "$tmp/$workload.db" serve --port 0 --threads "$threads" $limit_args ${SERVE_ARGS:-} >"$log" 2>&1 &
  pid=$!
  url=""
  for _ in $(seq 1 300); do
    url="$(grep -o 'http://[0-9.]*:[0-9]*/' "$log" | head -1 || true)"
    [ -n "$url" ] && break
    sleep 0.1
  done
  [ -n "$url" ] || { cat "$log" >&2; exit 1; }
  # Warm-up (page cache, Xapian blocks) on questions the workload does not ask.
  QUESTIONS=bench/load/questions.txt wrk -t2 -c2 -d3s -s bench/load/ask.lua "$url" >/dev/null
  slow=""
  if [ "${SLOW_CLIENTS:-0}" -gt 0 ]; then
    port="${url##*:}"; port="${port%/}"
    python3 bench/load/slow_clients.py 127.0.0.1 "$port" "$SLOW_CLIENTS" "$((seconds + 2))" >"$tmp/slow.txt" 2>&1 &
    slow=$!
    sleep 2  # every slow client connected before wrk starts
  fi
  echo "== $workload: $(grep -c . "$questions") questions; server $url threads=$threads ${SERVE_ARGS:-}; wrk -t2 -c$connections -d${seconds}s${SLOW_CLIENTS:+; $SLOW_CLIENTS slow clients}"
  QUESTIONS="$questions" wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s --latency -s bench/load/ask.lua "$url" |
    sed -n '/^answers/,$p'
  if [ -n "$slow" ]; then wait "$slow" || true; cat "$tmp/slow.txt"; fi
  echo "peak_rss_mb $(awk '/VmHWM/ {printf "%.0f", $2/1024}' /proc/$pid/status)"
  stop_server
done
