"""Every browser test is also an accessibility test: each page its browser loaded that the test did not
check itself (tests/browser/axe.py) is checked by axe at the end of a passing test, in both themes,
starting with the state the test leaves the page in."""

from urllib.parse import urldefrag, urlsplit

import pytest
from browser.axe import LEDGER, assert_no_serious_violations


class AxeWatcher:
    """The same-origin pages a test's browser loaded, in order, and whether each was checked since."""

    def __init__(self, page, origin: str):
        self.origin = origin
        self.unchecked: list[str] = []
        page.on("framenavigated", lambda frame: frame.parent_frame is None and self.loaded(frame.url))

    def loaded(self, url: str) -> None:
        url = urldefrag(url).url
        if urlsplit(url)._replace(path="", query="", fragment="").geturl() != self.origin:
            return
        if url in self.unchecked:
            self.unchecked.remove(url)
        self.unchecked.append(url)

    def checked(self, url: str) -> None:
        if urldefrag(url).url in self.unchecked:
            self.unchecked.remove(urldefrag(url).url)

    def check_the_rest(self, page) -> None:
        """The page as the test left it, then every other page it loaded, each as a fresh GET."""
        failures = []
        if urldefrag(page.url).url in self.unchecked:
            failures += failure_of(page, "the state the test ended in")
        for url in list(self.unchecked):
            response = page.goto(url)
            if response is None or "text/html" not in (response.headers.get("content-type") or ""):
                self.checked(url)
                continue
            failures += failure_of(page, f"{urlsplit(url).path}, loaded again")
        assert not failures, "\n\n".join(failures)


def failure_of(page, label: str) -> list[str]:
    try:
        assert_no_serious_violations(page, label)
    except AssertionError as exc:
        return [str(exc)]
    return []


def origin_of(url: str) -> str:
    return urlsplit(url)._replace(path="", query="", fragment="").geturl()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(page, request):
    """The shared Chromium page (tests/conftest.py), watched: what the test reached is checked by axe."""
    live_server = request.getfixturevalue("live_server") if "live_server" in request.fixturenames else None
    if live_server is None:
        yield page
        return
    watcher = AxeWatcher(page, origin_of(live_server.url))
    page.axe_watcher = watcher
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.passed:
        watcher.check_the_rest(page)


@pytest.fixture(scope="session", autouse=True)
def axe_counts():
    """test-artifacts/axe-counts.json: the totals of every axe check of the session."""
    yield LEDGER
    LEDGER.write()
