#!/usr/bin/env bash
# The quick start: set everything up and run Unroll (site + grading worker) on this machine.
# SQLite and an embedded filesystem Celery transport: no server to install.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup_venv.sh requirements.txt

export DEBUG=${DEBUG:-true}
export UNROLL_VAR_DIR=${UNROLL_VAR_DIR:-$PWD/var}
export PYTHONPATH="$PWD:$PWD/platform${PYTHONPATH:+:$PYTHONPATH}"
host=${HOST:-127.0.0.1}
port=${PORT:-8000}
mkdir -p "$UNROLL_VAR_DIR/queue" "$UNROLL_VAR_DIR/processed" "$UNROLL_VAR_DIR/control"

py=.venv/bin/python
$py manage.py migrate --noinput -v0
$py manage.py collectstatic --noinput -v0
$py manage.py sync_exercises
$py manage.py sync_quizzes

.venv/bin/celery -A unroll worker --pool=solo --loglevel=INFO -n quickstart@%h >"$UNROLL_VAR_DIR/worker.log" 2>&1 &
worker=$!
trap 'kill $worker 2>/dev/null; wait $worker 2>/dev/null' EXIT INT TERM

cat <<MSG

  Unroll is running at http://$host:$port/
  A grading worker runs beside it (log: $UNROLL_VAR_DIR/worker.log).
  Logins:
$($py manage.py create_demo_users)
  Password-reset e-mails are printed in this terminal. Stop with Ctrl+C.

MSG
$py manage.py runserver "$host:$port" --noreload
