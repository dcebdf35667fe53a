"""Every page, for a visitor, a learner and an instructor, over a course with work in it: its <title> is text,
and no markup leaks out of a tag (a stray `">`), nor into the title or the main container's class.

What once did both: markup added to a page was pasted before every `{% endblock %}` of its template, so
into the one-line `title` and `main_class` blocks as well. Named endblocks (`{% endblock content %}`) in
every template of the site's own pages, and the template check below, keep it from coming back.
"""

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from pages import PERSONAS, pages_for, site_data, user_of

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Blocks whose content lands inside a tag or in <head>: a line of text, never markup.
TEXT_BLOCKS = ("title", "main_class")
RAW_TEXT = {"script", "style", "textarea"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class PageReader(HTMLParser):
    """The title's text, the class of <main>, and the text found outside tags (scripts and styles aside)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.title, self.main_class, self.text = "", None, []
        self.open: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.main_class = dict(attrs).get("class")
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag) :]

    def handle_data(self, data):
        where = self.open[-1] if self.open else ""
        if where == "title":
            self.title += data
        elif where not in RAW_TEXT:
            self.text.append(data)


def read_page(content: str) -> PageReader:
    reader = PageReader()
    reader.feed(content)
    reader.close()
    return reader


@pytest.fixture
def site(alice, charlie, exercises):
    return site_data(alice, charlie, exercises)


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_has_a_text_title_and_no_markup_outside_its_tags(client, site, persona):
    user = user_of(persona, site)
    if user:
        client.force_login(user)
    problems = []
    for url in pages_for(persona, site):
        response = client.get(url)
        if response.status_code != 200:
            problems.append(f"{url}: status {response.status_code}")
            continue
        content = response.content.decode()
        raw_title = re.search(r"<title>(.*?)</title>", content, re.S).group(1)
        page = read_page(content)
        if "<" in raw_title or ">" in raw_title or "csrf" in raw_title.lower() or "\n" in page.title.strip():
            problems.append(f"{url}: the title holds markup: {raw_title[:120]!r}")
        if page.main_class is None or "<" in page.main_class or "\n" in page.main_class:
            problems.append(f"{url}: <main>'s class is {page.main_class!r:.120}")
        stray = [text.strip() for text in page.text if '">' in text]
        if stray:
            problems.append(f"{url}: markup outside a tag: {stray[0][:120]!r}")
    assert not problems, "\n".join(problems)


def test_the_learners_course_page_keeps_its_leave_form_in_the_page_not_the_title(client, site):
    client.force_login(site.learner)

    content = client.get(pages_for("learner", site)[-1]).content.decode()

    assert read_page(content).title.strip() == f"{site.course.title} · Unroll"
    assert content.count('id="leave-course"') == 1


def test_the_instructors_page_of_one_learner_lists_the_quiz_attempts_once_below_the_breadcrumbs(client, site):
    client.force_login(site.instructor)

    content = client.get(pages_for("instructor", site)[-1]).content.decode()

    page = read_page(content)
    assert page.title.strip() == f"{site.learner.username} · {site.course.title} · Unroll"
    assert page.main_class == "page wide"
    assert content.count('class="history learner-attempts"') == 1
    assert content.index('class="crumbs"') < content.index('class="history learner-attempts"')
    assert html.unescape(content).count(f"{site.quiz.title}, attempt 1") == 1


def text_blocks(source: str) -> list[tuple[str, str]]:
    """(name, content) of each title or main_class block of a template's source."""
    pattern = r"{%\s*block\s+(" + "|".join(TEXT_BLOCKS) + r")\s*%}(.*?){%\s*endblock"
    return re.findall(pattern, source, re.S)


def test_title_and_main_class_blocks_hold_one_line_of_text_in_every_template():
    offenders = [
        f"{path.relative_to(TEMPLATES)}: block {name} holds {content[:80]!r}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for name, content in text_blocks(path.read_text())
        if "\n" in content or re.search(r"<\w|{%\s*(csrf_token|include|for)\b", content)
    ]
    assert not offenders, "\n".join(offenders)


def test_the_check_finds_the_construct_that_broke_the_title():
    broken = (
        '{% block title %}{{ course.title }}{% if joined %}\n<form method="post">{% csrf_token %}</form>\n'
        "{% endif %}\n{% endblock %}"
    )
    assert text_blocks(broken) and "\n" in text_blocks(broken)[0][1]
    assert not read_page("<p>fine</p>").text[0].count('">')
    assert read_page('<main class="page wide\n<h2>x</h2>">text</main>').main_class.startswith("page wide\n<h2>")
