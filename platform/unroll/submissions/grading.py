"""The one place the site calls the grader: the Celery task and `manage.py grade` both come here.

Each process holds one warm engine (a TensorFlow-loaded zygote), started on first use or
when the worker starts, and proven isolated before it grades anything (fail closed).
"""

import atexit
import logging
import threading
from urllib.parse import urlparse

from django.conf import settings

from grader import ExerciseSpec, GradeResult, grade
from grader.engine import WEAK_WARNING, IsolationBroken, WarmEngine
from grader.selftest import prove_isolation, prove_run_accounting
from unroll.catalog.variants import Derived, derived_variant

logger = logging.getLogger(__name__)

_engine: WarmEngine | None = None
_engine_lock = threading.Lock()
DOCKER_HINT = (
    " In Docker, run the worker with the seccomp profile docker/seccomp-worker.json (see README, "
    "'Self-hosting'); for development only, GRADER_ALLOW_UNSAFE=true grades without the sandbox."
)


def service_ports() -> list[int]:
    """The ports of everything the worker talks to: none may be reachable from a submission."""
    ports = {5432, 6379, 5672, 8000}
    broker_port = urlparse(settings.CELERY_BROKER_URL).port
    database_port = settings.DATABASES["default"].get("PORT")
    ports.update(int(port) for port in (broker_port, database_port) if port)
    return sorted(ports)


def secret_paths() -> list[str]:
    """Files a submission must never read: the settings, the SQLite database, the shadow file."""
    paths = [
        str(settings.BASE_DIR / "platform" / "unroll" / "settings.py"),
        str(settings.GENERATED_SECRET_KEY_FILE),
        "/etc/shadow",
    ]
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        paths.append(str(settings.DATABASES["default"]["NAME"]))
    return paths


def start_engine() -> WarmEngine:
    engine = WarmEngine(slots=settings.GRADER_CONCURRENCY, weak=settings.GRADER_ALLOW_UNSAFE).start()
    if engine.weak:
        logger.warning(WEAK_WARNING)
        return engine
    problems: list[str] = []
    # The isolation probe runs while the accounting proof's hostile run holds its threads.
    problems += prove_run_accounting(
        engine, meanwhile=lambda: problems.extend(prove_isolation(engine, service_ports(), secret_paths()))
    )
    if problems:
        engine.close()
        raise IsolationBroken("the grading sandbox does not hold: " + "; ".join(problems) + "." + DOCKER_HINT)
    logger.info(
        "grading sandbox proven: no network, no secrets, no other processes, read-only system; "
        "a run's limits count that run alone (%s)",
        engine.accounting,
    )
    return engine


def get_engine() -> WarmEngine:
    global _engine
    with _engine_lock:
        if _engine is None:
            _engine = start_engine()
            atexit.register(_engine.close)
    return _engine


def grade_code(spec: ExerciseSpec, code: str | bytes) -> GradeResult:
    return grade(spec, code, runner=get_engine())


def variant_for(exercise, seed: int, version=None) -> Derived:
    """The exercise's variant `seed` (as at `version`, by default now): its spec and reference model,
    derived by this worker's engine."""
    return derived_variant(exercise, seed, get_engine(), version)
