#!/usr/bin/env bash
# What the deployment test (tests/deploy) and the nginx benchmark (bench/nginx.py) need
# besides Python packages: nginx, from Debian's package (the same nginx the README's
# deploy/nginx.conf is written for). Installed with apt-get when it is missing and we run
# as root; otherwise it says how to get it.
# Never fails the test command by itself: without nginx the deployment test skips with a
# message, or fails with it when REQUIRE_NGINX=1 or REQUIRE_BROWSER_TESTS=1 (.ci/run sets
# the latter). `scripts/nginx_deps.sh --required` (make bench) fails when nginx is missing.
set -uo pipefail
required=0
[ "${1:-}" = "--required" ] && required=1

nginx_path() {
  command -v nginx 2>/dev/null || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; }
}

if nginx_path >/dev/null; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "nginx is missing: installing Debian's nginx package for the deployment test" >&2
  if apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >&2; then
    # The package starts the system's nginx on port 80; ours run their own masters.
    echo "Installed $(nginx_path)" >&2
    exit 0
  fi
  echo "Could not install nginx with apt-get." >&2
else
  echo "nginx is missing and we are not root: run 'sudo apt-get install nginx'" >&2
  echo "(or set NGINX_PATH to an nginx binary) for the deployment test and make bench." >&2
fi
exit "$required"
