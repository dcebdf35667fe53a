#!/usr/bin/env bash
# The grader's tests alone: tests/grader run in a venv of their own, .venv-grader (installed from
# requirements-grader.txt: TensorFlow, pyseccomp, PyYAML, pytest, hypothesis), where neither Django
# nor the site's `unroll` package can be imported. It proves that grader/, the library the site
# only calls, and its tests need neither. scripts/test.sh runs it after the rest of the suite.
# Arguments go to pytest: options (-x, -k ...) still run tests/grader; paths run those tests instead.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup_venv.sh requirements-grader.txt .venv-grader
python=.venv-grader/bin/python

# The repository root alone on the path: not platform/, where the Django project lives.
export PYTHONPATH="$PWD"
for module in django unroll; do
  if "$python" -c "import $module" 2>/dev/null; then
    echo "'import $module' works in .venv-grader: this run would not prove that the grader stands alone" >&2
    exit 1
  fi
done
echo "Django and unroll cannot be imported here: running the grader's tests alone."

# tests/grader/alone.ini in place of pyproject.toml's settings (its testpaths: tests/grader);
# --confcutdir keeps tests/conftest.py (Django's fixtures) unloaded.
exec "$python" -m pytest -c tests/grader/alone.ini --rootdir=. --confcutdir=tests/grader "$@"
