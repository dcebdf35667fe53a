"""The gradebook as CSV: the page's data, one row per learner, overrides marked, safe to open in a spreadsheet."""

import csv
import io
from datetime import timedelta

from course_factories import item_of, quiz_progress
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from support import graded
from unroll.content.scores import score_text
from unroll.courses.actions import override_score
from unroll.courses.models import Enrollment
from unroll.progress.actions import reveal_hint


def export(client, course):
    return client.get(reverse("courses:gradebook_csv", args=[course.pk]))


def rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_csv_holds_a_row_per_learner_with_every_cell_and_the_total(client, charlie, alice, course, exercises, quiz):
    late = item_of(course, exercises["multiple-output"])
    late.due_at = timezone.now() - timedelta(days=1)
    late.save()
    graded(alice, exercises["single-output"], "accepted", 1.0)
    reveal_hint(alice, exercises["multiple-output"])
    graded(alice, exercises["multiple-output"], "wrong_answer", 0.25)
    quiz_progress(alice, quiz, attempts=2, best_score=0.5, solved=False)
    override_score(item_of(course, quiz), alice, charlie, 0.75, "regraded question 3")
    client.force_login(charlie)

    response = export(client, course)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="gradebook-recurrent-layers.csv"'
    header, *rows = rows_of(response)
    single, multiple = exercises["single-output"].title, exercises["multiple-output"].title
    assert header == [
        "learner",
        "email",
        f"1. {single} (exercise): score",
        f"1. {single} (exercise): attempts",
        f"1. {single} (exercise): due",
        f"1. {single} (exercise): overridden",
        f"1. {single} (exercise): hints",
        f"2. {multiple} (exercise): score",
        f"2. {multiple} (exercise): attempts",
        f"2. {multiple} (exercise): due",
        f"2. {multiple} (exercise): overridden",
        f"2. {multiple} (exercise): hints",
        f"3. {quiz.title} (quiz): score",
        f"3. {quiz.title} (quiz): attempts",
        f"3. {quiz.title} (quiz): due",
        f"3. {quiz.title} (quiz): overridden",
        "total",
    ]
    assert rows == [
        [
            "alice",
            "alice@example.com",
            "100%",
            "1",
            "",
            "",
            "0",
            "25%",
            "1",
            "late",
            "",
            "1",
            "75%",
            "2",
            "",
            "overridden",
            "67%",
        ]
    ]


def test_the_csv_matches_the_page_and_its_default_order(client, charlie, course, exercises):
    for name in ("zoe", "mia"):
        learner = User.objects.create_user(name, f"{name}@example.com", "pw")
        Enrollment.objects.create(course=course, learner=learner)
        graded(learner, exercises["single-output"], "wrong_answer", 0.5)
    client.force_login(charlie)

    page_rows = client.get(reverse("courses:gradebook", args=[course.pk])).context["rows"]
    _, *csv_rows = rows_of(export(client, course))

    assert [row[0] for row in csv_rows] == [row.learner.username for row in page_rows] == ["alice", "mia", "zoe"]
    assert [row[-1] for row in csv_rows] == [score_text(row.course_score) for row in page_rows] == ["0%", "17%", "17%"]


def test_text_a_spreadsheet_would_run_as_a_formula_is_quoted(client, charlie, course):
    sneaky = User.objects.create_user("+cmd", "=HYPERLINK(1)@example.com", "pw")
    Enrollment.objects.create(course=course, learner=sneaky)
    client.force_login(charlie)

    _, *rows = rows_of(export(client, course))

    assert ["'+cmd", "'=HYPERLINK(1)@example.com"] in [row[:2] for row in rows]


def test_an_empty_course_exports_its_header_only(client, charlie, course):
    course.enrollments.all().delete()
    client.force_login(charlie)

    assert len(rows_of(export(client, course))) == 1
