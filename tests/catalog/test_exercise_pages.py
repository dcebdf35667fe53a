"""The exercise list (each learner's own status) and the exercise page (statement, editor, history)."""

import html
import re

from django.urls import reverse

from support import graded
from unroll.content.rendering import render_markdown
from unroll.submissions.actions import submit_attempt

GUIDE_ORDER = ["single-output", "multiple-output", "time-distributed", "stacked-rnn", "sentiment-head"]
HOSTILE_STATEMENT = """# Hostile

Some **bold** text.

<script>alert(1)</script>

<img src="x.png" onerror="alert(2)">

[click me](javascript:alert(3))
"""


def list_row(content: str, slug: str) -> str:
    found = re.search(rf'<tr data-slug="{slug}">(.*?)</tr>', content, re.S)
    assert found, f"no row for {slug}"
    return found.group(1)


def status_in(row: str) -> str:
    return re.search(r'<span class="status [^"]*">([^<]*)</span>', row).group(1)


def textarea_of(content: str) -> str:
    return html.unescape(re.search(r'<textarea id="code"[^>]*>(.*?)</textarea>', content, re.S).group(1))


def statement_of(content: str) -> str:
    return re.search(r'<article class="markdown">(.*?)</article>', content, re.S).group(1)


def page_of(client, exercise):
    response = client.get(reverse("catalog:exercise_detail", args=[exercise.slug]))
    assert response.status_code == 200
    return response.content.decode()


# --- the exercise list ---------------------------------------------------------------------


def test_the_list_shows_every_published_exercise_in_order(client, alice, exercises):
    client.force_login(alice)

    response = client.get(reverse("catalog:exercise_list"))

    content = response.content.decode()
    # The guide's five come first, in its order; the second pack follows.
    assert [exercise.slug for exercise, _ in response.context["rows"]][: len(GUIDE_ORDER)] == GUIDE_ORDER
    positions = [content.index(f'data-slug="{slug}"') for slug in GUIDE_ORDER]
    assert positions == sorted(positions)
    for slug in GUIDE_ORDER:
        assert exercises[slug].title in html.unescape(content)


def test_the_list_shows_the_learners_own_status_on_each_exercise(client, alice, exercises):
    graded(alice, exercises["single-output"], "wrong_answer", 0.5)
    graded(alice, exercises["single-output"], "accepted", 1.0)
    graded(alice, exercises["multiple-output"], "wrong_answer", 0.25)
    client.force_login(alice)

    content = client.get(reverse("catalog:exercise_list")).content.decode()

    solved, attempted, untouched = (list_row(content, s) for s in GUIDE_ORDER[:3])
    assert status_in(solved) == "Solved"
    assert "<td>2</td>" in solved and "<td>100%</td>" in solved
    assert status_in(attempted) == "Attempted"
    assert "<td>1</td>" in attempted and "<td>25%</td>" in attempted
    assert status_in(untouched) == "Not started"


def test_the_list_never_shows_another_learners_status(client, alice, bob, exercises):
    graded(bob, exercises["time-distributed"], "accepted", 1.0)
    graded(bob, exercises["stacked-rnn"], "wrong_answer", 0.5)
    client.force_login(alice)

    content = client.get(reverse("catalog:exercise_list")).content.decode()

    for slug in GUIDE_ORDER:
        assert status_in(list_row(content, slug)) == "Not started"
    assert "Solved" not in content and "Attempted" not in content


def test_an_unpublished_exercise_is_absent_from_the_list_and_its_page_is_not_found(client, alice, exercises):
    exercises["stacked-rnn"].is_published = False
    exercises["stacked-rnn"].save(update_fields=["is_published"])
    client.force_login(alice)

    listing = client.get(reverse("catalog:exercise_list"))
    page = client.get(reverse("catalog:exercise_detail", args=["stacked-rnn"]))

    listed = [exercise.slug for exercise, _ in listing.context["rows"]]
    assert "stacked-rnn" not in listed
    assert listed[: len(GUIDE_ORDER) - 1] == [s for s in GUIDE_ORDER if s != "stacked-rnn"]
    assert 'data-slug="stacked-rnn"' not in listing.content.decode()
    assert page.status_code == 404


