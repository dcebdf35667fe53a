#!/usr/bin/env bash
# Create a venv (.venv unless named) and install a requirements file into it, again only when that file changed.
# Usage: scripts/setup_venv.sh requirements.txt|requirements-dev.txt
#        scripts/setup_venv.sh requirements-grader.txt .venv-grader   (the grader and its tests alone, no Django)
set -euo pipefail
cd "$(dirname "$0")/.."
requirements=${1:-requirements.txt}
venv=${2:-.venv}
python=${PYTHON:-python3}

if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "Unroll needs Python 3.11 or newer; '$python' is $("$python" --version 2>&1). Set PYTHON=/path/to/python3.11." >&2
  exit 1
fi
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
stamp="$venv/.installed-$(basename "$requirements")"
digest=$(cat requirements.txt "$requirements" | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$digest" ]; then
  echo "Installing $requirements into $venv (TensorFlow is large: the first time takes a few minutes)…"
  "$venv/bin/python" -m pip install -q --upgrade pip
  "$venv/bin/python" -m pip install -q -r "$requirements"
  echo "$digest" > "$stamp"
fi
