"""`{% load scores %}{{ x|percent }}`: a score or share (0 to 1) as the whole site shows it (unroll.content.scores)."""

from django import template

from unroll.content.scores import score_text

register = template.Library()


@register.filter
def percent(value) -> str:
    """ "13%" for 0.125; "–" for None, "" or a value that is not a number."""
    try:
        return score_text(None if value is None or value == "" else float(value))
    except (TypeError, ValueError):
        return "–"