def test_an_unknown_exercise_page_is_not_found(client, alice, exercises):
    client.force_login(alice)

    assert client.get(reverse("catalog:exercise_detail", args=["no-such-exercise"])).status_code == 404


# --- the exercise page ---------------------------------------------------------------------


def test_the_page_renders_the_statement_as_html(client, alice, exercises):
    client.force_login(alice)

    statement = statement_of(page_of(client, exercises["single-output"]))

    assert "<h1>" not in statement  # its own title line is the page's title
    assert '<strong>"I am Groot"</strong>' in statement
    assert "<h2>What <code>units</code> means</h2>" in statement
    assert "**" not in statement


def test_the_editor_starts_with_the_starter_code(client, alice, exercises):
    client.force_login(alice)

    assert textarea_of(page_of(client, exercises["single-output"])) == exercises["single-output"].starter_code


def test_the_editor_holds_the_learners_last_submitted_code_when_they_come_back(client, alice, exercises):
    exercise = exercises["single-output"]
    graded(alice, exercise, "wrong_answer", 0.5, code="model = 'first try'\n")
    submit_attempt(alice, exercise, "model = 'second try'\n")  # still queued: it is the last one all the same
    client.force_login(alice)

    assert textarea_of(page_of(client, exercise)) == "model = 'second try'\n"


def test_the_editor_never_holds_another_learners_code(client, alice, bob, exercises):
    exercise = exercises["single-output"]
    graded(alice, exercise, "wrong_answer", 0.5, code="model = 'alice'\n")
    graded(bob, exercise, "accepted", 1.0, code="model = 'bob, more recent'\n")
    client.force_login(alice)

    content = page_of(client, exercise)

    assert textarea_of(content) == "model = 'alice'\n"
    assert "bob, more recent" not in html.unescape(content)


def test_code_that_closes_the_textarea_stays_text_in_the_editor(client, alice, exercises):
    exercise = exercises["single-output"]
    code = "# </textarea><script>alert(1)</script>\nmodel = None\n"
    submit_attempt(alice, exercise, code)
    client.force_login(alice)

    content = page_of(client, exercise)

    assert "</textarea><script>alert(1)" not in content
    assert textarea_of(content) == code


# --- statements are sanitized --------------------------------------------------------------


def test_render_markdown_keeps_formatting_but_drops_scripts_handlers_and_javascript_links():
    rendered = str(render_markdown(HOSTILE_STATEMENT, {"x.png": "/exercises/e/images/abc/x.png"}))

    assert "<h1>Hostile</h1>" in rendered
    assert "<strong>bold</strong>" in rendered
    assert "<script" not in rendered
    assert "alert(1)" not in rendered
    assert "onerror" not in rendered
    assert "javascript:" not in rendered
    assert '<img src="/exercises/e/images/abc/x.png">' in rendered  # the folder's image survives, its handler does not
    assert '<a rel="noopener noreferrer">click me</a>' in rendered  # the link's text survives, its href does not


def test_a_hostile_statement_renders_inert_on_the_exercise_page(client, alice, exercises):
    exercise = exercises["single-output"]
    exercise.statement = HOSTILE_STATEMENT
    exercise.save(update_fields=["statement"])
    client.force_login(alice)

    content = page_of(client, exercise)
    statement = statement_of(content)

    assert "<strong>bold</strong>" in statement
    assert "<script" not in statement
    assert "onerror" not in content
    assert "alert(1)" not in content
    assert "javascript:" not in content


def test_the_title_is_shown_once_though_the_statement_starts_with_it(client, alice, exercises):
    client.force_login(alice)
    page = client.get(reverse("catalog:exercise_detail", args=["multiple-output"])).content.decode()
    assert exercises["multiple-output"].statement.startswith("# ")
    assert page.count("<h1") == 1
