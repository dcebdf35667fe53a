#!/bin/sh
# Unroll's container entrypoint.
#
#   entrypoint.sh web [gunicorn args...]     wait for the database, migrate, sync the
#                                            exercises, then serve on 0.0.0.0:8000
#   entrypoint.sh worker [celery args...]    wait for the database, then grade
#   entrypoint.sh manage.py COMMAND ...      a management command (createsuperuser, grade, ...)
#   entrypoint.sh ANYTHING ...               run as given
#
# Knobs (all optional): WEB_CONCURRENCY (gunicorn workers, 2), GUNICORN_TIMEOUT (seconds, 60),
# GRADER_CONCURRENCY (gradings at once per worker container, 2), DB_WAIT_TRIES (30) and
# DB_WAIT_DELAY (seconds between tries, 2).
set -eu

# The repository root: /app in the image, wherever the checkout is otherwise.
APP_DIR=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)
cd "$APP_DIR"
export PYTHONPATH="${PYTHONPATH:-$APP_DIR/platform:$APP_DIR}"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-unroll.settings}"

say() {
    echo "entrypoint: $*" >&2
}

refuse_placeholder_secret() {
    case "${SECRET_KEY:-}" in
        change-me*)
            say "SECRET_KEY is still the placeholder from .env.example; set a real one in .env, e.g. the output of:"
            say "  python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
            exit 1
            ;;
    esac
}

# Exit status 0: connected; 1: not reachable (yet); 2: the settings themselves are broken,
# which waiting will not fix.
database_ready() {
    PGCONNECT_TIMEOUT="${PGCONNECT_TIMEOUT:-5}" python - <<'PY'
import sys

try:
    import django

    django.setup()
    from django.db import connection
except Exception as exc:
    print(f"entrypoint: cannot load the Django settings: {exc!r}", file=sys.stderr)
    sys.exit(2)
try:
    connection.ensure_connection()
except Exception as exc:
    reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    print(f"entrypoint: database not reachable yet: {reason}", file=sys.stderr)
    sys.exit(1)
PY
}

wait_for_database() {
    tries="${DB_WAIT_TRIES:-30}"
    delay="${DB_WAIT_DELAY:-2}"
    attempt=1
    while :; do
        status=0
        database_ready || status=$?
        case "$status" in
            0) return 0 ;;
            1) ;;
            *)
                say "giving up: fix the configuration above (the .env file)"
                exit "$status"
                ;;
        esac
        if [ "$attempt" -ge "$tries" ]; then
            say "the database is still unreachable after $tries tries, $delay s apart:"
            say "check that it is running and that DATABASE_URL (or POSTGRES_USER/POSTGRES_PASSWORD/POSTGRES_DB) is right"
            exit 1
        fi
        say "waiting for the database ($attempt/$tries)"
        attempt=$((attempt + 1))
        sleep "$delay"
    done
}

# The web container applies the migrations; a worker waits for them before it syncs.
wait_for_migrations() {
    tries="${DB_WAIT_TRIES:-30}"
    attempt=1
    until python manage.py migrate --check >/dev/null 2>&1; do
        if [ "$attempt" -ge "$tries" ]; then
            say "the database schema is still not migrated after $tries tries: is the web container running?"
            exit 1
        fi
        say "waiting for the web container to migrate the database ($attempt/$tries)"
        attempt=$((attempt + 1))
        sleep "${DB_WAIT_DELAY:-2}"
    done
}

role="${1:-web}"
if [ "$#" -gt 0 ]; then shift; fi

case "$role" in
    web)
        refuse_placeholder_secret
        wait_for_database
        python manage.py migrate --noinput
        exec gunicorn unroll.wsgi:application \
            --bind 0.0.0.0:8000 \
            --workers "${WEB_CONCURRENCY:-2}" \
            --timeout "${GUNICORN_TIMEOUT:-60}" \
            --worker-tmp-dir /dev/shm \
            --access-logfile - \
            "$@"
        ;;
    worker)
        refuse_placeholder_secret
        wait_for_database
        wait_for_migrations
        # Publishing an exercise means grading its own answers in the sandbox, which only a
        # worker has: new or changed folders are proven here (unchanged ones are skipped).
        python manage.py sync_exercises
        # Likewise a quiz's predict answers are computed by running its snippets in the sandbox.
        python manage.py sync_quizzes
        # Threads, not processes: they share the worker's one warm grading process, which
        # forks a fresh sandbox per submission (see grader/README.md).
        exec celery -A unroll worker \
            --pool threads \
            --concurrency "${GRADER_CONCURRENCY:-2}" \
            --loglevel info \
            "$@"
        ;;
    manage.py)
        exec python manage.py "$@"
        ;;
    *)
        exec "$role" "$@"
        ;;
esac
