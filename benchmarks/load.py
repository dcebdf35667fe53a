"""Learners submitting through the site's own JSON API, as the exercise page's script does.

Each learner is a real HTTP client with its own signed-in session: it submits, polls
`/submissions/<id>.json` until the verdict, then submits its next answer. Everything the
server answers is kept: times, statuses, and whether each error came as JSON.
"""

import argparse
import json
import random
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import requests

POLL_SECONDS = 0.25  # as the exercise page polls (VERDICT_POLL_MS)


@dataclass
class Answer:
    """One submission a learner makes: the exercise, the code, and the verdict its version should give."""

    slug: str
    code: str
    expected: str


@dataclass
class Sent:
    """What became of one answer sent."""

    answer: Answer
    submission_id: int | None = None
    version: int | None = None
    submitted_at: float = 0.0
    verdict_at: float | None = None
    verdict: str | None = None
    notice: str | None = None  # "saved; grading will start when the grader is back"
    refusal: str | None = None  # a JSON error the learner was shown instead (e.g. unpublished)


@dataclass
class Burst:
    sent: list[Sent] = field(default_factory=list)
    http_errors: list[str] = field(default_factory=list)  # 5xx answers, with whether they were JSON
    non_json_errors: int = 0
    started_at: float = 0.0
    ended_at: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note_error(self, response: requests.Response) -> None:
        is_json = response.headers.get("Content-Type", "").startswith("application/json")
        with self.lock:
            if response.status_code >= 500:
                self.http_errors.append(f"{response.status_code} {'JSON' if is_json else 'HTML'}")
            if not is_json:
                self.non_json_errors += 1

    @property
    def submitted(self) -> list[Sent]:
        return [s for s in self.sent if s.submission_id is not None]

    def latencies(self) -> list[float]:
        return sorted(s.verdict_at - s.submitted_at for s in self.submitted if s.verdict_at is not None)

    def latency_summary(self) -> str:
        values = self.latencies()
        if not values:
            return "-"
        p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
        return f"{statistics.median(values):.1f} / {p95:.1f} / {values[-1]:.1f}"


class Learner:
    def __init__(self, base_url: str, session_key: str, burst: Burst, deadline: float, poll: float = POLL_SECONDS):
        self.base_url, self.burst, self.deadline, self.poll_seconds = base_url, burst, deadline, poll
        self.http = requests.Session()
        self.http.cookies.set("sessionid", session_key)
        self.csrf = ""

    def sign_in(self) -> None:
        """Fetch a page once, for the CSRF cookie the site's script sends back with each POST."""
        response = self.retrying(lambda: self.http.get(self.base_url + "/accounts/login/", timeout=10))
        self.csrf = response.cookies.get("csrftoken") or self.http.cookies.get("csrftoken", "")

    def retrying(self, call):
        """Call until the server answers (it may be restarting); 5xx and connection errors are noted."""
        while time.monotonic() < self.deadline:
            try:
                response = call()
            except requests.RequestException:
                time.sleep(0.5)
                continue
            if response.status_code < 500:
                return response
            self.burst.note_error(response)
            time.sleep(0.5)
        raise TimeoutError("the server never answered")

    def work(self, answers: list[Answer]) -> None:
        self.sign_in()
        for answer in answers:
            sent = Sent(answer, submitted_at=time.monotonic())
            with self.burst.lock:
                self.burst.sent.append(sent)
            self.submit_and_wait(sent)  # a TimeoutError ends this learner: what it sent stays as it was

    def submit_and_wait(self, sent: Sent) -> None:
        answer = sent.answer
        while True:
            response = self.retrying(
                lambda: self.http.post(
                    f"{self.base_url}/exercises/{answer.slug}/submit/",
                    json={"code": answer.code},
                    headers={"X-CSRFToken": self.csrf},
                    timeout=15,
                )
            )
            data = self.json_of(response)
            if response.status_code == 400 and "waiting" in data.get("error", ""):
                time.sleep(1)  # over the learner's cap: the page would say so; try again shortly
                continue
            break
        if response.status_code != 202:
            sent.refusal = f"{response.status_code}: {data.get('error', '(not JSON)')}"
            return
        sent.submission_id, sent.version, sent.notice = data["id"], data.get("exercise_version"), data.get("notice")
        self.poll(sent, data["status_url"])

    def poll(self, sent: Sent, status_url: str, ahead: int | None = None) -> None:
        while True:
            if time.monotonic() > self.deadline:
                raise TimeoutError("no verdict before the burst's deadline")
            time.sleep(self.delay(time.monotonic() - sent.submitted_at, ahead))
            response = self.retrying(lambda: self.http.get(self.base_url + status_url, timeout=10))
            data = self.json_of(response)
            ahead = data.get("ahead")
            if data.get("status") == "done":
                sent.verdict_at, sent.verdict = time.monotonic(), data["verdict"]
                return

    def delay(self, waited: float, ahead: int | None) -> float:
        """The exercise page's schedule (static/unroll/exercise.js, pollDelay): often at first, then
        less the longer it waited and the more submissions wait ahead of it."""
        by_wait = self.poll_seconds * (1 if waited < 2 else 2 if waited < 6 else 4)
        return min(max(by_wait, self.poll_seconds * (1 + (ahead or 0) / 4)), 5.0)

    def json_of(self, response: requests.Response) -> dict:
        if response.status_code >= 400:
            self.burst.note_error(response)
        try:
            data = response.json()
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}


