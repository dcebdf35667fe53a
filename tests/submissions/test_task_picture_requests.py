"""No GET enqueues work: opening the exercise page, the list, or polling the picture of the task only read.
The page's script asks for the picture with a POST, which asks a worker to derive the learner's variant."""

import pytest
from celery import Celery
from django.urls import reverse

from unroll.catalog.models import Exercise

NOT_READY = {"ready": False, "figure": None}


@pytest.fixture
def sent(monkeypatch):
    """Every task sent to the broker during the test, as (task name, args): recorded, never sent."""
    sent = []

    def record(app, name, args=None, kwargs=None, **options):
        sent.append((name.rsplit(".", 1)[-1], tuple(args or ())))

    monkeypatch.setattr(Celery, "send_task", record)
    return sent


@pytest.fixture
def pictured(exercises):
    """An exercise that shows the picture of its task, whose variants no worker has derived."""
    exercise = exercises["lstm-sequence"]
    Exercise.objects.filter(pk=exercise.pk).update(show_figure=True)
    return exercise


def test_the_exercise_pages_and_the_pictures_url_enqueue_nothing_on_a_get(client, alice, pictured, sent):
    client.force_login(alice)

    page = client.get(reverse("catalog:exercise_detail", args=[pictured.slug]))
    assert page.status_code == 200 and "data-figure-url" in page.content.decode()  # pending: the script asks
    for _ in range(2):
        assert client.get(reverse("catalog:exercise_figure", args=[pictured.slug])).json() == NOT_READY
    assert client.get(reverse("catalog:exercise_list")).status_code == 200

    assert sent == []


def test_the_pages_post_asks_a_worker_for_the_picture_of_the_learners_variant(client, alice, pictured, sent):
    client.force_login(alice)
    seed = client.get(reverse("catalog:exercise_detail", args=[pictured.slug])).context["variant"].seed

    answer = client.post(reverse("catalog:exercise_figure", args=[pictured.slug]))

    assert answer.status_code == 200 and answer.json() == NOT_READY  # the same answer as a GET's
    assert sent == [("derive_variant_task", (pictured.pk, seed))]
