"""Submit never loses or blames: with the broker down, a submission is saved and the learner told so;
the sweeper sends it once the broker is back. A real Redis of this test's own, killed for real."""

import shutil
import subprocess

import pytest
from celery import current_app

from support import IN_CI, free_port, start_redis_server, wait_until
from unroll.submissions.models import Submission
from unroll.submissions.sweeper import sweep
from unroll.submissions.views import NOT_SENT_NOTICE

# Real commits: the submission is sent on commit, as in production, before the view answers.
pytestmark = pytest.mark.django_db(transaction=True)


class OwnRedis:
    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> None:
        self.process = start_redis_server(self.port, "--save", "", "--appendonly", "no")

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()

    def queued(self) -> int:
        return int(subprocess.run(["redis-cli", "-p", str(self.port), "llen", "celery"], capture_output=True).stdout)


@pytest.fixture
def broker():
    """The Celery app pointed at a Redis of its own (its connection pools rebuilt for it), then back."""
    if not shutil.which("redis-server"):
        if IN_CI:
            pytest.fail("CI=true but redis-server is not installed")
        pytest.skip("needs redis-server")
    redis = OwnRedis()
    redis.start()
    previous = current_app.conf.broker_url
    use_broker(redis.url)
    yield redis
    use_broker(previous)
    if redis.process.poll() is None:
        redis.kill()


def use_broker(url: str) -> None:
    current_app.conf.broker_url = current_app.conf.broker_write_url = current_app.conf.broker_read_url = url
    current_app.conf.broker_transport_options = {"socket_connect_timeout": 1, "socket_timeout": 2}
    current_app._pool = None  # noqa: SLF001 - the app keeps one connection pool per broker URL
    current_app.amqp._producer_pool = None  # noqa: SLF001


def submit(client, exercise):
    return client.post(
        f"/exercises/{exercise.slug}/submit/", {"code": exercise.solution_code}, content_type="application/json"
    )


def test_a_submit_while_the_broker_is_down_is_saved_and_sent_once_it_is_back(client, alice, exercises, broker):
    client.force_login(alice)
    broker.kill()

    response = submit(client, exercises["single-output"])

    assert response.status_code == 202
    assert response.json()["notice"] == NOT_SENT_NOTICE
    saved = Submission.objects.get()
    assert saved.status in ("queued", "running", "done")  # saved: another worker's sweeper may take it at once

    broker.start()

    def swept() -> int:
        sweep()  # this process's pass, beside any worker's own
        return Submission.objects.get().sends

    wait_until(swept, 30, "the sweeper to send the saved submission", every=0.5)
    assert Submission.objects.get().sends >= 1


def test_a_submit_with_the_broker_up_has_no_notice(
    client, alice, exercises, broker, django_capture_on_commit_callbacks
):
    client.force_login(alice)

    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, exercises["single-output"])

    assert response.status_code == 202
    assert "notice" not in response.json()
    assert broker.queued() == 1
    assert Submission.objects.get().sends == 1
