"""Authorship: an exercise or a quiz is changed only by its authors or a superuser; other instructors
read, duplicate and teach with it; a change learners would see waits while another instructor's course
schedules the item (unroll.courses.usage), whose instructors are told once; every action is logged."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from support import published_quiz
from unroll.catalog.drafts import draft_for_exercise
from unroll.catalog.models import Exercise, ExerciseDraft
from unroll.content.actions import finish_job
from unroll.content.models import AuthoringEvent
from unroll.courses.actions import add_item, create_course, remove_item
from unroll.quizzes.models import QuizDraft


@pytest.fixture
def dana(db):
    """Another instructor: she teaches her own course and writes nothing of the others'."""
    return User.objects.create_user("dana", "dana@example.com", "dana-password-1", is_staff=True)


@pytest.fixture
def root(db):
    return User.objects.create_superuser("root", "root@example.com", "root-password-1")


@pytest.fixture
def exercise(exercises, charlie):
    item = exercises["multiple-output"]
    item.authors.add(charlie)
    return item


def post(client, user, name: str, *args, data=None):
    client.force_login(user)
    return client.post(reverse(name, args=args), data or {})


def test_another_instructor_cannot_discard_edit_read_or_publish_an_authors_draft(client, exercise, charlie, dana):
    draft = draft_for_exercise(exercise, charlie)

    assert post(client, dana, "catalog:discard_draft", draft.pk).status_code == 403
    assert post(client, dana, "catalog:publish_draft", draft.pk).status_code == 403
    assert post(client, dana, "catalog:draft", draft.pk, data={"title": "mine now"}).status_code == 403
    assert client.get(reverse("catalog:draft", args=[draft.pk])).status_code == 403
    assert client.get(reverse("catalog:draft_proof", args=[draft.pk])).status_code == 403

    client.force_login(charlie)
    assert client.get(draft.get_absolute_url()).status_code == 200  # still there for its author


def test_another_instructor_cannot_open_unpublish_or_see_the_history_of_an_item(client, exercise, dana):
    assert post(client, dana, "catalog:edit_exercise", exercise.slug).status_code == 403
    assert post(client, dana, "catalog:set_published", exercise.slug, data={"published": "0"}).status_code == 403
    assert client.get(reverse("catalog:authors", args=[exercise.slug])).status_code == 403
    exercise.refresh_from_db()
    assert exercise.is_published and not ExerciseDraft.objects.exists()


def test_another_instructor_reads_duplicates_and_teaches_with_it(client, exercise, dana):
    client.force_login(dana)
    assert client.get(reverse("catalog:export", args=[exercise.slug])).status_code == 200
    listing = client.get(reverse("catalog:authoring_list")).content.decode()
    row = listing[listing.index(f'data-slug="{exercise.slug}"') :].split("</tr>")[0]
    assert "Duplicate" in row and "Unpublish" not in row and "by charlie" in row

    copy = client.post(reverse("catalog:duplicate", args=[exercise.slug]))

    draft = ExerciseDraft.objects.get(author=dana)
    assert copy["Location"] == draft.get_absolute_url()
    assert draft.exercise is None and draft.uuid != exercise.uuid
    assert draft.metadata["slug"] == "multiple-output-copy" and draft.metadata["title"].endswith("(copy)")
    assert client.get(draft.get_absolute_url()).status_code == 200
    add_item(create_course(dana, "Dana's RNNs"), exercise=exercise)  # teaching with it needs no authorship


def test_a_superuser_may_change_what_has_no_author(client, exercises, root):
    site_exercise = exercises["stacked-rnn"]
    assert not site_exercise.authors.exists()
    assert post(client, root, "catalog:edit_exercise", site_exercise.slug).status_code == 302
    assert post(client, root, "catalog:set_published", site_exercise.slug, data={"published": "0"}).status_code == 302


def test_authors_add_co_authors_who_may_then_edit(client, exercise, charlie, dana, alice):
    assert post(client, charlie, "catalog:authors", exercise.slug, data={"username": "alice"}).status_code == 302
    assert not exercise.authors.filter(pk=alice.pk).exists()  # a learner cannot write exercises
    post(client, charlie, "catalog:authors", exercise.slug, data={"username": "dana"})
    assert exercise.authors.filter(pk=dana.pk).exists()
    assert post(client, dana, "catalog:edit_exercise", exercise.slug).status_code == 302

    post(client, dana, "catalog:authors", exercise.slug, data={"username": "charlie", "action": "remove"})
    refused = post(client, dana, "catalog:authors", exercise.slug, data={"username": "dana", "action": "remove"})
    assert list(exercise.authors.values_list("username", flat=True)) == ["dana"]
    page = client.get(refused["Location"]).content.decode()
    assert "dana is the last author" in page


def test_quizzes_follow_the_same_rule(client, charlie, dana):
    quiz = published_quiz()
    quiz.authors.add(charlie)
    assert post(client, dana, "quizzes:edit_quiz", quiz.slug).status_code == 403
    assert post(client, dana, "quizzes:set_published", quiz.slug, data={"published": "0"}).status_code == 403
    assert post(client, dana, "quizzes:duplicate", quiz.slug).status_code == 302
    copy = QuizDraft.objects.get(author=dana)
    assert copy.quiz is None and copy.uuid != quiz.uuid and f"slug: {quiz.slug}-copy" in copy.source


