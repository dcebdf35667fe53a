"""In Chromium, every page a visitor, a learner and an instructor can reach, found by following the links
of the pages themselves (a bounded crawl of the site): at 1280 px and at 390 px, in the light and the dark
theme, each has a title of plain text, no sideways scroll on a phone, and no critical or serious axe
violation. A few states that only a form or a button reaches (an error, a hint shown) are checked too."""

import re
from collections import Counter, deque
from datetime import timedelta
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from browser.axe import blocking_in, describe, violations_in_both_themes
from django.utils import timezone
from pages import PERSONAS, pages_for, site_data
from playwright.sync_api import Error as PlaywrightError

from support import check, graded, published_quiz
from unroll.catalog.drafts import draft_for_exercise
from unroll.content.actions import add_author
from unroll.courses.actions import add_item, create_course, join_course, override_score
from unroll.quizzes.actions import submit_attempt
from unroll.quizzes.drafts import draft_for_quiz

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 390)
MAX_PAGES = 120  # per persona: the site has about 60 for an instructor with this data
MAX_QUERIES_PER_PATH = 3  # a sortable table's ?sort= links: a few of them, not every order
SKIPPED_PATHS = ("/admin/",)  # Django's own admin: not Unroll's pages

# Questions of every type that needs no grader, one prompt with a long line of code (a phone must scroll
# the code block, not the page).
WIDE_QUIZ = """\
uuid: "5d0f3b2e-9a3c-4c55-9a51-7f1e0f0c2a11"
slug: every-kind
title: Every kind of question
topic: shapes
order: 2
attempts_allowed: 3
penalty: [1.0, 0.5]
questions:
  - key: units
    type: single
    prompt: |
      What does the 4 set in this model?

      ```python
      model = Sequential([SimpleRNN(4, input_shape=(3, 2), return_sequences=True), TimeDistributed(Dense(1))])
      ```
    choices:
      - {text: "The units", correct: true}
      - {text: "The time steps"}
    explanation: The first argument is `units`, the size of the hidden state.
  - key: tasks
    type: multiple
    prompt: When do you need `return_sequences=True`?
    choices:
      - {text: "A recurrent layer is stacked on top", correct: true}
      - {text: "Each word gets a label", correct: true}
      - {text: "One score per sentence"}
    explanation: When what comes next works per step.
  - key: steps
    type: numeric
    prompt: How many steps for 7 words?
    answer: 7
    explanation: One per word.
  - key: sequence-shape
    type: shape
    prompt: What does `SimpleRNN(4, return_sequences=True)` return for `(1, 3, 2)`?
    answer: [1, 3, 4]
    explanation: One vector of 4 per step.
"""
LONG_CODE = (
    "from tensorflow.keras.layers import SimpleRNN, Dense\n"
    "model = Sequential([SimpleRNN(4, input_shape=(3, 2), return_sequences=False), Dense(1, activation='sigmoid')])"
    "  # a line longer than a phone\n"
)


@pytest.fixture
def term(exercises, alice, charlie):
    """A course in mid-term: every exercise and two quizzes, a learner who has worked (accepted and wrong
    submissions, quiz attempts, an item past its due date, a score overridden), and drafts being written."""
    course = create_course(charlie, "Recurrent layers, spring term", "Every exercise of the guide, then two quizzes.")
    items = [add_item(course, exercise=exercise) for exercise in sorted(exercises.values(), key=lambda e: e.order)]
    shapes, every_kind = published_quiz(), published_quiz(WIDE_QUIZ)
    items.append(add_item(course, quiz=shapes, due_at=timezone.now() - timedelta(days=1)))
    items.append(add_item(course, quiz=every_kind, opens_at=timezone.now() - timedelta(days=2)))
    join_course(alice, course.join_code)

    shape_check, units_check = "output shape", "units of the SimpleRNN"
    graded(alice, exercises["single-output"], "accepted", 1.0, [check(shape_check, True)], LONG_CODE)
    graded(
        alice, exercises["multiple-output"], "wrong_answer", 0.5, [check(shape_check, True), check(units_check, False)]
    )
    graded(alice, exercises["multiple-output"], "syntax_error", 0.0, [], "model = Sequential(\n")
    graded(alice, exercises["time-distributed"], "runtime_error", 0.0, [], LONG_CODE)
    submit_attempt(alice, shapes, {"units": "1", "sequence-shape": "(None, 3, 2)"})
    submit_attempt(
        alice, every_kind, {"units": "0", "tasks": ["0", "1"], "steps": "7", "sequence-shape": "(None, 3, 4)"}
    )
    override_score(items[1], alice, charlie, 0.75, "The units were right; the checker was strict.")

    add_author(exercises["stacked-rnn"], charlie.username)  # the instructor writes these two: their drafts
    add_author(every_kind, charlie.username)
    draft_for_exercise(exercises["stacked-rnn"], charlie)
    draft_for_quiz(every_kind, charlie)
    return course


