"""Submit never loses or blames: with the broker down, a submission is saved and the learner told so;
the sweeper sends it once the broker is back. A real Redis of this test's own, killed for real."""

import shutil
import socket
import subprocess
import time

import pytest
from celery import current_app

from support import IN_CI
from unroll.submissions.models import Submission
from unroll.submissions.sweeper import sweep
from unroll.submissions.views import NOT_SENT_NOTICE

# Real commits: the submission is sent on commit, as in production, before the view answers.
pytestmark = pytest.mark.django_db(transaction=True)


class OwnRedis:
    def __init__(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if (
                subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True).stdout.strip()
                == b"PONG"
            ):
                return
            time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

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
    deadline = time.monotonic() + 30
    while Submission.objects.get().sends == 0 and time.monotonic() < deadline:
        sweep()  # this process's pass, beside any worker's own
        time.sleep(0.5)

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