# --- the usage rule ---------------------------------------------------------------------------


def dana_schedules(exercise, dana, due_in_days: int | None = 7):
    course = create_course(dana, "Dana's RNNs")
    due = timezone.now() + timedelta(days=due_in_days) if due_in_days is not None else None
    return add_item(course, exercise=exercise, due_at=due)


def test_unpublishing_waits_while_another_instructors_course_schedules_it(client, exercise, charlie, dana):
    item = dana_schedules(exercise, dana)

    refused = post(client, charlie, "catalog:set_published", exercise.slug, data={"published": "0"})
    page = client.get(refused["Location"]).content.decode()
    exercise.refresh_from_db()
    assert exercise.is_published
    assert "stays published for now" in page and "Dana&#x27;s RNNs" in page and "taught by dana" in page
    assert [message.to for message in mail.outbox] == [["dana@example.com"]]
    assert "wants to unpublish" in mail.outbox[0].subject

    post(client, charlie, "catalog:set_published", exercise.slug, data={"published": "0"})
    assert len(mail.outbox) == 1  # told once

    remove_item(item)
    post(client, charlie, "catalog:set_published", exercise.slug, data={"published": "0"})
    exercise.refresh_from_db()
    assert not exercise.is_published


def test_no_due_date_schedules_it_and_a_past_due_date_does_not(client, exercise, charlie, dana):
    item = dana_schedules(exercise, dana, due_in_days=None)
    post(client, charlie, "catalog:set_published", exercise.slug, data={"published": "0"})
    exercise.refresh_from_db()
    assert exercise.is_published

    item.due_at = timezone.now() - timedelta(hours=1)
    item.save()
    post(client, charlie, "catalog:set_published", exercise.slug, data={"published": "0"})
    exercise.refresh_from_db()
    assert not exercise.is_published


def test_an_authors_own_course_does_not_hold_them_back(client, exercise, charlie):
    add_item(create_course(charlie, "Charlie's RNNs"), exercise=exercise, due_at=timezone.now() + timedelta(days=3))
    post(client, charlie, "catalog:set_published", exercise.slug, data={"published": "0"})
    exercise.refresh_from_db()
    assert not exercise.is_published and not mail.outbox


def test_a_new_version_waits_like_unpublishing(client, exercise, charlie, dana):
    dana_schedules(exercise, dana)
    draft = draft_for_exercise(exercise, charlie)
    # What a worker records once the proof of exactly this draft passed (its grading is not under test here).
    proven = {"file": "solution.py", "expected": "accepted", "verdict": "accepted", "feedback": "", "ok": True}
    finish_job(ExerciseDraft, draft.pk, draft.job_input_hash, proof_results=[proven])

    refused = post(client, charlie, "catalog:publish_draft", draft.pk)

    assert refused["Location"] == draft.get_absolute_url()
    assert "published version stays for now" in client.get(refused["Location"]).content.decode()
    assert Exercise.objects.get(pk=exercise.pk).version == 1 and ExerciseDraft.objects.filter(pk=draft.pk).exists()
    assert "wants to publish a new version of" in mail.outbox[0].subject


# --- the audit log ----------------------------------------------------------------------------


def test_every_action_is_logged_with_the_content_hash_before_and_after(client, exercise, charlie, dana):
    post(client, charlie, "catalog:edit_exercise", exercise.slug)
    draft = ExerciseDraft.objects.get()
    post(client, charlie, "catalog:discard_draft", draft.pk)
    post(client, charlie, "catalog:authors", exercise.slug, data={"username": "dana"})
    post(client, dana, "catalog:set_published", exercise.slug, data={"published": "0"})
    post(client, dana, "catalog:duplicate", exercise.slug)

    events = AuthoringEvent.objects.filter(content_uuid=exercise.uuid).order_by("pk")
    assert [(e.actor.username, e.action) for e in events] == [
        ("charlie", "draft_discarded"),
        ("charlie", "author_added"),
        ("dana", "unpublished"),
        ("dana", "duplicated"),
    ]
    assert events[0].hash_before == draft.job_input_hash
    assert events[2].hash_before == events[2].hash_after == exercise.content_hash

    client.force_login(charlie)
    history = client.get(reverse("catalog:authors", args=[exercise.slug])).content.decode()
    assert "unpublished" in history and "added a co-author: dana" in history and exercise.content_hash[:12] in history


def test_a_refusal_is_the_sites_page_saying_why_and_hides_no_link_to_it(client, exercise, charlie, dana):
    draft = draft_for_exercise(exercise, charlie)
    client.force_login(dana)
    listing = client.get(reverse("catalog:authoring_list")).content.decode()
    assert draft.get_absolute_url() not in listing and "a draft is open" in listing

    refused = client.get(draft.get_absolute_url())

    assert refused.status_code == 403
    page = refused.content.decode()
    assert "<title>Not yours to see · Unroll</title>" in page and "This draft is another author" in page