@pytest.fixture
def listed(term, exercises, alice, charlie):
    """The pages tests/pages.py lists for each persona (over its own course, added to the term's): the crawl
    starts from them, then follows the links, so that it reaches both what is listed and what is not."""
    data = site_data(alice, charlie, exercises)
    return {persona: pages_for(persona, data) for persona in PERSONAS}


# --- the crawl


def is_same_site(url: str, base: str) -> bool:
    return urlsplit(url).netloc == urlsplit(base).netloc


def links_of(page, base: str) -> list[str]:
    """The same-origin pages this page links to (never a download)."""
    hrefs = page.eval_on_selector_all("a[href]:not([download])", "links => links.map((a) => a.href)")
    found = []
    for href in hrefs:
        url = urldefrag(urljoin(page.url, href)).url
        if url.startswith("http") and is_same_site(url, base) and not urlsplit(url).path.startswith(SKIPPED_PATHS):
            found.append(url)
    return found


def open_page(page, url: str) -> int | None:
    """Go to the url; its HTTP status, or None when it is not an HTML page (a download, a JSON answer)."""
    try:
        response = page.goto(url)
    except PlaywrightError as exc:
        if "Download is starting" in str(exc):
            return None
        raise
    if response is None or "text/html" not in (response.headers.get("content-type") or ""):
        return None
    return response.status


def crawl(page, base: str, starts: list[str], check_page) -> list[str]:
    """Breadth first from the start pages along the links each page shows; check_page on every page reached."""
    queue, seen, reached = deque(starts), set(), []
    queries_per_path = Counter()
    while queue and len(reached) < MAX_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        path = urlsplit(url).path
        if urlsplit(url).query:
            queries_per_path[path] += 1
            if queries_per_path[path] > MAX_QUERIES_PER_PATH:
                continue
        status = open_page(page, url)
        if status is None:
            continue
        reached.append(urlsplit(page.url).path + (f"?{urlsplit(page.url).query}" if urlsplit(page.url).query else ""))
        check_page(urlsplit(url).path, status)
        queue.extend(link for link in links_of(page, base) if link not in seen)
    return reached


# --- what every page state must hold


TITLE_PATTERN = re.compile(r"^[^<>{}]+ · Unroll$")


def problems_of_title(page) -> list[str]:
    title = page.title()
    if not TITLE_PATTERN.match(title) or "csrf" in title.lower() or "&" in title:
        return [f"the title is not plain text: {title!r}"]
    return []


