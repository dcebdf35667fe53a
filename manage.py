#!/usr/bin/env python
"""Django's command-line utility for Unroll."""

import os
import sys
from pathlib import Path

# platform/ is a source root (like src/), appended so it can never shadow the standard
# library's `platform` module, which TensorFlow, Celery and Django import.
sys.path.append(str(Path(__file__).resolve().parent / "platform"))


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unroll.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
