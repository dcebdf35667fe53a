"""Deep Linking: an instructor picks Unroll exercises and quizzes from the LMS's "add external tool" dialog.

Each pick goes back to the LMS as an LTI resource link that opens it (custom parameter `unroll`) with a
line item (maximum score, label, Unroll's resource id and, when the instructor sets one, a due date), so
that the LMS makes a graded assignment of it. The picks are also added to the Unroll course of that LMS
course, with the due date.
"""

from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from lti_tool.constants import SESSION_KEY
from lti_tool.models import LtiLaunch
from lti_tool.utils import get_launch_from_request
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.exception import LtiException
from pylti1p3.lineitem import LineItem

from unroll.catalog.models import Exercise
from unroll.courses.actions import set_item_dates
from unroll.lti import launches, tool_values
from unroll.lti.launches import TARGET_PARAMETER, LaunchRefused, Target
from unroll.lti.models import origin_of
from unroll.quizzes.models import Quiz

# What a line item is out of: Unroll scores are 0–1, shown as percent, so LMS grades are out of 100.
MAXIMUM_SCORE = 100


@dataclass(frozen=True)
class Choice:
    target: Target
    title: str
    topic: str


def choices() -> list[Choice]:
    """Every published exercise and quiz, as the picker lists them."""
    exercises = [Choice(Target("exercise", e.slug), e.title, e.topic) for e in Exercise.objects.published().in_order()]
    quizzes = [Choice(Target("quiz", q.slug), q.title, q.topic) for q in Quiz.objects.published().in_order()]
    return exercises + quizzes


class PickForm(forms.Form):
    picks = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple, error_messages={"required": "Pick at least one exercise or quiz."}
    )
    due_at = forms.DateTimeField(
        required=False,
        label="Due (optional, UTC)",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="The LMS shows it on the assignments; late work is still accepted and flagged.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.choices_by_value = {str(choice.target): choice for choice in choices()}
        self.fields["picks"].choices = [(value, choice.title) for value, choice in self.choices_by_value.items()]

    def picked(self) -> list[Choice]:
        return [self.choices_by_value[value] for value in self.cleaned_data["picks"]]


def start_picking(request, lti_launch: LtiLaunch):
    """The deep linking launch: only someone who teaches the LMS course may add Unroll items to it."""
    from unroll.lti.launch_views import sign_in

    if not launches.is_teaching(lti_launch.membership):
        raise LaunchRefused("Only the course's instructors can add Unroll items; the LMS launched you as a learner.")
    user = launches.account_for(lti_launch.user)
    course = launches.course_for(lti_launch.context, creator=user)
    launches.apply_role(course, user, lti_launch.membership)
    sign_in(request, user, lti_launch)
    return HttpResponseRedirect(reverse("lti:deep_link"))


def launch_of(request) -> LtiLaunch:
    """The deep linking launch this browser came with (django-lti keeps it in the cache, its id in the session)."""
    launch_id = request.session.get(SESSION_KEY)
    try:
        lti_launch = get_launch_from_request(request, launch_id) if launch_id else None
    except LtiException:
        lti_launch = None
    if lti_launch is None or not lti_launch.is_deep_link_launch:
        raise PermissionDenied("This page opens from your LMS's “add external tool” dialog; open it from there again.")
    return lti_launch


@login_required
def pick(request):
    lti_launch = launch_of(request)
    form = PickForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        picked = form.picked()
        add_to_course(lti_launch, picked, form.cleaned_data["due_at"])
        resources = [resource_for(choice, form.cleaned_data["due_at"]) for choice in picked]
        message_jwt = lti_launch.get_message_launch().get_deep_link().get_response_jwt(resources)
        return_url = lti_launch.get_launch_data()["https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"][
            "deep_link_return_url"
        ]
        response = render(
            request, "lti/deep_link_return.html", {"return_url": return_url, "jwt": message_jwt, "picked": picked}
        )
        response._csp_update = {"form-action": [origin_of(return_url)]}  # the form goes back to the LMS
        return response
    return render(
        request,
        "lti/deep_link_pick.html",
        {"form": form, "choices": form.choices_by_value.values(), "context": lti_launch.context},
        status=400 if form.errors else 200,
    )


def resource_for(choice: Choice, due_at: datetime | None) -> DeepLinkResource:
    line_item = (
        LineItem()
        .set_label(choice.title)
        .set_score_maximum(MAXIMUM_SCORE)
        .set_resource_id(str(choice.target))
        .set_tag("unroll")
    )
    if due_at:
        line_item.set_end_date_time(due_at.isoformat())
    return (
        DeepLinkResource()
        .set_url(tool_values.absolute(reverse("lti:launch")))  # SITE_URL: the address the LMS reaches Unroll at
        .set_title(choice.title)
        .set_custom_params({TARGET_PARAMETER: str(choice.target)})
        .set_lineitem(line_item)
    )


def add_to_course(lti_launch: LtiLaunch, picked: list[Choice], due_at: datetime | None) -> None:
    course = launches.course_for(lti_launch.context, creator=None)
    for choice in picked:
        item = launches.course_item_for(course, launches.content_of(choice.target))
        if due_at and item.due_at != due_at:
            set_item_dates(item, item.opens_at, due_at)
