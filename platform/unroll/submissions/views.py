"""Submit (JSON API), poll a submission's verdict, and read one submission with its code."""

import json
import logging
import time
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, OperationalError, connection
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_POST

from unroll.accounts.throttling import throttled
from unroll.catalog.figures import feedback_figures
from unroll.catalog.models import Exercise
from unroll.catalog.solved import after_solving
from unroll.progress.reveal import earned_solution
from unroll.submissions.actions import SubmissionRefused, submit_attempt
from unroll.submissions.models import Submission

logger = logging.getLogger(__name__)


def code_from(request) -> object:
    """The submitted code, from a JSON body {"code": ...} or a form field `code`."""
    if request.content_type == "application/json":
        try:
            body = json.loads(request.body)
        except (ValueError, UnicodeDecodeError):
            raise SubmissionRefused("The request body is not valid JSON.") from None
        return body.get("code") if isinstance(body, dict) else None
    return request.POST.get("code")


DATABASE_PATIENCE = 3.0  # seconds a call waits for a restarting database before answering 503


def wait_for_the_database() -> None:
    """Connect (or check the pooled connection) before the view, waiting out a database restart.

    Nothing has been read or written yet, so trying again is safe; a restart of a second or two
    then costs the learner a slower answer, not an error.
    """
    deadline = time.monotonic() + DATABASE_PATIENCE
    while True:
        try:
            connection.cursor().close()
            return
        except OperationalError:
            if time.monotonic() > deadline:
                raise
            connection.close()
            time.sleep(0.25)


NOT_SENT_NOTICE = "Saved. Grading will start as soon as the grader is back; you need not submit again."


def json_errors(view):
    """An endpoint the page's script calls: every error it gives is JSON with an `error` message.

    Anonymous callers get 401 (not the login page), a missing exercise or submission 404, a
    wrong method 405, and a database that is away 503 with the advice to try again.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            wait_for_the_database()
            if not request.user.is_authenticated:  # reads the session: the database may be away too
                return JsonResponse({"error": "Log in again: your session has ended."}, status=401)
            response = view(request, *args, **kwargs)
        except Http404:
            return JsonResponse({"error": "Not found: it may have been unpublished or removed."}, status=404)
        except DatabaseError:
            logger.exception("the database failed during %s", request.path)
            return JsonResponse(
                {"error": "The server cannot reach its database just now; try again in a moment."}, status=503
            )
        if response.status_code == 405:
            return JsonResponse(
                {"error": f"Use {response['Allow']} here."}, status=405, headers={"Allow": response["Allow"]}
            )
        return response

    return wrapped


@json_errors  # outside the throttle: whatever it meets (the database away) is answered in JSON too
@throttled("submit", "SUBMIT_RATE_PER_ACCOUNT", "submissions", per="account")  # a script in a loop
@require_POST
def submit(request, slug: str):
    exercise = get_object_or_404(Exercise.objects.published(), slug=slug)
    try:
        submission = submit_attempt(request.user, exercise, code_from(request))
    except SubmissionRefused as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    answer = {**submission.as_json(), "number": submission.number()}  # the page numbers its history with it
    if not submission.sent:
        answer["notice"] = NOT_SENT_NOTICE
    return JsonResponse(answer, status=202)


@json_errors
@require_GET
def submission_status(request, pk: int):
    submission = get_object_or_404(
        Submission.objects.visible_to(request.user).select_related("exercise", "exercise_version"), pk=pk
    )
    answer = {**submission.as_json(), "figures": feedback_figures(submission), "solved": after_solving(submission)}
    if submission.status == Submission.Status.DONE and submission.learner_id == request.user.pk:
        answer["reveal"] = earned_solution(request.user, submission.exercise)  # only once the learner earned it
    answer["ahead"] = submission.queue_position()  # the page polls less often the longer the queue
    return JsonResponse(answer)


@login_required
@require_GET
def submission_detail(request, pk: int):
    submission = get_object_or_404(
        Submission.objects.visible_to(request.user).select_related("exercise", "learner"), pk=pk
    )
    context = {"submission": submission, "figures": feedback_figures(submission)}
    return render(request, "submissions/submission_detail.html", context)
