#!/usr/bin/env bash
# Make a PostgreSQL server on this machine accept streaming-replication connections from
# 127.0.0.1, so that the tests (tests/replicas) can make a real replica of it with
# pg_basebackup. Usage: scripts/ensure_replica_support.sh [DATABASE_URL]
#
# Does nothing when the server already accepts them. Otherwise, when the server listens on
# this machine's loopback and its pg_hba.conf can be written here (root, or the server's
# owner), it puts `host replication all 127.0.0.1/32 trust` first in that file and reloads
# the server. Trust from loopback only, and for test servers only: a production replica
# connects as a replication role with a password (README, "Read replicas").
set -euo pipefail

url=${1:-${DATABASE_URL:-}}
if [ -z "$url" ]; then
  echo "usage: $0 DATABASE_URL (postgres://user@127.0.0.1:5432/name)" >&2
  exit 2
fi
server=${url%/*} # the URL without its database name

replication_accepted() {
  psql "$server/postgres?replication=true" -XAtqc "IDENTIFY_SYSTEM" >/dev/null 2>&1
}

replication_accepted && exit 0

sql() { psql "$server/postgres" -XAtqc "$1"; }

wal_level=$(sql "SHOW wal_level")
wal_senders=$(sql "SHOW max_wal_senders")
if [ "$wal_level" = minimal ] || [ "$wal_senders" -lt 2 ]; then
  echo "The server at $server cannot stream to a replica (wal_level=$wal_level," \
    "max_wal_senders=$wal_senders). Set wal_level=replica and max_wal_senders=10" \
    "(PostgreSQL's defaults) in its postgresql.conf and restart it." >&2
  exit 1
fi

hba=$(sql "SHOW hba_file")
address=$(sql "SELECT coalesce(host(inet_server_addr()), 'socket')")
if [ "$address" != 127.0.0.1 ] || [ ! -w "$hba" ]; then
  echo "The server at $server refuses replication connections from 127.0.0.1, and its" \
    "pg_hba.conf ($hba) cannot be changed from here. Add this line first in it and" \
    "reload the server (SELECT pg_reload_conf()):" >&2
  echo "  host replication all 127.0.0.1/32 trust" >&2
  exit 1
fi

echo "Allowing replication connections from 127.0.0.1 in $hba (for the replica tests)" >&2
# Rewrite in place (cat >), so that the file keeps its owner and mode.
updated=$(
  printf '%s\n' "# Added by scripts/ensure_replica_support.sh: test replicas on this machine."
  printf '%s\n' "host replication all 127.0.0.1/32 trust"
  cat "$hba"
)
printf '%s\n' "$updated" >"$hba"
sql "SELECT pg_reload_conf()" >/dev/null

for _ in $(seq 1 20); do
  replication_accepted && exit 0
  sleep 0.25
done
echo "The server at $server still refuses replication connections after the reload;" \
  "see its log, and SELECT * FROM pg_hba_file_rules WHERE error IS NOT NULL." >&2
exit 1
