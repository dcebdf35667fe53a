#!/usr/bin/env bash
# Set up and run the test suite: lint, migrations check, then pytest.
# With arguments, they all go to one pytest in .venv, as they always did (e.g. `scripts/test.sh -m "not browser"`,
# or `scripts/test.sh tests/grader`, which then runs the grader's tests beside Django). With none, each test
# runs once, in two parts: every test but the grader's in .venv, then tests/grader alone, in a venv where
# Django cannot be imported (scripts/test_grader_alone.sh). The second part runs even when the first fails;
# the script exits with the first failure's status.
# The suite uses PostgreSQL and Redis on 127.0.0.1 and Debian's Chromium; with CI=true a missing
# one is a failure, elsewhere the tests that need it are skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup_venv.sh requirements-dev.txt

if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Chromium for the browser tests…"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || echo "Could not install chromium; browser tests will not run." >&2
fi
# axe-core (npm, pinned in package-lock.json), which the browser tests load into every page they reach.
scripts/setup_node_modules.sh || echo "Could not install node_modules; the accessibility checks will not run." >&2

export PYTHONPATH="$PWD:$PWD/platform${PYTHONPATH:+:$PYTHONPATH}"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
DEBUG=true SECRET_KEY=makemigrations-check DATABASE_URL=sqlite:///:memory: \
  .venv/bin/python manage.py makemigrations --check --dry-run >/dev/null \
  || { echo "Models changed without a migration: run manage.py makemigrations" >&2; exit 1; }
if [ $# -gt 0 ]; then
  exec .venv/bin/python -m pytest "$@"
fi
status=0
.venv/bin/python -m pytest --ignore=tests/grader || status=$?
scripts/test_grader_alone.sh || { alone=$?; [ "$status" != 0 ] || status=$alone; }
exit "$status"
