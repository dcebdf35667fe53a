"""How long a big class's gradebook takes: 500 learners × 20 items, in a throwaway database.

Builds a course of 15 exercises and 5 quizzes (some due in the past, some overridden scores),
500 learners with a progress row on every exercise and quiz and two graded submissions per
exercise (one failing checks, then one accepted for most), then renders through Django's full
request stack, as the course's instructor: the gradebook page, its CSV export and, for
comparison, the statistics page and a learner's dashboard. Prints the median and worst of a few
runs and the queries each made; the target is under 1 s for the page and the CSV.

The database is a fresh SQLite file in a temporary directory by default (nothing to install), or,
with --postgres URL (e.g. postgres://postgres@127.0.0.1:5432/postgres), a database named
`unroll_bench_gradebook` created on that server and dropped at the end.

    .venv/bin/python benchmarks/gradebook.py [--learners 500] [--runs 5] [--postgres URL]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse, urlunparse

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "platform")]

BENCH_DATABASE = "unroll_bench_gradebook"
EXERCISES, QUIZZES = 15, 5
TARGET_SECONDS = 1.0


def configure_django(database_url: str, var_dir: str) -> None:
    """The real settings, pointed at the throwaway database; no broker, no e-mail, quiet logs."""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "unroll.settings",
            "DEBUG": "false",
            "PLAIN_HTTP": "true",  # the test client asks over http://
            "SECRET_KEY": "benchmark-only",
            "STATIC_MANIFEST": "false",
            "DATABASE_URL": database_url,
            "UNROLL_VAR_DIR": var_dir,
            "STATIC_ROOT": var_dir,
            "CELERY_BROKER_URL": "memory://",
            "LOG_LEVEL": "WARNING",
        }
    )
    import django

    django.setup()


def server_url(url: str, database: str) -> str:
    return urlunparse(urlparse(url)._replace(path=f"/{database}"))


def recreate_postgres_database(url: str, drop_only: bool = False) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}"')
        if not drop_only:
            connection.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')


def build_class(learners: int) -> tuple:
    """The course, its instructor and one learner: every row written with bulk_create."""
    from django.contrib.auth.models import User
    from django.utils import timezone

    from unroll.catalog.models import Exercise
    from unroll.courses.models import Course, CourseItem, Enrollment, ScoreOverride
    from unroll.progress.models import Progress
    from unroll.quizzes.models import Quiz, QuizProgress
    from unroll.submissions.models import Submission

    now = timezone.now()
    instructor = User.objects.create_user("instructor", is_staff=True)
    course = Course.objects.create(title="Benchmark course", created_by=instructor)
    course.instructors.add(instructor)
    exercises = Exercise.objects.bulk_create(
        Exercise(
            slug=f"bench-{n}",
            title=f"Exercise {n}",
            topic=f"topic {n % 4}",
            order=n,
            statement="-",
            starter_code="-",
            solution_code="-",
            spec={},
        )
        for n in range(EXERCISES)
    )
    quizzes = Quiz.objects.bulk_create(
        Quiz(slug=f"bench-quiz-{n}", title=f"Quiz {n}", topic=f"topic {n % 4}", order=n) for n in range(QUIZZES)
    )
    contents = [{"exercise": e} for e in exercises] + [{"quiz": q} for q in quizzes]
    items = CourseItem.objects.bulk_create(
        CourseItem(course=course, position=n, due_at=now - timedelta(days=1) if n % 3 == 0 else None, **content)
        for n, content in enumerate(contents)
    )
    people = User.objects.bulk_create(
        User(username=f"learner{n:04}", email=f"l{n}@example.com") for n in range(learners)
    )
    Enrollment.objects.bulk_create(Enrollment(course=course, learner=learner) for learner in people)

    failing = [
        {"name": "output shape", "passed": False, "message": "(1, 4) instead of (1, 3, 4)"},
        {"name": "units", "passed": True, "message": ""},
    ]
    passing = [{**check, "passed": True} for check in failing]
    submissions = []
    for learner in people:
        for exercise in exercises:
            submissions.append(
                Submission(
                    learner=learner,
                    exercise=exercise,
                    code="model = None\n",
                    status="done",
                    verdict="wrong_answer",
                    score=0.5,
                    checks=failing,
                    graded_at=now,
                )
            )
            if (learner.pk + exercise.pk) % 5:  # four in five solve it on their second try
                submissions.append(
                    Submission(learner=learner, exercise=exercise, code="model = 1\n", status="done",
                               verdict="accepted", score=1.0, checks=passing, graded_at=now)
                )  # fmt: skip
    submissions = Submission.objects.bulk_create(submissions, batch_size=2000)
    last = {(s.learner_id, s.exercise_id): s for s in submissions}  # the later one of each pair
    Progress.objects.bulk_create(
        (
            Progress(
                learner_id=learner_id,
                exercise_id=exercise_id,
                attempts=2 if s.verdict == "accepted" else 1,
                best_score=s.score,
                first_solved_at=s.graded_at if s.verdict == "accepted" else None,
                hints_revealed=(learner_id + exercise_id) % 3,
                last_submission=s,
            )
            for (learner_id, exercise_id), s in last.items()
        ),
        batch_size=2000,
    )
    QuizProgress.objects.bulk_create(
        (
            QuizProgress(learner=learner, quiz=quiz, attempts=1 + n % 3, best_score=0.75, last_attempt_at=now,
                         first_solved_at=now if n % 2 else None)
            for learner in people
            for n, quiz in enumerate(quizzes)
        ),
        batch_size=2000,
    )  # fmt: skip
    ScoreOverride.objects.bulk_create(
        ScoreOverride(item=items[n % len(items)], learner=people[n], score=1.0, reason="benchmark", by=instructor)
        for n in range(0, learners, 10)
    )
    return course, instructor, people[0], len(submissions)


def measure(client, url: str, runs: int) -> tuple[list[float], int, int]:
    """Seconds of each run (after one warm-up), the queries of one run, and the response size."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    queries = len(captured)  # now: the next request clears the connection's query log
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
    return times, queries, len(response.content)


