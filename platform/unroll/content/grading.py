"""The one place the site calls the grader: every task and command comes here.

Each process holds one warm engine (a TensorFlow-loaded zygote), started on first use or
when the worker starts, and proven isolated before it grades anything (fail closed).

A learner's code is graded on a variant of an exercise: the variant's spec, with the
expectations derived by grading the exercise's reference solution on it. Derivations are
cached per exercise, content and seed (the exercise's `variant_specs`), and this module is
the cache's only reader and writer. An exercise is read through what every published content
and version offers (`uuid`, `content_hash`, `template()`, `solution_code`), so this layer
knows no app above it.
"""

import atexit
import logging
import threading
from dataclasses import dataclass
from urllib.parse import urlparse

from django.conf import settings
from django.db import IntegrityError, transaction

from grader import ExerciseSpec, GradeResult, RunResult, grade, run_code
from grader.engine import WEAK_WARNING, IsolationBroken, WarmEngine
from grader.selftest import prove_isolation, prove_run_accounting
from grader.variants import derive_variant

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


def grade_on_variant(exercise, seed: int, code: str | bytes, version=None) -> GradeResult:
    """Grade code exactly as sent on the exercise's variant `seed` (as at `version`): the path of every
    grading, the Celery task's and `manage.py grade`'s. Raises VariantError when the reference
    solution cannot derive the variant (an exercise bug), EngineFailure when the machinery fails."""
    return grade_code(variant_for(exercise, seed, version).spec, code)


def run_on_variant(exercise, seed: int, code: str | bytes, version=None) -> RunResult:
    """The Run button: run the code on the same variant, engine and limits as a grading of it, no verdict."""
    return run_code(variant_for(exercise, seed, version).spec, code, runner=get_engine())


@dataclass(frozen=True)
class Derived:
    spec: ExerciseSpec
    reference_layers: list[dict]


def variant_for(exercise, seed: int, version=None) -> Derived:
    """The spec a submission on variant `seed` is graded against, and its reference model's layers.

    `version` is the exercise as the learner saw it when submitting (by default, as it is now).
    Derived once per variant and content by grading the reference solution on this worker's engine
    (raises VariantError if it cannot: an exercise bug, which the proof at publishing makes rare),
    then kept. An exercise not in the database (a folder read by `manage.py grade`) is derived
    every time.
    """
    cached = cached_variant(exercise, seed, version)
    if cached is not None:
        return cached
    content = version or exercise
    template = content.template()
    values = template.values(str(exercise.uuid), seed)
    derived = derive_variant(template, values, content.solution_code, get_engine())
    layers = list(derived.reference.layers)
    if exercise.pk is not None:
        keep_variant(exercise, content.content_hash, seed, derived.spec, layers)
    return Derived(derived.spec, layers)


def cached_variant(exercise, seed: int, version=None) -> Derived | None:
    """The variant as a worker derived it for the exercise's current content (or `version`'s), if it has."""
    if exercise.pk is None:
        return None
    content_hash = (version or exercise).content_hash
    cached = exercise.variant_specs.filter(content_hash=content_hash, seed=seed).first()
    return Derived(ExerciseSpec.from_dict(cached.spec), cached.reference_layers) if cached else None


def keep_variant(exercise, content_hash: str, seed: int, spec: ExerciseSpec, layers: list[dict]) -> None:
    try:
        with transaction.atomic():
            exercise.variant_specs.create(
                content_hash=content_hash, seed=seed, spec=spec.as_dict(), reference_layers=layers
            )
    except IntegrityError:
        pass  # another worker derived the same variant at the same moment
