#!/usr/bin/env bash
# Create .venv with Python 3.12+ and install the pinned requirements (re-run when they change).
# Usage: scripts/venv.sh requirements.txt|requirements-dev.txt
set -euo pipefail
cd "$(dirname "$0")/.."
requirements="${1:-requirements.txt}"

find_python() {
  local candidate
  for candidate in python3 python3.13 python3.12 \
    "$HOME"/.pyenv/versions/3.13*/bin/python3 "$HOME"/.pyenv/versions/3.12*/bin/python3 \
    /usr/bin/python3.13 /usr/bin/python3.12; do
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

if [ -x .venv/bin/python ] && ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then
  echo "The existing .venv has Python older than 3.12; recreating it." >&2
  rm -rf .venv
fi
if [ ! -x .venv/bin/python ]; then
  python=$(find_python) || {
    echo "Python 3.12 or newer is needed (Django 6.1). Install it (e.g. 'apt-get install python3.13'" >&2
    echo "or 'pyenv install 3.13'), then run this again." >&2
    exit 1
  }
  echo "Creating .venv with $python ($("$python" --version))" >&2
  "$python" -m venv .venv
fi

stamp=".venv/.installed-$(basename "$requirements")"
if [ ! -f "$stamp" ] || [ "$requirements" -nt "$stamp" ] || [ requirements.txt -nt "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements"
  touch "$stamp"
fi
