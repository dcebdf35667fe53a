"""The instructors' views that exercises and quizzes share: the authoring list, the publish switch,
the export, a draft's page and its job's state, opening, publishing and discarding a draft, an
item's co-authors and its audit log, duplicating an item.

Each kind of content describes itself once (`Authoring`), with the few things it does its own
way in a module of its app (`Hooks`); `authoring_urls` routes these views for it, each behind the
guard its app gives (instructors only, from accounts.roles: a layer above this one). Within that,
an item is changed only by its authors or a superuser (`unroll.content.permissions`), and a change
that learners would see waits while others teach with the item (`unroll.content.usage`); every
action is kept in the audit log (`unroll.content.audit`).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_POST

from unroll.content import actions, audit
from unroll.content.audit import Action
from unroll.content.models import Draft, PublishedContent
from unroll.content.permissions import authors_only, draft_writers_only, may_author
from unroll.content.usage import ContentInUse, refuse_while_in_use


class Hooks(Protocol):
    """What one kind of content does its own way: a module of its app provides these functions."""

    def open_draft(self, content: PublishedContent, author) -> Draft: ...

    def publish_draft(self, draft: Draft) -> PublishedContent: ...

    def folder_zip(self, content: PublishedContent) -> bytes: ...

    def edit_draft(self, request, draft: Draft) -> HttpResponse:
        """The draft's page; a POST saves it (an unsaved draft is a new item's)."""

    def job_state(self, draft: Draft) -> dict:
        """The draft's job as its page shows it and polls it."""

    def duplicate_draft(self, content: PublishedContent, author) -> Draft:
        """A draft of a new item holding the content's files, under a new uuid, slug and title."""


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

    def writable_draft(self, request, pk: int) -> Draft:
        """The draft, if the user may write it (PermissionDenied otherwise)."""
        draft = self.draft(pk)
        draft_writers_only(request.user, draft)
        return draft

    def authored(self, request, slug: str) -> PublishedContent:
        """The item, if the user is one of its authors or a superuser (PermissionDenied otherwise)."""
        content = get_object_or_404(self.model, slug=slug)
        authors_only(request.user, content)
        return content


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
    return edit_and_log(request, kind, kind.draft_model(author=request.user))


def draft_page(request, pk: int, kind: Authoring):
    return edit_and_log(request, kind, kind.writable_draft(request, pk))


def edit_and_log(request, kind: Authoring, draft: Draft) -> HttpResponse:
    """The draft's page; a POST that saved it (a redirect) is logged with the draft's hash before and after."""
    before = draft.job_input_hash if draft.pk else ""
    response = kind.hooks.edit_draft(request, draft)
    if request.method == "POST" and response.status_code == 302 and draft.pk:
        audit.record_on_draft(request.user, Action.DRAFT_SAVED, draft, before, draft.job_input_hash)
    return response


@require_GET
def job_state(request, pk: int, kind: Authoring):
    """The draft's job, polled by its page while a worker runs it."""
    return JsonResponse(kind.hooks.job_state(kind.writable_draft(request, pk)))


def authoring_list(request, kind: Authoring):
    """Every item, published or not, with its authors, version and open draft; the user's drafts of new ones."""
    new_drafts = kind.draft_model.objects.filter(**{f"{kind.draft_model.content_field}__isnull": True})
    if not request.user.is_superuser:
        new_drafts = new_drafts.filter(author=request.user)
    items = list(kind.model.objects.in_order().select_related("draft").prefetch_related("authors"))
    for item in items:
        item.authored_by_user = may_author(request.user, item)
    return render(request, f"{kind.namespace}/authoring_list.html", {"items": items, "new_drafts": new_drafts})


