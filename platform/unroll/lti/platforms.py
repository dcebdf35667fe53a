"""LMS registration pages: the list (with Unroll's signing keys), registering an LMS, one registration with the
values to paste into that LMS, changing it and turning it off or on, and the values page before registering.

Every instructor reads them; only the instructor who registered an LMS, or a superuser, changes it.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from unroll.accounts.roles import instructor_required
from unroll.lti import registrations, tool_values
from unroll.lti.forms import PlatformForm
from unroll.lti.models import Platform


def listed_platforms():
    """Every registration with what it has led to: courses made from it, people who launched, the last launch."""
    return (
        Platform.objects.select_related("registration", "registered_by")
        .prefetch_related("registration__deployments")
        .annotate(
            course_count=Count("registration__deployments__contexts__unroll_link", distinct=True),
            people_count=Count("registration__users", distinct=True),
            last_launch=Max("registration__users__datetime_modified"),
        )
        .order_by("registration__name")
    )


def platform_or_404(uuid) -> Platform:
    return get_object_or_404(Platform.objects.select_related("registration", "registered_by"), registration__uuid=uuid)


def changeable_platform(request, uuid) -> Platform:
    platform = platform_or_404(uuid)
    if not registrations.may_change(request.user, platform):
        raise PermissionDenied(
            f"Only the instructor who registered {platform} ({platform.registered_by or 'nobody'}) "
            "or a superuser can change it."
        )
    return platform


@instructor_required
@require_GET
def platform_list(request):
    return render(request, "lti/platform_list.html", {"platforms": listed_platforms(), "keys": tool_values.tool_keys()})


@instructor_required
def platform_new(request):
    form = PlatformForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        platform = registrations.register(form.details(), by=request.user)
        messages.success(request, f"{platform} is registered. Paste the values below into it.")
        return redirect("lti:platform_detail", platform.registration.uuid)
    return render(
        request,
        "lti/platform_form.html",
        {"form": form, "values": tool_values.values()},
        status=400 if form.errors else 200,
    )


@instructor_required
@require_GET
def platform_detail(request, uuid):
    platform = platform_or_404(uuid)
    registration = platform.registration
    context = {
        "platform": platform,
        "registration": registration,
        "deployments": registration.deployments.order_by("-is_active", "datetime_created"),
        "origins": platform.origins(),
        "values": tool_values.values(registration),
        "may_change": registrations.may_change(request.user, platform),
    }
    return render(request, "lti/platform_detail.html", context)


@instructor_required
def platform_edit(request, uuid):
    platform = changeable_platform(request, uuid)
    form = PlatformForm(request.POST if request.method == "POST" else None, editing=platform)
    if request.method == "POST" and form.is_valid():
        registrations.change(platform, form.details())
        messages.success(request, f"{platform.registration.name} is saved.")
        return redirect("lti:platform_detail", platform.registration.uuid)
    return render(
        request,
        "lti/platform_form.html",
        {"form": form, "platform": platform},
        status=400 if form.errors else 200,
    )


@instructor_required
@require_POST
def platform_disable(request, uuid):
    return switched(request, changeable_platform(request, uuid), active=False)


@instructor_required
@require_POST
def platform_enable(request, uuid):
    return switched(request, changeable_platform(request, uuid), active=True)


def switched(request, platform: Platform, active: bool):
    registrations.set_active(platform, active)
    state = (
        "on: its launches are accepted" if active else "off: its launches are refused, its pages cannot frame Unroll"
    )
    messages.success(request, f"{platform} is {state}.")
    return redirect("lti:platform_detail", platform.registration.uuid)


@instructor_required
@require_GET
def values(request):
    """What to paste into an LMS before registering it (the per-registration login URL comes after)."""
    return render(request, "lti/platform_values.html", {"values": tool_values.values()})
