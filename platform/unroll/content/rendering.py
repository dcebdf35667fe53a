"""Statement Markdown to safe HTML: rendered by Markdown, then sanitized by nh3 (an allow-list)."""

from collections.abc import Mapping

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "img",
    "span",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "code": {"class"},
    "th": {"align"},
    "td": {"align"},
}


def render_markdown(text: str, images: Mapping[str, str] | None = None) -> SafeString:
    """Markdown as safe HTML. An image is shown only when `images` maps its source, as written
    (`images/cell.png`), to the address the site serves it at; every other image loses its source:
    no picture from elsewhere, no tracking pixel."""
    html = markdown.markdown(text, extensions=["fenced_code", "tables", "sane_lists"])
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        attribute_filter=only_images_from(images or {}),
    )
    return mark_safe(scrollable_by_keyboard(clean))  # noqa: S308 - nh3 has just sanitized it; we add only attributes


# A code block or a table wider than a phone scrolls inside its own box (app.css): the box must take the
# keyboard's focus, or a learner without a mouse cannot read the end of its lines (WCAG 2.1.1).
SCROLLABLE_CODE = '<pre tabindex="0">'
SCROLLABLE_TABLE = '<div class="scroll" tabindex="0" role="region" aria-label="Table">'


def scrollable_by_keyboard(clean_html: str) -> str:
    """Sanitized HTML (nh3 leaves `<pre>` and `<table>` without attributes) with its code blocks focusable and
    its tables in a focusable scroll box."""
    html = clean_html.replace("<pre>", SCROLLABLE_CODE)
    return html.replace("<table>", SCROLLABLE_TABLE + "<table>").replace("</table>", "</table></div>")


def only_images_from(images: Mapping[str, str]):
    """nh3's attribute filter: an <img>'s src becomes the site's address of that image, or goes."""

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if tag == "img" and attribute == "src":
            return images.get(value)
        return value

    return keep


def without_leading_title(text: str) -> str:
    """The statement minus its own `# Title` line: the exercise page already shows the title."""
    first, _, rest = text.lstrip().partition("\n")
    return rest if first.startswith("# ") else text
