"""The instructors' views that exercises and quizzes share: the authoring list, the publish switch,
the export, a draft's page and its job's state, opening, publishing and discarding a draft.

Each kind of content describes itself once (`Authoring`), with the few things it does its own
way in a module of its app (`Hooks`); `authoring_urls` routes these views for it, each behind the
guard its app gives (instructors only, from accounts.roles: a layer above this one).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_POST

from unroll.content import actions
from unroll.content.models import Draft, PublishedContent


class Hooks(Protocol):
    """What one kind of content does its own way: a module of its app provides these functions."""

    def open_draft(self, content: PublishedContent, author) -> Draft: ...

    def publish_draft(self, draft: Draft) -> PublishedContent: ...

    def folder_zip(self, content: PublishedContent) -> bytes: ...

    def edit_draft(self, request, draft: Draft) -> HttpResponse:
        """The draft's page; a POST saves it (an unsaved draft is a new item's)."""

    def job_state(self, draft: Draft) -> dict:
        """The draft's job as its page shows it and polls it."""


@dataclass(frozen=True)
class Authoring:
    """What the shared views need to know of one kind of content."""

    model: type[PublishedContent]
    draft_model: type[Draft]
    noun: str  # "exercise", "quiz"
    job_route: str  # the url of the job's state under the draft's: "proof", "status"
    hooks: Hooks

    @property
    def namespace(self) -> str:
        """Of its urls: its app's label ("catalog", "quizzes")."""
        return self.model._meta.app_label

    def url(self, name: str) -> str:
        return f"{self.namespace}:{name}"

    def draft(self, pk: int) -> Draft:
        queryset = self.draft_model.objects.select_related(self.draft_model.content_field)
        return get_object_or_404(queryset, pk=pk)


def render_draft(request, draft: Draft, job_state: Callable[[Draft], dict], status: int = 200, **context):
    """A draft's page, its app's draft.html, with what every draft page shows (content/draft.html)."""
    content_model = draft._meta.get_field(draft.content_field).related_model
    shared = {
        "draft": draft,
        "content": getattr(draft, draft.content_field),
        "job": job_state(draft) if draft.pk else None,
        "noun": content_model._meta.verbose_name,
        "nouns": content_model._meta.verbose_name_plural,
        "list_url": reverse(f"{draft._meta.app_label}:authoring_list"),
    }
    return render(request, f"{draft._meta.app_label}/draft.html", {**shared, **context}, status=status)


def new_draft(request, kind: Authoring):
    return kind.hooks.edit_draft(request, kind.draft_model(author=request.user))


def draft_page(request, pk: int, kind: Authoring):
    return kind.hooks.edit_draft(request, kind.draft(pk))


@require_GET
def job_state(request, pk: int, kind: Authoring):
    """The draft's job, polled by its page while a worker runs it."""
    return JsonResponse(kind.hooks.job_state(kind.draft(pk)))


def authoring_list(request, kind: Authoring):
    """Every item, published or not, with its version and open draft, and the drafts of new ones."""
    context = {
        "items": kind.model.objects.in_order().select_related("draft"),
        "new_drafts": kind.draft_model.objects.filter(**{f"{kind.draft_model.content_field}__isnull": True}),
    }
    return render(request, f"{kind.namespace}/authoring_list.html", context)


@require_POST
def set_published(request, slug: str, kind: Authoring):
    content = get_object_or_404(kind.model, slug=slug)
    actions.set_published(content, request.POST.get("published") == "1")
    state = "published" if content.is_published else "unpublished: learners no longer see it"
    messages.success(request, f"{content.title} is {state}.")
    return redirect(kind.url("authoring_list"))


def export(request, slug: str, kind: Authoring):
    """Download an item as its folder; the sync command imports it back identically."""
    content = get_object_or_404(kind.model, slug=slug)
    response = HttpResponse(kind.hooks.folder_zip(content), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{content.slug}.zip"'
    return response


@require_POST
def edit(request, slug: str, kind: Authoring):
    """Open (or reopen) the item's draft; learners keep the published version meanwhile."""
    content = get_object_or_404(kind.model, slug=slug)
    return redirect(kind.hooks.open_draft(content, request.user))


@require_POST
def publish_draft(request, pk: int, kind: Authoring):
    draft = kind.draft(pk)
    try:
        content = kind.hooks.publish_draft(draft)
    except actions.DraftNotPublishable as exc:
        messages.error(request, str(exc))
        return redirect(draft)
    messages.success(request, f"{content.title} is published (version {content.version}).")
    return redirect(kind.url("authoring_list"))


@require_POST
def discard_draft(request, pk: int, kind: Authoring):
    draft = kind.draft(pk)
    actions.discard_draft(draft)
    messages.success(request, f"The {draft} was discarded; the published {kind.noun}, if any, is unchanged.")
    return redirect(kind.url("authoring_list"))


def authoring_urls(kind: Authoring, guard: Callable) -> list:
    """The shared views' urls for one kind of content, each view behind `guard`."""
    routes = [
        ("manage/", authoring_list, "authoring_list"),
        ("manage/new/", new_draft, f"new_{kind.noun}"),
        ("manage/drafts/<int:pk>/", draft_page, "draft"),
        (f"manage/drafts/<int:pk>/{kind.job_route}/", job_state, f"draft_{kind.job_route}"),
        ("manage/drafts/<int:pk>/publish/", publish_draft, "publish_draft"),
        ("manage/drafts/<int:pk>/discard/", discard_draft, "discard_draft"),
        ("<slug:slug>/edit/", edit, f"edit_{kind.noun}"),
        ("<slug:slug>/export.zip", export, "export"),
        ("<slug:slug>/publish/", set_published, "set_published"),
    ]
    return [path(route, guard(view), {"kind": kind}, name=name) for route, view, name in routes]
