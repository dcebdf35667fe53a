"""Scores reach the LMS (Assignment and Grade Services) against the real test LMS, through a real Celery worker:
a learner launched from the LMS is graded, and the score arrives at the LMS's line item; an instructor's
override arrives; while the LMS is down scores wait, and when it is back each current score arrives once,
the latest standing; the gradebook says which scores the LMS has."""

import collections
import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from tool_setup import register_with

from support import WorkerProcess, graded, wait_until, worker_database_url
from unroll.courses.actions import override_score, set_item_dates
from unroll.courses.models import CourseItem
from unroll.lti import ags, tasks
from unroll.lti.models import LinkedCourse, ScoreToSend

pytestmark = [pytest.mark.worker, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

COURSE = {"context_id": "course-ags", "context_title": "Graded course"}
ADA = {"user_id": "lms-ada", "name": "Ada Lovelace", "email": "ada@uni.example", "roles": "Learner"}
BOB = {"user_id": "lms-bob", "name": "Bob Byron", "email": "bob@uni.example", "roles": "Learner"}
TEACHER = {"user_id": "lms-teacher", "name": "Alan Turing", "email": "alan@uni.example", "roles": "Instructor"}
SLUG = "single-output"
LINK = "link-ags-1"
ARRIVAL = 90  # seconds for a score to reach the LMS: a lost message is sent again by the sweeper after 60


@pytest.fixture(scope="module")
def lti_worker(django_db_setup, django_db_blocker, redis_url):
    """A Celery worker of this module's own (its sweeper resends scores), stopped when the module ends."""
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    worker = WorkerProcess(worker_database_url(), redis_url, name="lti-grades")
    worker.wait_ready()
    yield worker
    worker.stop()


@pytest.fixture
def lms(test_lms, live_server, exercises, lti_worker):
    test_lms.unroll = register_with(test_lms, live_server.url)
    test_lms.worker = lti_worker
    # The LMS's grade column for the link, as deep linking leaves it: out of 100, Unroll's resource id.
    test_lms.column = test_lms.create_lineitem(
        COURSE["context_id"], "Single output", 100, resourceLinkId=LINK, resourceId=f"exercise:{SLUG}", tag="unroll"
    )
    return test_lms


def launch(lms, person: dict, link: str = LINK, target: str = f"exercise:{SLUG}") -> User:
    response = lms.launch_form(**person, **COURSE, resource_link_id=link, custom={"unroll": target}).submit()
    assert response.status_code == 200, response.text[:500]
    return User.objects.get(lti_users__sub=person["user_id"])


def standing(lms, person: dict, column: str) -> dict | None:
    """The score the LMS keeps for the person in the column (None before any)."""
    return lms.gradebook().get(column, {}).get(person["user_id"])


def wait_for_score(lms, person: dict, column: str, score_given: float) -> dict:
    def arrived():
        grade = standing(lms, person, column)
        return grade if grade and grade.get("scoreGiven") == score_given else None

    return wait_until(
        arrived,
        ARRIVAL,
        f"{person['user_id']}'s score {score_given} at the LMS",
        every=0.5,
        details=lambda: (
            f"LMS: {lms.scores()[-5:]}; rows: {list(ScoreToSend.objects.values())}; "
            f"worker: {''.join(lms.worker.log[-30:])}"
        ),
    )


def item_of(exercises) -> CourseItem:
    return CourseItem.objects.get(exercise=exercises[SLUG])


def gradebook_cell(client, teacher: User, learner: User, item: CourseItem) -> str:
    client.force_login(teacher)
    page = client.get(reverse("courses:gradebook", args=[item.course_id])).content.decode()
    row = re.search(rf'<tr data-learner="{re.escape(learner.username)}">(.*?)</tr>', page, re.S).group(1)
    return re.search(rf'<td class="cell[^"]*" data-item="{item.pk}">(.*?)</td>', row, re.S).group(1)


def test_a_graded_submission_arrives_at_the_lms_line_item(lms, exercises):
    ada = launch(lms, ADA)

    graded(ada, exercises[SLUG], "accepted", 1.0)

    grade = wait_for_score(lms, ADA, lms.column["id"], 100)
    row = ScoreToSend.objects.get(learner=ada)
    assert grade["scoreMaximum"] == 100  # the line item's maximum, read from the LMS before the first score
    assert grade["activityProgress"] == "Completed" and grade["gradingProgress"] == "FullyGraded"
    assert grade["timestamp"] == row.changed_at.isoformat()
    assert "comment" not in grade  # not late
    wait_until(lambda: ScoreToSend.objects.get(pk=row.pk).is_current, 10, "the row to be recorded as sent")
    row.refresh_from_db()
    assert (row.sent_score, row.sent_late, row.sent_changed_at) == (1.0, False, row.changed_at)


def test_an_instructors_override_and_a_late_flag_arrive(lms, exercises, client):
    ada = launch(lms, ADA)
    teacher = launch(lms, TEACHER)
    graded(ada, exercises[SLUG], "wrong_answer", 0.5)
    wait_for_score(lms, ADA, lms.column["id"], 50)

    item = item_of(exercises)
    override_score(item, ada, teacher, 0.75, "partial credit for the write-up")
    wait_for_score(lms, ADA, lms.column["id"], 75)

    # The due date moves before the work: the work is now late, and the LMS is told so.
    set_item_dates(item, None, timezone.now() - timezone.timedelta(days=3))
    grade = wait_until(
        lambda: (
            (standing(lms, ADA, lms.column["id"]) or {}).get("comment") == "Late"
            and standing(lms, ADA, lms.column["id"])
        ),
        ARRIVAL,
        "the late flag at the LMS",
    )
    assert grade["scoreGiven"] == 75
    assert "✓ in LMS" in gradebook_cell(client, teacher, ada, item)


def test_a_line_item_the_launch_did_not_name_is_found_in_the_lms(lms, exercises):
    # A link the LMS made without a grade column of its own; the column deep linking made has Unroll's resource id.
    ada = launch(lms, ADA, link="link-without-column")

    graded(ada, exercises[SLUG], "accepted", 1.0)

    wait_for_score(lms, ADA, lms.column["id"], 100)
    assert [item["id"] for item in lms.lineitems()] == [lms.column["id"]]  # found, not made again


def test_a_line_item_the_lms_has_not_is_created(lms, exercises):
    ada = launch(lms, ADA, link="quiz-less-link", target="exercise:multiple-output")

    graded(ada, exercises["multiple-output"], "accepted", 1.0)

    def made():
        return next((item for item in lms.lineitems() if item.get("resourceId") == "exercise:multiple-output"), None)

    column = wait_until(made, ARRIVAL, "Unroll's new grade column in the LMS")
    assert column["resourceLinkId"] == "quiz-less-link" and column["scoreMaximum"] == 100
    wait_for_score(lms, ADA, column["id"], 100)


def test_scores_changed_while_the_lms_is_down_all_arrive_once_and_the_latest_wins(lms, exercises, client):
    ada, bob, teacher = launch(lms, ADA), launch(lms, BOB), launch(lms, TEACHER)
    item = item_of(exercises)
    lms.set_down(True)

    graded(ada, exercises[SLUG], "wrong_answer", 0.5)
    first_ada = ScoreToSend.objects.get(learner=ada)
    graded(bob, exercises[SLUG], "accepted", 1.0)
    override_score(item, ada, teacher, 0.9, "regraded by hand")

    # The worker tried, failed, and says so in the gradebook; nothing reached the LMS.
    wait_until(
        lambda: ScoreToSend.objects.filter(tries__gte=1).count() == 2, ARRIVAL, "both rows to fail while it is down"
    )
    waiting = gradebook_cell(client, teacher, ada, item)
    assert "waiting to send" in waiting and "503" in waiting, waiting
    assert lms.gradebook() == {}

    lms.set_down(False)

    wait_for_score(lms, ADA, lms.column["id"], 90)
    wait_for_score(lms, BOB, lms.column["id"], 100)
    wait_until(lambda: all(row.is_current for row in ScoreToSend.objects.all()), 10, "both rows recorded as sent")
    posts = lms.scores()
    sent = collections.Counter((post["userId"], post["timestamp"]) for post in posts)
    assert set(sent.values()) == {1}, sent  # each value once
    assert all(post["outcome"] == "applied" for post in posts), posts
    assert "✓ in LMS" in gradebook_cell(client, teacher, ada, item)

    # A retry of the older value arriving late (as from a sender stalled before the LMS went down) loses.
    ada_row = ScoreToSend.objects.get(learner=ada)
    stale = ags.ScorePost("lms-ada", first_ada.score, False, first_ada.changed_at, 100)
    assert ags.post_score(ada_row.line_item.context, lms.column["id"], stale) is False  # 409: the LMS keeps its own
    assert standing(lms, ADA, lms.column["id"])["scoreGiven"] == 90
    # And a duplicate message for a row the LMS has sends nothing.
    tasks.send_score.apply(args=[ada_row.pk])
    assert len(lms.scores()) == len(posts) + 1  # only the stale POST above


def test_learners_the_lms_does_not_know_get_no_rows(lms, exercises, alice):
    launch(lms, ADA)
    course = LinkedCourse.objects.get(context__id_on_platform=COURSE["context_id"]).course
    course.enrollments.create(learner=alice)  # joined with the code, never launched from the LMS

    graded(alice, exercises[SLUG], "accepted", 1.0)

    assert not ScoreToSend.objects.filter(learner=alice).exists()


def test_a_quiz_attempt_arrives_at_the_lms_line_item(lms, exercises):
    from support import published_quiz
    from unroll.quizzes.actions import submit_attempt

    quiz = published_quiz()
    column = lms.create_lineitem(COURSE["context_id"], "Shapes first", 10, resourceLinkId="link-quiz")
    ada = launch(lms, ADA, link="link-quiz", target=f"quiz:{quiz.slug}")

    submit_attempt(ada, quiz, {"units": "0", "sequence-shape": "(1, 2)"})  # one of two right

    grade = wait_for_score(lms, ADA, column["id"], 5)
    assert grade["scoreMaximum"] == 10
