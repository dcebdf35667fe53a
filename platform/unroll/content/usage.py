"""Whether an item may be unpublished or replaced by a new version while others teach with it.

The rule itself belongs to what uses items (courses: `unroll.courses.usage.courses_blocking_a_change`,
a layer above this one), which registers it here when the site starts; content asks it before
every such change.
"""

from collections.abc import Callable

from unroll.content.models import PublishedContent


class ContentInUse(ValueError):
    """The change must wait; the message says where the item is used and who has been told."""


# (content, actor, change) -> the reasons the change must wait now ([] when it may go ahead);
# a rule also tells whoever must be told.
Rule = Callable[[PublishedContent, object, str], list[str]]
_rules: list[Rule] = []


def register(rule: Rule) -> None:
    if rule not in _rules:
        _rules.append(rule)


def refuse_while_in_use(content: PublishedContent, actor, change: str) -> None:
    """Raise ContentInUse when a registered rule says `change` ("unpublish", "replace") must wait."""
    reasons = [reason for rule in _rules for reason in rule(content, actor, change)]
    if reasons:
        raise ContentInUse(" ".join(reasons))