@require_POST
def set_published(request, slug: str, kind: Authoring):
    content = kind.authored(request, slug)
    publish = request.POST.get("published") == "1"
    if not publish and content.is_published:
        try:
            refuse_while_in_use(content, request.user, "unpublish")
        except ContentInUse as exc:
            audit.record(request.user, Action.REFUSED, content, detail=f"unpublish: {exc}")
            messages.error(request, f"{content.title} stays published for now. {exc}")
            return redirect(kind.url("authoring_list"))
    was_published = content.is_published
    actions.set_published(content, publish)
    if was_published != publish:
        action = Action.REPUBLISHED if publish else Action.UNPUBLISHED
        audit.record(request.user, action, content, content.content_hash, content.content_hash)
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
    return redirect(kind.hooks.open_draft(kind.authored(request, slug), request.user))


@require_POST
def publish_draft(request, pk: int, kind: Authoring):
    draft = kind.writable_draft(request, pk)
    live = getattr(draft, draft.content_field)
    before = live.content_hash if live is not None else ""
    try:
        if live is not None and live.is_published:
            refuse_while_in_use(live, request.user, "replace")
        content = kind.hooks.publish_draft(draft)
    except ContentInUse as exc:
        audit.record(request.user, Action.REFUSED, live, detail=f"publish a new version: {exc}")
        messages.error(request, f"The published version stays for now. {exc}")
        return redirect(draft)
    except actions.DraftNotPublishable as exc:
        messages.error(request, str(exc))
        return redirect(draft)
    if live is None:
        actions.add_first_author(content, draft.author or request.user)
    audit.record(request.user, Action.PUBLISHED, content, before, content.content_hash, f"version {content.version}")
    messages.success(request, f"{content.title} is published (version {content.version}).")
    return redirect(kind.url("authoring_list"))


@require_POST
def discard_draft(request, pk: int, kind: Authoring):
    draft = kind.writable_draft(request, pk)
    audit.record_on_draft(request.user, Action.DRAFT_DISCARDED, draft, draft.job_input_hash)
    actions.discard_draft(draft)
    messages.success(request, f"The {draft} was discarded; the published {kind.noun}, if any, is unchanged.")
    return redirect(kind.url("authoring_list"))


@require_POST
def duplicate(request, slug: str, kind: Authoring):
    """Any instructor may start a new item from another's: a draft of their own, with a new identity."""
    content = get_object_or_404(kind.model, slug=slug)
    draft = kind.hooks.duplicate_draft(content, request.user)
    audit.record(request.user, Action.DUPLICATED, content, content.content_hash, detail=f"as draft {draft.pk}")
    messages.success(request, f"A copy of {content.title} is your new draft: change its title and slug, then publish.")
    return redirect(draft)


def authors(request, slug: str, kind: Authoring):
    """The item's authors and audit log; a POST adds or removes a co-author (an instructor, by username)."""
    content = kind.authored(request, slug)
    if request.method == "POST":
        change_authors(request, content)
        return redirect(kind.url("authors"), slug=slug)
    context = {
        "content": content,
        "noun": kind.noun,
        "list_url": reverse(kind.url("authoring_list")),
        "nouns": kind.model._meta.verbose_name_plural,
        "events": audit.events_of(content)[:200],
    }
    return render(request, "content/authors.html", context)


def change_authors(request, content: PublishedContent) -> None:
    username = request.POST.get("username", "").strip()
    try:
        if request.POST.get("action") == "remove":
            user = actions.remove_author(content, username)
            action, said = Action.AUTHOR_REMOVED, f"{username} is no longer an author of {content.title}."
        else:
            user = actions.add_author(content, username)
            action, said = Action.AUTHOR_ADDED, f"{username} is now an author of {content.title}."
    except actions.AuthorsRefused as exc:
        messages.error(request, str(exc))
        return
    audit.record(request.user, action, content, detail=user.username)
    messages.success(request, said)


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
        ("<slug:slug>/duplicate/", duplicate, "duplicate"),
        ("<slug:slug>/authors/", authors, "authors"),
    ]
    return [path(route, guard(view), {"kind": kind}, name=name) for route, view, name in routes]
