#!/usr/bin/env bash
# Find a PostgreSQL server for the tests and print its URL on stdout.
#   1. $DATABASE_URL when set;
#   2. else the local server on 127.0.0.1:5432 (user postgres), started if it is installed
#      but stopped (pg_ctlcluster);
#   3. else, when PostgreSQL is installed but will not let us in, a throwaway cluster with
#      trust auth under /tmp on port 54329;
#   4. else (running as root with apt-get) install Debian's postgresql package and retry;
#   5. else fail with a message that says what to do.
set -euo pipefail
cd "$(dirname "$0")/.."
py=.venv/bin/python

can_connect() {
  "$py" - "$1" <<'PY' >/dev/null 2>&1
import sys
import psycopg2
psycopg2.connect(sys.argv[1], dbname="postgres", connect_timeout=3).close()
PY
}

if [ -n "${DATABASE_URL:-}" ]; then
  if can_connect "$DATABASE_URL"; then echo "$DATABASE_URL"; exit 0; fi
  echo "DATABASE_URL is set but no PostgreSQL answers there: $DATABASE_URL" >&2
  echo "Start that server, fix the URL, or unset DATABASE_URL to use a local one." >&2
  exit 1
fi

local_url="postgres://postgres@127.0.0.1:5432/sciatica"
if can_connect "$local_url"; then echo "$local_url"; exit 0; fi

start_clusters() {
  command -v pg_lsclusters >/dev/null 2>&1 || return 1
  local version name
  while read -r version name _; do
    echo "Starting PostgreSQL cluster $version/$name" >&2
    pg_ctlcluster --skip-systemctl-redirect "$version" "$name" start >&2 || true
  done < <(pg_lsclusters --no-header 2>/dev/null | awk '$4 != "online"')
  for _ in $(seq 1 20); do can_connect "$local_url" && return 0; sleep 0.5; done
  return 1
}

throwaway_cluster() {
  local bindir port=54329 dir=/tmp/sciatica-test-pg
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1) || return 1
  [ -x "$bindir/initdb" ] || return 1
  local url="postgres://postgres@127.0.0.1:$port/sciatica"
  can_connect "$url" && { echo "$url"; return 0; }
  local run=()
  if [ "$(id -u)" = 0 ]; then run=(runuser -u postgres --); chown postgres /tmp; fi
  if [ ! -f "$dir/PG_VERSION" ]; then
    mkdir -p "$dir"; [ "$(id -u)" = 0 ] && chown postgres "$dir"
    "${run[@]}" "$bindir/initdb" -D "$dir" -U postgres --auth=trust >/dev/null
  fi
  echo "Starting a throwaway PostgreSQL in $dir on port $port" >&2
  "${run[@]}" "$bindir/pg_ctl" -D "$dir" -l "$dir/log" -o "-p $port -k /tmp -c listen_addresses=127.0.0.1" -w start >&2
  can_connect "$url" && { echo "$url"; return 0; }
  return 1
}

if start_clusters; then echo "$local_url"; exit 0; fi
if throwaway_cluster; then exit 0; fi

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && ! command -v pg_lsclusters >/dev/null 2>&1; then
  echo "PostgreSQL is not installed: installing Debian's postgresql package" >&2
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  if start_clusters; then echo "$local_url"; exit 0; fi
  if throwaway_cluster; then exit 0; fi
fi

cat >&2 <<'MSG'
No PostgreSQL server could be reached or started for the tests.
Do one of these, then run `make test` again:
  - install it: apt-get install postgresql   (the tests start it when it is stopped)
  - or point the tests at a server: export DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/sciatica
MSG
exit 1
