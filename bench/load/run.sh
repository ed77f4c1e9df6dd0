#!/usr/bin/env bash
# Load benchmark: `medoracle serve` on loopback under wrk, POST /api/ask, two workloads:
#   distinct  up to 12,000 different PubMedQA and MedQuAD questions read from ../shared/data at run
#             time, shuffled (every request composes a new answer while fewer than that are sent:
#             the cold path);
#   repeat    the 30 clinical questions of questions.txt (answers are reused from the store at the
#             same index revision after their first composition: the popular-questions path).
# and, per workload, each setup of $SETUPS (default "sqlite"):
#   sqlite     one server with SERVER_THREADS workers on an SQLite store;
#   postgres2  two servers with SERVER_THREADS/2 workers each on one PostgreSQL store (a throwaway
#              cluster, scripts/pg_test_cluster.sh, fsync on), each driven by its own wrk with half
#              the connections: answers/s is the sum, p50/p90/p99 the worse of the two servers.
# Each workload and setup gets a fresh application store so none sees another's answers.
# Usage: [SETUPS="sqlite postgres2"] bench/load/run.sh INDEX_DIR [SECONDS] [CONNECTIONS] [SERVER_THREADS] [WORKLOADS]
# Prints answers/s, p50/p90/p99 latency, errors and the servers' peak resident memory per workload.
# Environment: MEDORACLE (the binary), SERVE_ARGS (more options for serve), SLOW_CLIENTS=N (N
# connections trickling header bytes while wrk runs against the SQLite setup's server:
# slow_clients.py; their figures are printed), KEEP_LOGS=1.
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

# Starts `medoracle serve` on store $1 with $2 threads, logging to $3; appends its pid to pids and
# sets url to where it listens.
pids=()
start_server() {
  # shellcheck disable=SC2086
  "$bin" --index "$index" --db "$1" serve --port 0 --threads "$2" $limit_args ${SERVE_ARGS:-} >"$3" 2>&1 &
  pids+=($!)
  url=""
  for _ in $(seq 1 300); do
    url="$(grep -o 'http://[0-9.]*:[0-9]*/' "$3" | head -1 || true)"
    [ -n "$url" ] && break
    sleep 0.1
  done
  [ -n "$url" ] || { cat "$3" >&2; exit 1; }
}
stop_servers() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  pids=()
}
peak_rss_mb() {  # the sum over the running servers
  local total=0
  for p in "${pids[@]}"; do total=$((total + $(awk '/VmHWM/ {print $2}' /proc/$p/status))); done
  echo $((total / 1024))
}
pg_state=""
# KEEP_LOGS=1 keeps the servers' logs and wrk's output (the folder is printed at the end).
trap 'stop_servers; [ -n "$pg_state" ] && scripts/pg_test_cluster.sh stop "$pg_state";
      if [ -n "${KEEP_LOGS:-}" ]; then echo "logs: $tmp"; else rm -rf "$tmp"; fi' EXIT
for setup in ${SETUPS:-sqlite}; do
  case "$setup" in
    sqlite) ;;
    postgres2)
      if [ -z "$pg_state" ]; then
        pg_state="$tmp/pg-state"
        pg_base="$(MEDORACLE_PG_FSYNC=on scripts/pg_test_cluster.sh start "$pg_state")"
      fi
      ;;
    *) echo "load bench: unknown setup $setup (sqlite, postgres2)" >&2; exit 2 ;;
  esac
done

for workload in $workloads; do
  case "$workload" in
    distinct) questions="$tmp/distinct.txt" ;;
    repeat) questions="bench/load/questions.txt" ;;
    *) echo "load bench: unknown workload $workload (distinct, repeat)" >&2; exit 2 ;;
  esac
  for setup in ${SETUPS:-sqlite}; do
    if [ "$setup" = sqlite ]; then
      start_server "$tmp/$workload.db" "$threads" "$tmp/$workload.log"
      # Warm-up (page cache, store blocks) on questions the workload does not ask.
      QUESTIONS=bench/load/questions.txt wrk -t2 -c2 -d3s -s bench/load/ask.lua "$url" >/dev/null
      slow=""
      if [ "${SLOW_CLIENTS:-0}" -gt 0 ]; then
        port="${url##*:}"; port="${port%/}"
        python3 bench/load/slow_clients.py 127.0.0.1 "$port" "$SLOW_CLIENTS" "$((seconds + 2))" >"$tmp/slow.txt" 2>&1 &
        slow=$!
        sleep 2  # every slow client connected before wrk starts
      fi
      echo "== $workload, one server on SQLite: $(grep -c . "$questions") questions; server $url threads=$threads ${SERVE_ARGS:-}; wrk -t2 -c$connections -d${seconds}s${SLOW_CLIENTS:+; $SLOW_CLIENTS slow clients}"
      QUESTIONS="$questions" wrk -t2 -c"$connections" -d"${seconds}s" --latency --timeout 10s -s bench/load/ask.lua "$url" |
        sed -n '/^answers/,$p'
      if [ -n "$slow" ]; then wait "$slow" || true; cat "$tmp/slow.txt"; fi
    else
      db="bench_${workload}"
      psql -q "$pg_base" -c "CREATE DATABASE $db" >/dev/null
      store="${pg_base/\/postgres\?//$db?}"
      half_threads=$(( threads > 1 ? threads / 2 : 1 ))
      half_connections=$(( connections > 1 ? connections / 2 : 1 ))
      start_server "$store" "$half_threads" "$tmp/$workload.a.log"
      url_a="$url"
      start_server "$store" "$half_threads" "$tmp/$workload.b.log"
      url_b="$url"
      QUESTIONS=bench/load/questions.txt wrk -t1 -c1 -d3s -s bench/load/ask.lua "$url_a" >/dev/null &
      warm=$!
      QUESTIONS=bench/load/questions.txt wrk -t1 -c1 -d3s -s bench/load/ask.lua "$url_b" >/dev/null
      wait "$warm"  # (a bare wait would wait for the servers too)
      echo "== $workload, two servers on one PostgreSQL: $(grep -c . "$questions") questions; servers $url_a $url_b threads=$half_threads each; two wrk -t1 -c$half_connections -d${seconds}s"
      QUESTIONS="$questions" wrk -t1 -c"$half_connections" -d"${seconds}s" --latency --timeout 10s -s bench/load/ask.lua "$url_a" \
        >"$tmp/$workload.a.wrk" &
      load_a=$!
      # The second server's wrk starts at another place in the question list (no shared answers at first).
      QUESTIONS="$questions" OFFSET=5000 wrk -t1 -c"$half_connections" -d"${seconds}s" --latency --timeout 10s \
        -s bench/load/ask.lua "$url_b" >"$tmp/$workload.b.wrk"
      wait "$load_a"
      awk '
        /^answers\/s/ { rate += $2 }
        /^p[0-9]+_ms|^max_ms/ { if ($2 > worst[$1]) worst[$1] = $2 }
        /^requests|^errors/ { sum[$1] += $2 }
        END {
          printf "answers/s %.1f\n", rate
          printf "p50_ms %.1f\np90_ms %.1f\np99_ms %.1f\nmax_ms %.1f\n", worst["p50_ms"], worst["p90_ms"], worst["p99_ms"], worst["max_ms"]
          printf "requests %d\nerrors %d\n", sum["requests"], sum["errors"]
        }' "$tmp/$workload.a.wrk" "$tmp/$workload.b.wrk"
      grep -h '^errors_by_kind' "$tmp/$workload.a.wrk" "$tmp/$workload.b.wrk"
    fi
    echo "peak_rss_mb $(peak_rss_mb)"
    stop_servers
  done
done
