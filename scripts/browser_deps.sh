#!/usr/bin/env bash
# What the browser tests (tests/e2e) need besides the Python packages (Playwright is pinned
# in requirements-dev.txt and installed by scripts/venv.sh):
#   1. Chromium: Debian's `chromium` package (`playwright install` cannot download here).
#      Installed with apt-get when it is missing and we run as root; otherwise a message.
#   2. axe-core from the npm registry, pinned in package.json / package-lock.json
#      (`npm ci` into node_modules/, re-run when the lock file changes).
# Never fails the test command by itself: when something cannot be had, the browser tests
# say so. With REQUIRE_BROWSER_TESTS=1 (set by .ci/run) they fail; otherwise they skip.
set -uo pipefail
cd "$(dirname "$0")/.."

chromium_path() {
  if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ]; then echo "$CHROMIUM_PATH"; return 0; fi
  local candidate
  for candidate in /usr/bin/chromium /usr/bin/chromium-browser; do
    [ -x "$candidate" ] && { echo "$candidate"; return 0; }
  done
  return 1
}

if ! chromium_path >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Chromium is missing: installing Debian's chromium package for the browser tests" >&2
    if apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2; then
      echo "Installed $(chromium_path)" >&2
    else
      echo "Could not install chromium with apt-get; the browser tests will say what to do." >&2
    fi
  else
    echo "Chromium is missing and we are not root: run 'sudo apt-get install chromium'" >&2
    echo "(or set CHROMIUM_PATH to a Chromium binary) to run the browser tests." >&2
  fi
fi

stamp=node_modules/.installed-package-lock
if [ ! -f node_modules/axe-core/axe.min.js ] || [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  if command -v npm >/dev/null 2>&1; then
    echo "Installing axe-core from package-lock.json (npm ci)" >&2
    if npm ci --no-audit --no-fund --loglevel=error >&2; then
      touch "$stamp"
    else
      echo "npm ci failed; the accessibility checks will say what to do." >&2
    fi
  else
    echo "npm is missing: install Node.js and npm ('apt-get install nodejs npm'), then run" >&2
    echo "'npm ci' here, for the accessibility checks of the browser tests." >&2
  fi
fi
exit 0
