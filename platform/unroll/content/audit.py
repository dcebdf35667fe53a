"""The authoring audit log: one AuthoringEvent per action on an exercise or a quiz, readable by its authors."""

from unroll.content.models import AuthoringEvent, Draft, PublishedContent

Action = AuthoringEvent.Action


def record(actor, action: str, content: PublishedContent, before: str = "", after: str = "", detail: str = ""):
    return logged(actor, action, content._meta.app_label, content.uuid, content.title, before, after, detail)


def record_on_draft(actor, action: str, draft: Draft, before: str = "", after: str = "", detail: str = ""):
    """An action on a draft: logged under its item, or under the new item's uuid for a new one."""
    content = getattr(draft, draft.content_field)
    subject = content if content is not None else draft  # a new item's draft: the uuid it will have
    return logged(actor, action, draft._meta.app_label, subject.uuid, subject.title, before, after, detail)


def logged(actor, action: str, kind: str, content_uuid, title: str, before: str, after: str, detail: str):
    return AuthoringEvent.objects.create(
        kind=kind,
        content_uuid=content_uuid,
        title=title,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        detail=detail[:500],
        hash_before=before,
        hash_after=after,
    )


def events_of(content: PublishedContent):
    return AuthoringEvent.objects.filter(kind=content._meta.app_label, content_uuid=content.uuid).select_related(
        "actor"
    )