def run_burst(
    base_url: str,
    sessions: list[str],
    answers: list[Answer],
    per_learner: int,
    timeout: float,
    seed: int = 0,
    burst: Burst | None = None,
    poll: float = POLL_SECONDS,
) -> Burst:
    """Every learner sends `per_learner` answers, one after another, all learners at once.

    `burst`, when given, is filled as the learners go (for a fault injector that watches it).
    """
    burst = burst or Burst()
    burst.started_at = time.monotonic()
    deadline = burst.started_at + timeout
    chooser = random.Random(seed)
    plans = [[chooser.choice(answers) for _ in range(per_learner)] for _ in sessions]
    with ThreadPoolExecutor(max_workers=len(sessions)) as pool:
        futures = [
            pool.submit(Learner(base_url, key, burst, deadline).work, plan) for key, plan in zip(sessions, plans)
        ]
        for future in futures:
            try:
                future.result()
            except TimeoutError:
                pass  # what it sent and never saw graded is counted as stuck
    burst.ended_at = time.monotonic()
    return burst


def burst_as_json(burst: Burst) -> dict:
    return {
        "sent": [{**asdict(s), "answer": asdict(s.answer)} for s in burst.sent],
        "http_errors": burst.http_errors,
        "non_json_errors": burst.non_json_errors,
        "started_at": burst.started_at,
        "ended_at": burst.ended_at,
    }


def burst_from_json(data: dict) -> Burst:
    sent = [Sent(**{**s, "answer": Answer(**s["answer"])}) for s in data["sent"]]
    return Burst(sent, data["http_errors"], data["non_json_errors"], data["started_at"], data["ended_at"])


def main() -> None:
    """Run one burst from the command line (inside another host's network namespace) and write it as JSON."""
    parser = argparse.ArgumentParser(description="one burst of learners through the JSON API")
    parser.add_argument("--url", required=True)
    parser.add_argument("--plan", type=Path, required=True, help='JSON: {"sessions": [...], "answers": [...]}')
    parser.add_argument("--per-learner", type=int, required=True)
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--poll", type=float, default=POLL_SECONDS)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    plan = json.loads(args.plan.read_text())
    answers = [Answer(**a) for a in plan["answers"]]
    burst = run_burst(args.url, plan["sessions"], answers, args.per_learner, args.timeout, poll=args.poll)
    args.out.write_text(json.dumps(burst_as_json(burst)))


if __name__ == "__main__":
    main()
