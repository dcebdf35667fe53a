"""In Chromium: an instructor opens a course's gradebook, exports it as CSV (a real download) and reads a
learner's submission, with its code, from that learner's page."""

import csv
import io
from pathlib import Path

import pytest
from django.utils import timezone

from unroll.courses.actions import add_item, create_course
from unroll.courses.models import Enrollment
from unroll.progress.models import Progress
from unroll.submissions.models import Submission

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ALICE_CODE = "from tensorflow.keras.layers import SimpleRNN\nmodel = 'alice forgot return_sequences'\n"


def graded_submission(learner, exercise, verdict: str, score: float, code: str) -> Submission:
    """A submission as a worker leaves it (rows written directly: no grading queue in this test)."""
    submission = Submission.objects.create(
        learner=learner,
        exercise=exercise,
        code=code,
        status=Submission.Status.DONE,
        verdict=verdict,
        score=score,
        checks=[{"name": "output shape", "passed": verdict == "accepted", "message": ""}],
        graded_at=timezone.now(),
    )
    progress, _ = Progress.objects.get_or_create(learner=learner, exercise=exercise)
    progress.count_graded(submission)
    progress.save()
    return submission


def log_in(page, client, user, base_url: str) -> None:
    client.force_login(user)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}])


def test_an_instructor_exports_the_gradebook_and_reads_a_learners_submission(
    live_server, page, client, charlie, alice, exercises
):
    course = create_course(charlie, "Recurrent layers")
    add_item(course, exercise=exercises["single-output"])
    add_item(course, exercise=exercises["multiple-output"])
    Enrollment.objects.create(course=course, learner=alice)
    graded_submission(alice, exercises["single-output"], "accepted", 1.0, "model = 'alice solved it'\n")
    wrong = graded_submission(alice, exercises["multiple-output"], "wrong_answer", 0.5, ALICE_CODE)
    base = live_server.url
    log_in(page, client, charlie, base)

    page.goto(f"{base}/courses/")
    page.click(f"tr[data-course='{course.pk}'] >> text=Gradebook")
    page.wait_for_url(f"{base}/courses/{course.pk}/gradebook/")
    row = page.locator("tr[data-learner=alice]")
    assert "1.50 / 2" in row.locator("td.total").inner_text()

    with page.expect_download() as download_info:
        page.click("#export-csv")
    download = download_info.value
    assert download.suggested_filename == "gradebook-recurrent-layers.csv"
    header, *rows = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert header[:3] == ["learner", "email", f"1. {exercises['single-output'].title} (exercise): score"]
    assert header[-1] == "total"
    assert len(rows) == 1
    assert rows[0][:4] == ["alice", "alice@example.com", "1.00", "1"]
    assert rows[0][-1] == "1.50"

    row.locator("th a").click()
    page.wait_for_url(f"{base}/courses/{course.pk}/learners/{alice.pk}/")
    page.click(f"li[data-id='{wrong.pk}'] >> text=#{wrong.pk}")
    page.wait_for_url(f"{base}/submissions/{wrong.pk}/")
    assert page.locator("pre.code code").first.inner_text().strip() == ALICE_CODE.strip()
    assert "wrong answer" in page.locator(".verdict").first.inner_text().replace("_", " ")

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "gradebook-submission.png"))