def run(args) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    course, instructor, learner, submission_count = build_class(args.learners)
    print(
        f"database: {connection.vendor} ({connection.settings_dict['NAME']}); "
        f"{args.learners} learners × {EXERCISES + QUIZZES} items ({EXERCISES} exercises, {QUIZZES} quizzes), "
        f"{submission_count} submissions; built in {time.perf_counter() - started:.1f} s"
    )
    teacher, student = Client(HTTP_HOST="localhost"), Client(HTTP_HOST="localhost")
    teacher.force_login(instructor)
    student.force_login(learner)
    pages = [
        ("gradebook page", teacher, reverse("courses:gradebook", args=[course.pk]) + "?sort=-total", True),
        ("gradebook CSV", teacher, reverse("courses:gradebook_csv", args=[course.pk]), True),
        ("statistics page", teacher, reverse("courses:statistics", args=[course.pk]), False),
        ("learner dashboard", student, reverse("courses:dashboard", args=[course.pk]), False),
    ]
    failed = False
    for name, client, url, has_target in pages:
        times, queries, size = measure(client, url, args.runs)
        median, worst = statistics.median(times), max(times)
        verdict = ""
        if has_target:
            ok = worst < TARGET_SECONDS
            failed |= not ok
            verdict = f"  target < {TARGET_SECONDS:.0f} s: {'met' if ok else 'MISSED'}"
        print(
            f"{name:18} median {median * 1000:7.1f} ms  worst {worst * 1000:7.1f} ms  {queries:2d} queries  {size / 1024:7.0f} KB{verdict}"
        )
    if failed:
        sys.exit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--postgres", metavar="URL", help="a PostgreSQL server to create the throwaway database on")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="unroll-bench-gradebook-") as var_dir:
        if args.postgres:
            recreate_postgres_database(args.postgres)
            database_url = server_url(args.postgres, BENCH_DATABASE)
        else:
            database_url = f"sqlite:///{var_dir}/bench.sqlite3"
        configure_django(database_url, var_dir)
        try:
            run(args)
        finally:
            if args.postgres:
                from django.db import connections

                connections.close_all()
                recreate_postgres_database(args.postgres, drop_only=True)


if __name__ == "__main__":
    main()
