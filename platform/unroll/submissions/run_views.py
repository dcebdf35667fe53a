"""The Run button's JSON endpoints: ask for a run of the learner's code, and poll what it showed."""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET, require_POST

from unroll.accounts.throttling import throttled
from unroll.catalog.models import Exercise
from unroll.submissions.actions import SubmissionRefused
from unroll.submissions.models import Run
from unroll.submissions.runs import request_run
from unroll.submissions.views import code_from, json_errors

NOT_SENT_NOTICE = "Saved. Your run will start as soon as the grader is back; you need not click Run again."


@json_errors
@throttled("run", "RUN_RATE_PER_ACCOUNT", "runs", per="account")
@require_POST
def run(request, slug: str):
    """202 with the queued run and where to poll it; 400 with the reason when it is refused."""
    exercise = get_object_or_404(Exercise.objects.published(), slug=slug)
    try:
        queued = request_run(request.user, exercise, code_from(request))
    except SubmissionRefused as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    answer = queued.as_json()
    if not queued.sent:
        answer["notice"] = NOT_SENT_NOTICE
    return JsonResponse(answer, status=202)


@json_errors
@require_GET
def run_status(request, pk: int):
    """A run of the learner's own (nobody else's, staff included: a run is a scratch pad, not work to read)."""
    found = get_object_or_404(Run.objects.filter(learner=request.user).select_related("exercise"), pk=pk)
    return JsonResponse(found.as_json())
