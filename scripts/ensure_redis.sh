#!/usr/bin/env bash
# Make sure a Redis answers on 127.0.0.1:6379 for the tests that run the site with Redis as
# its cache (tests/caching, tests/deploy, tests/test_operations.py, the outage test):
#   1. one already answering is used as it is (the tests use their own db numbers, 4-13);
#   2. else redis-server, if installed, is started on that port (nothing kept on disk);
#   3. else (running as root with apt-get) Debian's redis-server package is installed and
#      started the same way;
#   4. else fail with a message that says what to do.
set -euo pipefail
cd "$(dirname "$0")/.."
py=.venv/bin/python

answers() {
  "$py" - <<'PY' >/dev/null 2>&1
import redis
redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=2).ping()
PY
}

start() {
  command -v redis-server >/dev/null 2>&1 || return 1
  echo "Starting redis-server on 127.0.0.1:6379 (nothing saved to disk)" >&2
  redis-server --bind 127.0.0.1 --port 6379 --daemonize yes --save '' --appendonly no \
    --logfile /tmp/sciatica-test-redis.log >&2 || true
  for _ in $(seq 1 20); do answers && return 0; sleep 0.25; done
  return 1
}

answers && exit 0
start && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Redis is not installed: installing Debian's redis-server package" >&2
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >&2
  answers && exit 0
  start && exit 0
fi

cat >&2 <<'MSG'
No Redis answers on 127.0.0.1:6379 and none could be started for the tests.
Install and start one (apt-get install redis-server), then run `make test` again.
MSG
exit 1
