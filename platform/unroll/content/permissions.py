"""Who may change an exercise or a quiz: its authors, or a superuser. Other instructors may read
it, duplicate it and use it in their courses (`unroll.content.usage` says when a change must wait)."""

from django.core.exceptions import PermissionDenied

from unroll.content.models import Draft, PublishedContent


def may_author(user, content: PublishedContent) -> bool:
    """Edit, publish, unpublish, discard its draft, add co-authors, read its audit log."""
    if not user.is_authenticated:
        return False
    # .all(): the authors a list prefetched once, rather than a query per item.
    return user.is_superuser or (user.is_staff and any(author.pk == user.pk for author in content.authors.all()))


def may_edit_draft(user, draft: Draft) -> bool:
    """A draft of an item is its authors'; the draft of a new item is its writer's."""
    content = getattr(draft, draft.content_field)
    if content is not None:
        return may_author(user, content)
    return user.is_superuser or (user.is_staff and draft.author_id == user.pk)


def authors_only(user, content: PublishedContent) -> None:
    if not may_author(user, content):
        raise PermissionDenied(f"Only the authors of “{content.title}” can change it; you can duplicate it.")


def draft_writers_only(user, draft: Draft) -> None:
    if not may_edit_draft(user, draft):
        raise PermissionDenied("This draft is another author's.")
