"""The authoring audit log: one AuthoringEvent per action on an exercise or a quiz, readable by its authors."""

from unroll.content.models import AuthoringEvent, Draft, PublishedContent

Action = AuthoringEvent.Action


def record(actor, action: str, content: PublishedContent, before: str = "", after: str = "", detail: str = ""):
    return AuthoringEvent.objects.create(
        kind=content._meta.app_label,
        content_uuid=content.uuid,
        title=content.title,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        detail=detail[:500],
        hash_before=before,
        hash_after=after,
    )


def record_on_draft(actor, action: str, draft: Draft, before: str = "", after: str = "", detail: str = ""):
    """An action on a draft: logged under its item, or under the new item's uuid for a new one."""
    content = getattr(draft, draft.content_field)
    return AuthoringEvent.objects.create(
        kind=draft._meta.app_label,
        content_uuid=content.uuid if content is not None else draft.uuid,  # a new item's: the uuid it will have
        title=content.title if content is not None else draft.title,
        actor=actor,
        action=action,
        detail=detail[:500],
        hash_before=before,
        hash_after=after,
    )


def events_of(content: PublishedContent):
    return AuthoringEvent.objects.filter(kind=content._meta.app_label, content_uuid=content.uuid).select_related(
        "actor"
    )
