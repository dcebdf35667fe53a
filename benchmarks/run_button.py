"""The Run button as a learner meets it: click → result shown, measured in Chromium, against a live cluster.

Starts a cluster of its own (benchmarks/cluster.py: PostgreSQL from initdb, Redis, gunicorn, one Celery
worker with its warm grading engine), opens the exercise page in Debian's Chromium driven by Playwright as
a signed-in learner, and clicks Run N times (20 by default) on code that prints its output shape. Each time
is taken inside the page: performance.now() at the click, then again once the run's output is in the page
and painted (the next animation frame). Prints p50 and p95 of those, and the worker's own share (the run in
the sandbox, from the stored results). One untimed run first: the variant's derivation and the first fork.

    .venv/bin/python benchmarks/run_button.py [--runs N] [--slug SLUG]

Needs root (PostgreSQL runs as the `postgres` user), PostgreSQL 15's binaries and /usr/bin/chromium.
"""

import argparse
import os
import shutil
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cluster import (  # noqa: E402 - benchmarks/ is not a package
    SETUP_CONTENT,
    Host,
    Postgres,
    Redis,
    Settings,
    Web,
    Worker,
    django,
    free_port,
    make_learners,
    temporary_folder,
)

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
CODE = """import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import SimpleRNN
model = Sequential()
model.add(SimpleRNN(4, input_shape=(3, 2), return_sequences=True))
print("output shape:", model.predict(np.zeros((1, 3, 2)), verbose=0).shape)
"""
COLLECT_STATIC = (
    'from django.core.management import call_command\ncall_command("collectstatic", "--noinput", verbosity=0)'
)
# Clicks Run and resolves, with the milliseconds taken, once the run's output is in the page and painted.
CLICK_AND_WAIT = """async () => {
  const output = document.getElementById("run-output");
  const started = performance.now();
  const shown = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (output.dataset.state === "ok" || output.dataset.state === "error") {
        observer.disconnect();
        resolve(output.dataset.state);
      }
    });
    observer.observe(output, { attributes: true, attributeFilter: ["data-state"] });
  });
  document.getElementById("run").click();
  const state = await shown;
  await new Promise((resolve) => requestAnimationFrame(() => resolve()));
  return { state, ms: performance.now() - started };
}"""


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class Cluster:
    """PostgreSQL, Redis, gunicorn and one worker, in a temporary folder; static files collected as in production."""

    def __init__(self, folder: Path):
        host = Host()
        self.postgres = Postgres(folder, host, free_port())
        self.redis = Redis(folder, host, free_port(), persistent=False)
        (folder / "var").mkdir()
        self.settings = Settings(
            self.postgres.url,
            self.redis.url,
            folder / "var",
            # Plain HTTP on the loopback: the browser talks to gunicorn directly, with no HTTPS proxy in front.
            extra={"STATIC_ROOT": str(folder / "static"), "GRADER_CONCURRENCY": "1", "PLAIN_HTTP": "true"},
        )
        self.web = Web(host, free_port(), self.settings, folder / "web.log")
        self.worker = Worker("run-bench", host, self.settings, folder / "worker.log")

    def start(self) -> None:
        self.postgres.create()
        self.redis.start()
        django(self.settings, SETUP_CONTENT)
        django(self.settings, COLLECT_STATIC)
        self.web.start()
        self.worker.start()
        try:
            self.web.wait_ready()
            self.worker.wait_ready()
        except (TimeoutError, RuntimeError):
            print(f"gunicorn's log:\n{self.web.log_text()[-3000:]}\nthe worker's:\n{self.worker.log_text()[-3000:]}")
            raise

    def stop(self) -> None:
        self.worker.stop()
        self.web.stop()
        self.redis.kill()
        self.postgres.stop()

    def sandbox_ms(self) -> list[int]:
        rows = self.postgres.query("select result->'timings'->>'run_ms' from submissions_run where status = 'done'")
        return [int(value) for (value,) in rows if value]


def click_run(page) -> float:
    outcome = page.evaluate(CLICK_AND_WAIT)
    if outcome["state"] != "ok":
        raise RuntimeError("the run failed: " + page.locator("#run-error").inner_text())
    return outcome["ms"]


def measure(cluster: Cluster, slug: str, runs: int) -> tuple[float, list[float]]:
    from playwright.sync_api import sync_playwright

    session = make_learners(cluster.settings, 1)[0]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1280, "height": 1000})
        context.add_cookies([{"name": "sessionid", "value": session, "url": cluster.web.url}])
        page = context.new_page()
        page.set_default_timeout(120_000)
        page.goto(f"{cluster.web.url}/exercises/{slug}/")
        page.evaluate("code => window.unrollEditor.setValue(code, -1)", CODE)
        first = click_run(page)  # untimed in the figures: derives the variant, the engine's first run
        times = [click_run(page) for _ in range(runs)]
        shown = page.locator("#run-stdout").inner_text()
        if "output shape:" not in shown:
            raise RuntimeError(f"the page did not show the print: {shown!r}")
        browser.close()
    return first, times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="timed clicks on Run (default 20)")
    parser.add_argument("--slug", default="single-output", help="the exercise whose page is used")
    arguments = parser.parse_args()
    if not shutil.which(CHROMIUM):
        sys.exit(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    folder = temporary_folder()
    cluster = Cluster(folder)
    try:
        print(f"starting a cluster in {folder} (PostgreSQL, Redis, gunicorn, one worker)…", flush=True)
        cluster.start()
        first, times = measure(cluster, arguments.slug, arguments.runs)
        sandbox = cluster.sandbox_ms()
    finally:
        cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)
    print(f"first run (untimed in the figures): {first:.0f} ms")
    print(f"Run button, click → result shown in Chromium, {len(times)} runs on {arguments.slug}:")
    print(f"  p50 {percentile(times, 0.5):.0f} ms   p95 {percentile(times, 0.95):.0f} ms")
    print(f"  min {min(times):.0f} ms   mean {statistics.mean(times):.0f} ms   max {max(times):.0f} ms")
    print(f"  of which in the worker (run_code, sandbox included): p50 {statistics.median(sandbox):.0f} ms")


if __name__ == "__main__":
    main()
