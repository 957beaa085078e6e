#!/usr/bin/env bash
# What the load benchmark (bench/load.py) needs besides Python packages: wrk, from
# Debian's package. Installed with apt-get when it is missing and we run as root;
# otherwise it says how to get it and fails, since the benchmark cannot run without it.
set -euo pipefail
if command -v wrk >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "wrk is missing: installing Debian's wrk package for the load benchmark" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >&2
else
  echo "wrk is missing: run 'sudo apt-get install wrk', then make bench again." >&2
  exit 1
fi
