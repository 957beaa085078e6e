#!/usr/bin/env bash
# What `make messages` needs besides Python packages: GNU gettext (xgettext, msgmerge,
# msgfmt), which Django's makemessages and compilemessages run. Installed with apt-get
# when it is missing and we run as root; otherwise it says how to get it and fails.
# Running the site or the tests does not need it: the compiled catalogues (.mo) are
# committed.
set -uo pipefail

if command -v msgfmt >/dev/null 2>&1 && command -v xgettext >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "GNU gettext is missing: installing Debian's gettext package for make messages" >&2
  if apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >&2; then
    exit 0
  fi
  echo "Could not install gettext with apt-get." >&2
else
  echo "GNU gettext is missing and we are not root: run 'sudo apt-get install gettext'" >&2
  echo "(or your system's gettext package) for make messages." >&2
fi
exit 1