def sideways_scroll(page) -> list[str]:
    """At the page's width: the document may not be wider than the window; names what sticks out."""
    overflow = page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            if (document.documentElement.scrollWidth <= width) return null;
            const inScroller = (el) => { for (let p = el.parentElement; p; p = p.parentElement) {
                const s = getComputedStyle(p); if (s.overflowX === "auto" || s.overflowX === "scroll") return true; }
                return false; };
            const wide = [...document.body.querySelectorAll("*")]
                .filter((el) => el.getBoundingClientRect().right > width + 1 && !inScroller(el))
                .slice(0, 6).map((el) => `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}` +
                    `${el.className && typeof el.className === "string" ? "." + el.className.split(" ").join(".") : ""}` +
                    ` (${Math.round(el.getBoundingClientRect().right)} px)`);
            return {scroll: document.documentElement.scrollWidth, width, wide};
        }"""
    )
    if overflow is None:
        return []
    return [f"scrolls sideways at {overflow['width']} px ({overflow['scroll']} px wide): {', '.join(overflow['wide'])}"]


def clipped_code(page) -> list[str]:
    """Code in a statement, a hint, a quiz or an explanation wraps: no line of it is cut at the box's edge."""
    clipped = page.evaluate(
        """() => [...document.querySelectorAll(".markdown pre")]
            .filter((pre) => pre.offsetParent !== null && pre.scrollWidth > pre.clientWidth + 1)
            .map((pre) => pre.textContent.trim().split("\\n")[0].slice(0, 60))"""
    )
    return [f"code cut at {page.viewport_size['width']} px: {line!r}" for line in clipped]


def open_every_details(page) -> None:
    """What a <details> holds is checked too: axe ignores what is not shown."""
    page.evaluate("() => document.querySelectorAll('details').forEach((d) => { d.open = true; })")


def problems_of_state(page, label: str) -> list[str]:
    """Title, sideways scroll and axe (both themes) at each width, for the page as it is now."""
    problems = problems_of_title(page)
    open_every_details(page)
    where_found = {}  # one violation, told once, with the themes and widths it was found in
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        if width < 500:
            problems += sideways_scroll(page)
        problems += clipped_code(page)
        for theme, violations in blocking_in(violations_in_both_themes(page, f"{label} at {width} px")).items():
            for violation in violations:
                where_found.setdefault(describe([violation]), []).append(f"{theme} {width} px")
    page.set_viewport_size({"width": 1280, "height": 900})
    problems += [f"axe ({', '.join(where)}):\n{text}" for text, where in where_found.items()]
    return [f"{label} ({page.url}): {problem}" for problem in problems]


class Inspector:
    """Checks page states for one persona and keeps every problem, so that one run names them all."""

    def __init__(self, page, persona: str):
        self.page, self.persona, self.problems, self.states = page, persona, [], 0

    def __call__(self, label: str, status: int = 200) -> None:
        self.states += 1
        if status >= 400:  # a link to a page that fails or is not there
            self.problems.append(f"{self.persona}, {label} ({self.page.url}): HTTP {status}")
        self.problems += problems_of_state(self.page, f"{self.persona}, {label}")

    def assert_clean(self, reached: list[str]) -> None:
        assert not self.problems, f"{len(self.problems)} problems on {self.states} page states:\n\n" + "\n\n".join(
            self.problems
        )
        assert self.states >= len(reached)


def log_in(page, base: str, username: str, password: str) -> None:
    """Through the login form, as a person does."""
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_selector(f"header .who:has-text('{username}')")


# --- the personas


def test_every_page_a_visitor_reaches_reads_well_on_a_phone_and_in_both_themes(live_server, page, listed):
    base = live_server.url
    inspect = Inspector(page, "visitor")
    reached = crawl(page, base, [f"{base}{path}" for path in listed["anonymous"]], inspect)
    assert set(listed["anonymous"]) <= set(reached)
    assert {"/accounts/login/", "/accounts/signup/", "/accounts/password_reset/"} <= set(reached)

    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", "not her password")
    page.click("main button[type=submit]")
    page.wait_for_selector(".errorlist, .errors, .error")
    inspect("login refused")

    page.goto(f"{base}/accounts/signup/")
    page.fill("#id_username", "alice")  # taken, and two passwords that differ
    page.fill("#id_email", "alice@example.com")
    page.fill("#id_password1", "a-long-password-1")
    page.fill("#id_password2", "another-password-2")
    page.click("main button[type=submit]")
    page.wait_for_selector(".errorlist, .errors, .error")
    inspect("sign-up refused")
    inspect.assert_clean(reached)


