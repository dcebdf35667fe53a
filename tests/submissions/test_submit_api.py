"""POST /exercises/<slug>/submit/ (JSON) queues a submission; GET /submissions/<id>.json reports its verdict."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from grader import DEFAULT_LIMITS, GradeResult
from unroll.submissions.actions import record_verdict
from unroll.submissions.models import Submission

CODE = "from tensorflow.keras.models import Sequential\nmodel = Sequential()\n"


def submit_url(slug: str = "single-output") -> str:
    return reverse("submissions:submit", args=[slug])


def post_json(client, body, slug: str = "single-output"):
    return client.post(submit_url(slug), data=body, content_type="application/json")


@pytest.fixture
def as_alice(client, alice, exercises):
    client.force_login(alice)
    return client


def test_it_queues_the_learners_code_and_answers_202(as_alice, alice, exercises, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = post_json(as_alice, {"code": CODE})

    assert response.status_code == 202
    body = response.json()
    submission = Submission.objects.get()
    assert body["id"] == submission.pk
    assert (body["status"], body["verdict"], body["exercise"]) == ("queued", None, "single-output")
    assert body["status_url"] == reverse("submissions:status", args=[submission.pk])
    assert (submission.learner, submission.exercise, submission.code) == (alice, exercises["single-output"], CODE)
    assert submission.status == Submission.Status.QUEUED
    assert len(callbacks) == 1  # sent to the graders only once the row is committed


def test_it_also_takes_the_code_from_a_form_field(as_alice, alice):
    response = as_alice.post(submit_url(), {"code": CODE})

    assert response.status_code == 202
    assert Submission.objects.get().code == CODE


REFUSALS = {
    "empty code": (json.dumps({"code": ""}), "Your submission is empty"),
    "blank code": (json.dumps({"code": "  \n\t\n"}), "Your submission is empty"),
    "a NUL byte": (json.dumps({"code": "model = None\x00\n"}), "NUL byte"),
    "over 64 KB": (
        json.dumps({"code": "#" * (DEFAULT_LIMITS.code_kb * 1024) + "\n"}),
        f"larger than {DEFAULT_LIMITS.code_kb} KB",
    ),
    "not JSON": ("{'code': 'model = None'", "not valid JSON"),
    "no code field": (json.dumps({"source": CODE}), "`code` field"),
    "code that is not text": (json.dumps({"code": ["model = None"]}), "`code` field"),
    "a JSON list": (json.dumps([CODE]), "`code` field"),
}


@pytest.mark.parametrize("body, message", REFUSALS.values(), ids=REFUSALS.keys())
def test_it_refuses_unusable_code_with_a_clear_message_and_stores_nothing(as_alice, body, message):
    response = as_alice.post(submit_url(), data=body, content_type="application/json")

    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not Submission.objects.exists()


def test_code_of_exactly_64_kb_is_accepted(as_alice):
    code = "model = None\n" + "#" * (DEFAULT_LIMITS.code_kb * 1024 - len("model = None\n"))

    assert post_json(as_alice, {"code": code}).status_code == 202


def test_a_get_is_refused_in_json(as_alice):
    response = as_alice.get(submit_url())

    assert response.status_code == 405
    assert response.json()["error"] == "Use POST here."
    assert not Submission.objects.exists()


def test_an_anonymous_caller_gets_a_json_401_that_the_page_can_show(client, exercises):
    response = post_json(client, {"code": CODE})

    assert response.status_code == 401
    assert "Log in again" in response.json()["error"]
    assert not Submission.objects.exists()


def test_a_post_without_the_csrf_token_is_refused(alice, exercises):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice)

    response = post_json(strict, {"code": CODE})

    assert response.status_code == 403
    assert "reload the page" in response.json()["error"]
    assert not Submission.objects.exists()


def test_an_unknown_exercise_is_not_found(as_alice):
    response = post_json(as_alice, {"code": CODE}, slug="no-such-exercise")

    assert response.status_code == 404
    assert "Not found" in response.json()["error"]
    assert not Submission.objects.exists()


def test_an_unpublished_exercise_takes_no_submissions(as_alice, exercises):
    exercises["stacked-rnn"].is_published = False
    exercises["stacked-rnn"].save(update_fields=["is_published"])

    response = post_json(as_alice, {"code": CODE}, slug="stacked-rnn")

    assert response.status_code == 404
    assert "unpublished" in response.json()["error"]  # JSON the page's script can show, not an HTML page
    assert not Submission.objects.exists()


def test_the_status_json_shows_the_verdict_once_it_is_recorded(as_alice):
    submission_id = post_json(as_alice, {"code": CODE}).json()["id"]
    status_url = reverse("submissions:status", args=[submission_id])
    queued = as_alice.get(status_url).json()
    checks = [
        {"name": "output shape", "passed": True, "message": "(1, 4)"},
        {"name": "recurrent layers", "passed": False, "message": "has 8 units"},
    ]

    record_verdict(submission_id, GradeResult("wrong_answer", 0.5, checks, ["Your SimpleRNN has 8 units."], [1, 4]))
    graded = as_alice.get(status_url).json()

    assert (queued["status"], queued["verdict"], queued["score"], queued["graded_at"]) == ("queued", None, None, None)
    assert graded["status"] == "done"
    assert graded["verdict"] == "wrong_answer"
    assert graded["score"] == 0.5
    assert graded["checks"] == checks
    assert graded["feedback"] == ["Your SimpleRNN has 8 units."]
    assert graded["output_shape"] == [1, 4]
    assert graded["graded_at"] is not None


def test_the_status_json_of_an_unknown_submission_is_not_found(as_alice):
    assert as_alice.get(reverse("submissions:status", args=[999999])).status_code == 404


def test_the_status_of_someone_elses_submission_is_a_json_404(as_alice, bob, exercises):
    exercise = exercises["single-output"]
    theirs = Submission.objects.create(learner=bob, exercise=exercise, code=CODE)

    response = as_alice.get(reverse("submissions:status", args=[theirs.pk]))

    assert response.status_code == 404
    assert "error" in response.json()


def test_the_status_says_how_many_submissions_wait_ahead(as_alice, bob, exercises):
    exercise = exercises["single-output"]
    Submission.objects.create(learner=bob, exercise=exercise, code=CODE)  # queued before hers
    mine = post_json(as_alice, {"code": CODE}).json()

    assert as_alice.get(mine["status_url"]).json()["ahead"] == 1
    record_verdict(mine["id"], GradeResult("wrong_answer", 0.0, [], ["x"]))
    assert as_alice.get(mine["status_url"]).json()["ahead"] is None
