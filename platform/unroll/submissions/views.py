"""Submit (JSON API), poll a submission's verdict, and read one submission with its code."""

import json

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_POST

from unroll.catalog.figures import feedback_figures
from unroll.catalog.models import Exercise
from unroll.submissions.actions import SubmissionRefused, submit_attempt
from unroll.submissions.models import Submission


def code_from(request) -> object:
    """The submitted code, from a JSON body {"code": ...} or a form field `code`."""
    if request.content_type == "application/json":
        try:
            body = json.loads(request.body)
        except (ValueError, UnicodeDecodeError):
            raise SubmissionRefused("The request body is not valid JSON.") from None
        return body.get("code") if isinstance(body, dict) else None
    return request.POST.get("code")


@login_required
@require_POST
def submit(request, slug: str):
    exercise = get_object_or_404(Exercise.objects.published(), slug=slug)
    try:
        submission = submit_attempt(request.user, exercise, code_from(request))
    except SubmissionRefused as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    return JsonResponse(submission.as_json(), status=202)


@login_required
@require_GET
def submission_status(request, pk: int):
    submission = get_object_or_404(
        Submission.objects.visible_to(request.user).select_related("exercise", "exercise_version"), pk=pk
    )
    return JsonResponse({**submission.as_json(), "figures": feedback_figures(submission)})


@login_required
@require_GET
def submission_detail(request, pk: int):
    submission = get_object_or_404(
        Submission.objects.visible_to(request.user).select_related("exercise", "learner"), pk=pk
    )
    context = {"submission": submission, "figures": feedback_figures(submission)}
    return render(request, "submissions/submission_detail.html", context)
