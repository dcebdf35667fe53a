"""Assignment and Grade Services, the HTTP side: an LMS's line items and the scores posted to them.

Through PyLTI1p3's `AssignmentsGradesService` (its OAuth2 client-credentials token, signed with Unroll's
key), with a timeout on every request. Whatever goes wrong on the way (the LMS down, refusing, slow,
answering nonsense) comes out as `LmsError`, with a message a person can read in the gradebook.
"""

import json
from dataclasses import dataclass
from datetime import datetime

import requests
from django.conf import settings
from lti_tool.lti_core.constants import AgsScope
from lti_tool.models import LtiContext
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.exception import LtiException, LtiServiceException
from pylti1p3.grade import Grade
from pylti1p3.lineitem import LineItem
from pylti1p3.service_connector import ServiceConnector

# What AGS scores say of the work: finished, and graded for good (Unroll grades at once).
ACTIVITY_COMPLETED = "Completed"
GRADING_FULLY_GRADED = "FullyGraded"
LATE_COMMENT = "Late"
# An LMS that keeps a newer score than the one posted answers 409 Conflict (AGS: no going back in time).
CONFLICT = 409


class LmsError(Exception):
    """The LMS could not be reached, or refused; the message says which, briefly."""


class TimeoutSession(requests.Session):
    """A requests session whose every request gives up after LTI_HTTP_TIMEOUT seconds (PyLTI1p3 sets none)."""

    def request(self, *args, **kwargs):
        kwargs.setdefault("timeout", settings.LTI_HTTP_TIMEOUT)
        return super().request(*args, **kwargs)


def connector_for(context: LtiContext) -> ServiceConnector:
    """A service connector of the LMS of `context` (registration, keys), over a session with a timeout."""
    session = TimeoutSession()
    session.headers["User-Agent"] = "Unroll LTI tool"
    return ServiceConnector(context.deployment.registration.to_registration(), requests_session=session)


def granted_scopes(context: LtiContext) -> list[str]:
    """The AGS scopes the LMS granted in its launches from this context (django-lti keeps them as flags)."""
    flags = {
        AgsScope.MANAGE_LINEITEMS: context.can_manage_lineitems,
        AgsScope.QUERY_LINEITEMS: context.can_query_lineitems,
        AgsScope.PUBLISH_SCORES: context.can_publish_scores,
        AgsScope.ACCESS_RESULTS: context.can_access_results,
    }
    return [scope.value for scope, granted in flags.items() if granted]


def service_for(context: LtiContext) -> AssignmentsGradesService:
    return AssignmentsGradesService(
        connector_for(context), {"scope": granted_scopes(context), "lineitems": context.lineitems_url}
    )


def reason_of(error: Exception) -> str:
    """A short, readable reason for a failed AGS call (the gradebook shows it)."""
    if isinstance(error, LtiServiceException):
        response = error.response
        return f"the LMS answered {response.status_code} to {response.request.method} {response.url}"
    if isinstance(error, requests.Timeout):
        return f"the LMS did not answer within {settings.LTI_HTTP_TIMEOUT} s"
    if isinstance(error, requests.ConnectionError):
        return "the LMS could not be reached"
    return str(error) or error.__class__.__name__


def calling_the_lms(call):
    """Run `call()`; every failure on the LMS's side becomes an LmsError."""
    try:
        return call()
    except (LtiException, requests.RequestException, ValueError, KeyError, TypeError) as error:
        raise LmsError(reason_of(error)) from error


@dataclass(frozen=True)
class ScorePost:
    """One AGS score, as Unroll posts it: the learner's current score on a line item, stamped when it changed."""

    user_id: str
    score: float  # 0–1
    late: bool
    timestamp: datetime
    maximum: float

    def as_grade(self) -> Grade:
        grade = (
            Grade()
            .set_user_id(self.user_id)
            .set_score_given(round(self.score * self.maximum, 6))
            .set_score_maximum(self.maximum)
            .set_timestamp(self.timestamp.isoformat())
            .set_activity_progress(ACTIVITY_COMPLETED)
            .set_grading_progress(GRADING_FULLY_GRADED)
        )
        return grade.set_comment(LATE_COMMENT) if self.late else grade


def post_score(context: LtiContext, line_item_url: str, score: ScorePost) -> bool:
    """POST the score to the line item. True: the LMS took it; False: it keeps a newer one (409), which stands."""
    if not context.can_publish_scores:
        raise LmsError("the LMS did not grant Unroll the scope to send scores in this course")
    service = service_for(context)
    try:
        calling_the_lms(lambda: service.put_grade(score.as_grade(), LineItem({"id": line_item_url})))
    except LmsError as error:
        cause = error.__cause__
        if isinstance(cause, LtiServiceException) and cause.response.status_code == CONFLICT:
            return False
        raise
    return True


def read_line_item(context: LtiContext, url: str) -> dict:
    """The line item's AGS JSON (its scoreMaximum, label, resourceId…)."""
    service = service_for(context)
    return json.loads(calling_the_lms(lambda: service.get_lineitem(url)).get_value())


def find_line_item(context: LtiContext, resource_link_id: str, resource_id: str) -> dict | None:
    """The context's line item for a resource link (by its id) or for Unroll's resource id, if the LMS has one."""
    if not (context.lineitems_url and (context.can_query_lineitems or context.can_manage_lineitems)):
        return None
    service = service_for(context)
    listed = calling_the_lms(service.get_lineitems)
    by_link = [item for item in listed if resource_link_id and item.get("resourceLinkId") == resource_link_id]
    by_resource = [item for item in listed if item.get("resourceId") == resource_id]
    found = by_link or by_resource
    return found[0] if found else None


def create_line_item(context: LtiContext, label: str, resource_id: str, resource_link_id: str, maximum: float) -> dict:
    """A new line item in the context (needs the lineitem scope), tagged as Unroll's deep links tag theirs."""
    if not (context.lineitems_url and context.can_manage_lineitems):
        raise LmsError("the LMS did not grant Unroll the scope to create grade columns in this course")
    line_item = LineItem().set_label(label).set_score_maximum(maximum).set_resource_id(resource_id).set_tag("unroll")
    if resource_link_id:
        line_item.set_resource_link_id(resource_link_id)
    service = service_for(context)

    def create() -> dict:
        body = service._service_connector.make_service_request(  # noqa: SLF001 - PyLTI1p3 creates only via find
            service._service_data["scope"],  # noqa: SLF001
            context.lineitems_url,
            is_post=True,
            data=line_item.get_value(),
            content_type="application/vnd.ims.lis.v2.lineitem+json",
            accept="application/vnd.ims.lis.v2.lineitem+json",
        )["body"]
        if not isinstance(body, dict) or not body.get("id"):
            raise ValueError("the LMS's answer to creating a line item names no line item")
        return body

    return calling_the_lms(create)
