#!/usr/bin/env python
"""Django's command-line utility for Unroll."""

import os
import sys
from pathlib import Path

# platform/ is a source root (like src/), appended so it can never shadow the standard
# library's `platform` module, which TensorFlow, Celery and Django import.
sys.path.append(str(Path(__file__).resolve().parent / "platform"))


def never_migrated() -> bool:
    """Whether the database has no migration table at all: a fresh clone before `make run`."""
    from django.db import DatabaseError, connection
    from django.db.migrations.recorder import MigrationRecorder

    try:
        return not MigrationRecorder(connection).has_table()
    except DatabaseError:
        return False  # the server is unreachable, say: the original error tells that better


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unroll.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db import DatabaseError

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as exc:
        # The settings say what to set (SECRET_KEY, DATABASE_URL...): a traceback would bury it.
        sys.exit(f"manage.py: {exc}")
    except DatabaseError as exc:
        if not never_migrated():
            raise
        sys.exit(
            f"manage.py: {exc}: the database has no tables yet. Run `make run` once (it sets everything up), "
            "or `.venv/bin/python manage.py migrate`."
        )


if __name__ == "__main__":
    main()
