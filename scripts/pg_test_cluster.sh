#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: initdb + pg_ctl in a temporary directory, listening
# on a unix socket only, run as an ordinary user (as root: as $MEDORACLE_PG_OS_USER, default nobody,
# since PostgreSQL refuses to run as root). CTest starts it before the tests that need it and stops
# it after (FIXTURES_SETUP / FIXTURES_CLEANUP in CMakeLists.txt); usable by hand as well:
#
#   scripts/pg_test_cluster.sh start STATE   # prints the cluster's URL; STATE gets the socket directory
#   scripts/pg_test_cluster.sh stop STATE    # stops the cluster and removes its directory
#
# The cluster's superuser is "medoracle" (trust authentication: only the socket's directory reaches
# it); fsync is off, as the cluster lives only for one test run (MEDORACLE_PG_FSYNC=on for
# benchmarks, bench/load/run.sh). MEDORACLE_TEST_PG=skip makes start do nothing and the PostgreSQL
# tests skip; otherwise a cluster that cannot start fails.
set -euo pipefail

cmd=${1:-}
state=${2:-}
if [[ -z "$cmd" || -z "$state" ]]; then
  echo "usage: $0 start|stop STATE_FILE" >&2
  exit 2
fi

if [[ "$cmd" == start && "${MEDORACLE_TEST_PG:-}" == skip ]]; then
  echo "pg_test_cluster: MEDORACLE_TEST_PG=skip: no cluster; the PostgreSQL tests skip" >&2
  rm -f "$state"
  exit 0
fi

bindir=${MEDORACLE_PG_BINDIR:-}
if [[ -z "$bindir" ]]; then
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
fi
if [[ -z "$bindir" || ! -x "$bindir/initdb" ]]; then
  echo "pg_test_cluster: no PostgreSQL server binaries (initdb) under /usr/lib/postgresql/*/bin;" \
       "scripts/setup.sh installs postgresql-15 (or set MEDORACLE_TEST_PG=skip to skip those tests)" >&2
  exit 1
fi

os_user=""
if [[ "$(id -u)" -eq 0 ]]; then
  os_user=${MEDORACLE_PG_OS_USER:-nobody}
fi
# Runs a command as the cluster's owner, from a directory that owner can read.
as_owner() {
  if [[ -n "$os_user" ]]; then
    (cd / && runuser -u "$os_user" -- "$@")
  else
    (cd / && "$@")
  fi
}

stop() {
  [[ -f "$state" ]] || return 0
  local dir
  dir=$(head -n 1 "$state")
  if [[ -n "$dir" && -d "$dir" && "$dir" == /tmp/medoracle-pg.* ]]; then
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
  fi
  rm -f "$state"
}

case "$cmd" in
  start)
    stop  # a cluster left by an interrupted run
    dir=$(mktemp -d /tmp/medoracle-pg.XXXXXX)
    chmod 755 "$dir"
    [[ -n "$os_user" ]] && chown "$os_user" "$dir"
    if ! as_owner "$bindir/initdb" -D "$dir/data" -U medoracle --auth=trust -E UTF8 --no-locale \
          >"$dir/initdb.log" 2>&1; then
      echo "pg_test_cluster: initdb failed:" >&2
      cat "$dir/initdb.log" >&2
      rm -rf "$dir"
      exit 1
    fi
    if ! as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
          -o "-k $dir -c listen_addresses='' -c fsync=${MEDORACLE_PG_FSYNC:-off} -c max_connections=200" start >/dev/null; then
      echo "pg_test_cluster: the server did not start:" >&2
      cat "$dir/server.log" >&2 || true
      rm -rf "$dir"
      exit 1
    fi
    mkdir -p "$(dirname "$state")"
    echo "$dir" >"$state"
    echo "postgresql:///postgres?host=$dir&user=medoracle"
    ;;
  stop)
    stop
    ;;
  *)
    echo "usage: $0 start|stop STATE_FILE" >&2
    exit 2
    ;;
esac
