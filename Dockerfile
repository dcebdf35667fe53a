# Unroll: one image for the web server and the grading workers.
#
#   docker compose up -d                       # web + 1 worker + PostgreSQL + Redis
#   docker compose up -d --scale worker=4      # more graders
#
# The container's first argument picks the role (see docker/entrypoint.sh):
#   web (default) | worker | anything else, run as given (e.g. `manage.py createsuperuser`).
FROM python:3.11-slim

# platform/ is a source root (the `unroll` package lives in it) and grader/ sits at /app.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app/platform:/app \
    DJANGO_SETTINGS_MODULE=unroll.settings \
    STATIC_ROOT=/app/staticfiles \
    UNROLL_VAR_DIR=/app/var \
    EXERCISES_DIR=/app/exercises \
    QUIZZES_DIR=/app/quizzes

WORKDIR /app

# A fixed, non-root uid so bind mounts and volumes can be given to it predictably.
RUN groupadd --system --gid 10001 unroll \
 && useradd --system --uid 10001 --gid unroll --home-dir /home/unroll --create-home \
        --shell /usr/sbin/nologin unroll

# libseccomp: the grading sandbox's per-run system-call filter (pyseccomp loads it).
RUN apt-get update \
 && apt-get install -y --no-install-recommends libseccomp2 \
 && rm -rf /var/lib/apt/lists/*

# Dependencies first: this layer (TensorFlow is most of the image) survives code changes.
COPY requirements.txt /app/requirements.txt
RUN pip install --no-cache-dir -r /app/requirements.txt

# The code stays owned by root, read-only for the app user; only var/ is writable.
COPY . /app

# Static files (Django admin, django-ace's editor, the site's own) are collected and
# fingerprinted at build time and served by whitenoise. collectstatic needs the settings to
# import, hence a throwaway SECRET_KEY that exists for this one command only.
RUN chmod 0755 /app/docker/entrypoint.sh \
 && mkdir -p /app/var \
 && chown unroll:unroll /app/var \
 && SECRET_KEY=build-only-collectstatic-not-a-secret python manage.py collectstatic --noinput

USER unroll

EXPOSE 8000

# Probes the web server; docker-compose.yml gives the worker a Celery ping instead.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["python", "/app/docker/healthcheck.py", "web"]

ENTRYPOINT ["/app/docker/entrypoint.sh"]
# gunicorn on 0.0.0.0:8000, after waiting for the database, migrating and syncing exercises.
CMD ["web"]
