"""In Chromium: an instructor opens a course's gradebook, exports it as CSV (a real download) and reads a
learner's submission, with its code, from that learner's page."""

import csv
import io
from pathlib import Path

import pytest

from support import check, graded
from unroll.courses.actions import add_item, create_course
from unroll.courses.models import Enrollment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SHAPE = "output shape"
ALICE_CODE = "from tensorflow.keras.layers import SimpleRNN\nmodel = 'alice forgot return_sequences'\n"


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
    # Graded as a worker would leave them (no grading queue in this test).
    graded(alice, exercises["single-output"], "accepted", 1.0, [check(SHAPE, True)], "model = 'alice solved it'\n")
    wrong = graded(alice, exercises["multiple-output"], "wrong_answer", 0.5, [check(SHAPE, False)], ALICE_CODE)
    base = live_server.url
    log_in(page, client, charlie, base)

    page.goto(f"{base}/courses/")
    page.click(f"tr[data-course='{course.pk}'] >> text=Gradebook")
    page.wait_for_url(f"{base}/courses/{course.pk}/gradebook/")
    row = page.locator("tr[data-learner=alice]")
    assert row.locator("td.total").inner_text() == "75%"

    with page.expect_download() as download_info:
        page.click("#export-csv")
    download = download_info.value
    assert download.suggested_filename == "gradebook-recurrent-layers.csv"
    header, *rows = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert header[:3] == ["learner", "email", f"1. {exercises['single-output'].title} (exercise): score"]
    assert header[-1] == "total"
    assert len(rows) == 1
    assert rows[0][:4] == ["alice", "alice@example.com", "100%", "1"]
    assert rows[0][-1] == "75%"

    row.locator("th a").click()
    page.wait_for_url(f"{base}/courses/{course.pk}/learners/{alice.pk}/")
    page.click(f"li[data-id='{wrong.pk}'] >> text=#{wrong.pk}")
    page.wait_for_url(f"{base}/submissions/{wrong.pk}/")
    assert page.locator("pre.code code").first.inner_text().strip() == ALICE_CODE.strip()
    assert page.locator(".verdict").first.inner_text() == "Wrong answer"  # the verdict's label, never its id

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "gradebook-submission.png"))
