"""The writes of the content lifecycle, one set for exercises and quizzes: publish a version,
publish or unpublish, open and discard a draft, queue, claim and finish a draft's job.

Views and tasks write content only through these functions; each one that registers work to
run after the commit does so inside its own transaction.
"""

import uuid
from collections.abc import Callable

import yaml
from django.db import IntegrityError, transaction
from django.utils import timezone

from unroll.content.models import ContentVersion, Draft, PublishedContent


class DraftNotPublishable(ValueError):
    """Publishing needs a job that read exactly the current draft and succeeded."""


class AuthorsRefused(ValueError):
    """The co-author change cannot be made; the message says why."""


def add_first_author(content: PublishedContent, user) -> None:
    """A new item's writer is its first author."""
    content.authors.add(user)


def add_author(content: PublishedContent, username: str):
    """Make an instructor, named by username, a co-author of the item."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username, is_staff=True, is_active=True).first()
    if user is None:
        raise AuthorsRefused(f"No instructor is called “{username}”: co-authors must be instructors.")
    content.authors.add(user)
    return user


def remove_author(content: PublishedContent, username: str):
    """Take a co-author off the item; its last author stays (an item without one only superusers change)."""
    user = content.authors.filter(username=username).first()
    if user is None:
        raise AuthorsRefused(f"“{username}” is not an author of {content.title}.")
    if content.authors.count() == 1:
        raise AuthorsRefused(f"{username} is the last author of {content.title}: add another one first.")
    content.authors.remove(user)
    return user


def is_unchanged(model: type[PublishedContent], content_uuid, content_hash: str) -> bool:
    return model.objects.filter(uuid=content_uuid, content_hash=content_hash).exists()


def publish_version(version_model: type[ContentVersion], content_uuid, record: dict) -> str:
    """Make `record` the content's next version (its first when new): "created", "updated" or "unchanged".

    Learners' progress stays across versions: it points at the content, their work also at its version.
    """
    model = version_model._meta.get_field(version_model.content_field).related_model
    try:
        with transaction.atomic():
            content = model.objects.select_for_update().filter(uuid=content_uuid).first()
            if content is None:
                version_model.snapshot(model.objects.create(uuid=content_uuid, **record))
                return "created"
            for name, value in record.items():
                setattr(content, name, value)
            content.version += 1
            content.save()
            version_model.snapshot(content)
            return "updated"
    except IntegrityError:
        return "unchanged"  # another process published the same content at the same moment


def set_published(content: PublishedContent, published: bool) -> None:
    content.is_published = published
    content.save(update_fields=["is_published", "updated_at"])


def open_draft(draft_model: type[Draft], content: PublishedContent, author, files: Callable[[], dict]) -> Draft:
    """The content's open draft, or a new one holding exactly its published files (`files()`: its fields)."""
    field = draft_model.content_field
    draft = draft_model.objects.filter(**{field: content}).first()
    if draft is None:
        draft = draft_model.objects.create(**{field: content}, author=author, **files())
    return draft


def duplicate_as_draft(draft_model: type[Draft], content: PublishedContent, author, fields: Callable[[dict], dict]):
    """A draft of a NEW item copied from `content`: a new uuid, a free slug and a title saying it is a copy.

    `fields(identity)` gives the draft's fields with that identity ({"uuid", "slug", "title"}) written in.
    """
    identity = {
        "uuid": uuid.uuid4(),
        "slug": free_copy_slug(type(content), content.slug),
        "title": f"{content.title} (copy)",
    }
    return draft_model.objects.create(author=author, **fields(identity))


def free_copy_slug(model: type[PublishedContent], slug: str) -> str:
    candidates = [f"{slug}-copy"] + [f"{slug}-copy-{n}" for n in range(2, 1000)]
    return next(candidate for candidate in candidates if not model.objects.filter(slug=candidate).exists())


def with_identity(yaml_text: str, identity: dict) -> str:
    """A YAML file (exercise.yaml, quiz.yaml) with its uuid, slug and title replaced."""
    data = yaml.safe_load(yaml_text)
    data.update({"uuid": str(identity["uuid"]), "slug": identity["slug"], "title": identity["title"]})
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def discard_draft(draft: Draft) -> None:
    """Drop the draft; the published content, if any, is unchanged."""
    draft.delete()


def publish_draft(draft: Draft, prepare: Callable[[], tuple]) -> PublishedContent:
    """Make the draft's content live and close the draft.

    `prepare()` validates the draft as its files would be (raising DraftNotPublishable) and returns
    the content's uuid and a function that writes its version when it changed.
    """
    if not draft.publishable:
        raise DraftNotPublishable(draft.not_publishable_message)
    content_uuid, publish = prepare()
    model = draft._meta.get_field(draft.content_field).related_model
    with transaction.atomic():
        publish()
        content = model.objects.get(uuid=content_uuid)
        set_published(content, True)
        draft.delete()
    return content


def save_draft(draft: Draft, enqueue_job: Callable[[int], None] | None = None, **fields) -> None:
    """Store edited fields; with `enqueue_job`, also queue the draft's job for a worker, after the commit.

    A job that read other content no longer counts: publishable compares hashes.
    """
    with transaction.atomic():
        for name, value in fields.items():
            setattr(draft, name, value)
        if enqueue_job is not None:
            draft.status = Draft.Status.QUEUED
            draft.clear_job_outcome()
        draft.save()
        if enqueue_job is not None:
            transaction.on_commit(lambda: enqueue_job(draft.pk))


def claim_job(draft_model: type[Draft], draft_id: int) -> Draft | None:
    """Mark a queued job running, for the worker that runs it: the draft as it is now, or None when gone."""
    with transaction.atomic():
        draft = draft_model.objects.select_for_update().filter(pk=draft_id).first()
        if draft is None:
            return None
        draft.status = Draft.Status.RUNNING
        draft.save(update_fields=["status", "updated_at"])
        return draft


def finish_job(draft_model: type[Draft], draft_id: int, job_hash: str, **outcome) -> None:
    """Record what the job found, for the content it read (which may have been edited since)."""
    with transaction.atomic():
        draft = draft_model.objects.select_for_update().filter(pk=draft_id).first()
        if draft is None:
            return
        for name, value in outcome.items():
            setattr(draft, name, value)
        draft.status = Draft.Status.DONE
        draft.job_hash = job_hash
        draft.job_done_at = timezone.now()
        draft.save()
