"""AGS rules of the gradebook: what a valid score and line item are, and latest-timestamp-wins."""

from datetime import UTC, datetime
from typing import Any

from lti1p3platform.exceptions import LtiServiceException
from lti1p3platform.score import ActivityProgress, GradeProgress, UpdateScoreStatus

from lms_platform.state import LineItem, LmsState, now_iso

ACTIVITY = {member.value for member in ActivityProgress}
GRADING = {member.value for member in GradeProgress}


def check_lineitem(data: Any) -> tuple[str, float]:
    """The label and scoreMaximum of a line item the tool sends, or a 400 (AGS: both required, max > 0)."""
    if not isinstance(data, dict):
        raise LtiServiceException("a line item must be a JSON object", 400)
    label, maximum = data.get("label"), data.get("scoreMaximum")
    if not isinstance(label, str) or not label.strip():
        raise LtiServiceException("a line item needs a label", 400)
    if not isinstance(maximum, int | float) or isinstance(maximum, bool) or maximum <= 0:
        raise LtiServiceException("a line item needs a positive scoreMaximum", 400)
    return label, maximum


def parse_timestamp(value: Any) -> datetime:
    """An ISO 8601 timestamp; one without a zone is read as UTC (PyLTI1p3's examples send such)."""
    if not isinstance(value, str):
        raise LtiServiceException("a score needs an ISO 8601 timestamp", 400)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as error:
        raise LtiServiceException(f"timestamp {value!r} is not ISO 8601", 400) from error
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def check_score(score: Any) -> datetime:
    """The timestamp of a valid AGS score, or a 400 naming what is wrong."""
    if not isinstance(score, dict):
        raise LtiServiceException("a score must be a JSON object", 400)
    if not score.get("userId"):
        raise LtiServiceException("a score needs a userId", 400)
    if score.get("activityProgress") not in ACTIVITY:
        raise LtiServiceException(f"activityProgress must be one of {sorted(ACTIVITY)}", 400)
    if score.get("gradingProgress") not in GRADING:
        raise LtiServiceException(f"gradingProgress must be one of {sorted(GRADING)}", 400)
    if "scoreGiven" in score:
        given, maximum = score.get("scoreGiven"), score.get("scoreMaximum")
        if not isinstance(given, int | float) or given < 0:
            raise LtiServiceException("scoreGiven must be a number >= 0", 400)
        if not isinstance(maximum, int | float) or maximum <= 0:
            raise LtiServiceException("a scoreGiven needs a positive scoreMaximum", 400)
    return parse_timestamp(score.get("timestamp"))


def record_score(state: LmsState, item: LineItem, score: Any) -> UpdateScoreStatus:
    """Log the score POST, and apply it to the gradebook unless an earlier-stamped one would overwrite a later.

    Equal timestamps are applied (the AGS spec only forbids going back in time). lti1p3platform answers
    OLD_TIMESTAMP with 409 Conflict.
    """
    entry = {"lineitem": item.id, "received_at": now_iso(), **(score if isinstance(score, dict) else {})}
    state.score_posts.append(entry)
    try:
        moment = check_score(score)
    except LtiServiceException as error:
        entry["outcome"] = f"invalid: {error.message}"
        raise
    grades = state.gradebook.setdefault(item.id, {})
    current = grades.get(score["userId"])
    if current is not None and moment < parse_timestamp(current["timestamp"]):
        entry["outcome"] = "rejected: older than the stored score"
        return UpdateScoreStatus.OLD_TIMESTAMP
    grades[score["userId"]] = {key: value for key, value in score.items() if key != "userId"}
    entry["outcome"] = "applied"
    return UpdateScoreStatus.SUCCESS


def results_of(state: LmsState, item: LineItem, user_id: str | None = None) -> list[dict]:
    """AGS results of a line item: each user's score scaled to the line item's scoreMaximum."""
    results = []
    for user, grade in state.gradebook.get(item.id, {}).items():
        if user_id and user != user_id:
            continue
        result = {"id": f"{item.id}/results/{user}", "scoreOf": item.id, "userId": user}
        if "scoreGiven" in grade:
            result["resultScore"] = grade["scoreGiven"] / grade["scoreMaximum"] * item.scoreMaximum
            result["resultMaximum"] = item.scoreMaximum
        if grade.get("comment"):
            result["comment"] = grade["comment"]
        results.append(result)
    return results