def test_every_page_a_learner_reaches_reads_well_on_a_phone_and_in_both_themes(live_server, page, alice, term, listed):
    base = live_server.url
    log_in(page, base, "alice", "alice-password-1")
    inspect = Inspector(page, "learner")
    reached = crawl(page, base, [f"{base}/", *(f"{base}{path}" for path in listed["learner"])], inspect)
    assert set(listed["learner"]) <= set(reached)
    expected = {"/exercises/", "/exercises/single-output/", "/quizzes/", "/quizzes/every-kind/", "/courses/"}
    assert expected <= set(reached), expected - set(reached)
    assert f"/courses/{term.pk}/" in reached and any(path.startswith("/submissions/") for path in reached)

    page.goto(f"{base}/exercises/single-output/")
    page.click("#next-hint")
    page.wait_for_selector("#hint-list li")
    inspect("an exercise with a hint shown")

    page.goto(f"{base}/quizzes/every-kind/")
    page.fill("#question-sequence-shape input[type=text]", "(None, 3, 4")  # a typo: refused, nothing lost
    page.click("#submit-quiz")
    page.wait_for_selector("#question-sequence-shape .error")
    inspect("a quiz refusing an answer")
    inspect.assert_clean(reached)


def test_every_page_an_instructor_reaches_reads_well_on_a_phone_and_in_both_themes(
    live_server, page, charlie, alice, term, listed
):
    base = live_server.url
    log_in(page, base, "charlie", "charlie-password-1")
    inspect = Inspector(page, "instructor")
    reached = crawl(page, base, [f"{base}/", *(f"{base}{path}" for path in listed["instructor"])], inspect)
    assert set(listed["instructor"]) <= set(reached)
    expected = {
        f"/courses/{term.pk}/gradebook/",
        f"/courses/{term.pk}/statistics/",
        f"/courses/{term.pk}/manage/",
        f"/courses/{term.pk}/learners/{alice.pk}/",
        "/instructor/progress/",
        "/exercises/manage/",
        "/quizzes/manage/",
        "/exercises/manage/new/",
    }
    assert expected <= set(reached), expected - set(reached)
    assert any(path.startswith("/exercises/manage/drafts/") for path in reached)
    assert any(path.startswith("/quizzes/manage/drafts/") for path in reached)
    inspect.assert_clean(reached)


# --- the checks themselves find what issue 13 reported


REPORTED_PAGE = """<!doctype html><html lang="en"><head><title>Reported · Unroll</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  .status-attempted { background: #fff4d6; color: #9a6700; font-size: .85rem; }
  pre { overflow-x: auto; width: 20rem; }
</style></head><body><main>
  <table style="width: 660px"><thead><tr><th>Exercise</th><th></th></tr></thead>
    <tbody><tr><td><span class="status-attempted">Attempted</span></td><td>2</td></tr></tbody></table>
  <details><summary><a href="/submissions/1/">Submission 1</a></summary>code</details>
  <article class="markdown"><pre><code>model = Sequential([SimpleRNN(4, input_shape=(3, 2), return_sequences=True), \
TimeDistributed(Dense(1))])</code></pre></article>
  <li>a hint outside its list</li>
</main></body></html>"""


def test_the_checks_find_each_problem_the_issue_reported(page):
    page.set_viewport_size({"width": 390, "height": 900})
    page.set_content(REPORTED_PAGE)

    found = blocking_in(violations_in_both_themes(page, "issue 13's page", ledger=None))

    expected = {"color-contrast", "nested-interactive", "scrollable-region-focusable", "listitem", "empty-table-header"}
    for theme in ("light", "dark"):
        assert {violation["id"] for violation in found[theme]} == expected, theme
    assert "scrolls sideways at 390 px (" in sideways_scroll(page)[0]
    (cut,) = clipped_code(page)
    assert cut.startswith("code cut at 390 px: 'model = Sequential([SimpleRNN(4, input_shape=(3, 2)")
    page.evaluate("document.title = '<b>Reported</b> · Unroll'")
    assert problems_of_title(page)
