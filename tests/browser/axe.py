"""axe-core (from npm, pinned in package-lock.json) run inside a page by the browser tests, in the light
and the dark theme: a page state may have no critical or serious WCAG 2.1 A/AA violation in either.

Every check is recorded; the session writes the totals to test-artifacts/axe-counts.json.
"""

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from support import IN_CI

REPO = Path(__file__).resolve().parents[2]
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
COUNTS_FILE = REPO / "test-artifacts" / "axe-counts.json"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("critical", "serious")
# Rules outside those tags that must hold too: axe rates an empty table header "minor", but it leaves a
# column nameless to a screen reader.
ALSO_REQUIRED = ["empty-table-header"]
THEMES = ("light", "dark")
IMPACTS = ("critical", "serious", "moderate", "minor")


def require_axe() -> Path:
    """axe.min.js, installed by `npm ci` (scripts/setup_node_modules.sh, run by scripts/test.sh)."""
    if not AXE_JS.is_file():
        message = f"axe-core is not installed at {AXE_JS.relative_to(REPO)}: run scripts/setup_node_modules.sh"
        if IN_CI:
            pytest.fail(f"CI=true but {message}")
        pytest.skip(message)
    return AXE_JS


@dataclass
class Ledger:
    """Every axe check of the session: what was checked, and the violations by impact."""

    states: int = 0
    by_impact: Counter = field(default_factory=Counter)
    by_rule: Counter = field(default_factory=Counter)
    blocking: list[dict] = field(default_factory=list)

    def record(self, label: str, url: str, theme: str, width: int, violations: list[dict]) -> None:
        self.states += 1
        for violation in violations:
            self.by_impact[violation["impact"]] += 1
            self.by_rule[f"{violation['id']} ({violation['impact']})"] += 1
            if is_blocking(violation):
                self.blocking.append({"state": label, "url": url, "theme": theme, "width": width, **violation})

    def as_json(self) -> dict:
        return {
            "axe_core": json.loads((REPO / "package-lock.json").read_text())["packages"]["node_modules/axe-core"][
                "version"
            ],
            "tags": WCAG_TAGS,
            "also_required": ALSO_REQUIRED,
            "page_states_checked": self.states,
            "violations_by_impact": {impact: self.by_impact.get(impact, 0) for impact in IMPACTS},
            "violations_by_rule": dict(sorted(self.by_rule.items())),
            "critical_or_serious": self.blocking,
        }

    def write(self) -> None:
        if self.states:
            COUNTS_FILE.parent.mkdir(exist_ok=True)
            COUNTS_FILE.write_text(json.dumps(self.as_json(), indent=2) + "\n")


LEDGER = Ledger()


def run_axe(page) -> list[dict]:
    """The WCAG 2.1 A/AA violations of the page as it is now: rule, impact, and each node's selector and why."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, which the site's Content-Security-Policy does not
        # govern: an injected <script> would be blocked (and reported) as inline script.
        page.evaluate(require_axe().read_text())
    return page.evaluate(
        """async ([tags, required]) => {
            const rules = Object.fromEntries(required.map((id) => [id, {enabled: true}]));
            const results = await axe.run(document, {runOnly: {type: "tag", values: tags}, rules, resultTypes: ["violations"]});
            return results.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map((n) => ({target: n.target.join(" "), html: n.html.slice(0, 200),
                                                         why: n.failureSummary})),
            }));
        }""",
        [WCAG_TAGS, ALSO_REQUIRED],
    )


def violations_in_both_themes(page, label: str, ledger: Ledger | None = LEDGER) -> dict[str, list[dict]]:
    """axe in the light theme, then in the dark one (the system setting the stylesheet follows), recorded in
    the ledger (none for a page made to fail on purpose)."""
    found = {}
    width = page.viewport_size["width"] if page.viewport_size else 0
    try:
        for theme in THEMES:
            page.emulate_media(color_scheme=theme)
            found[theme] = run_axe(page)
            if ledger is not None:
                ledger.record(label, page.url, theme, width, found[theme])
    finally:
        page.emulate_media(color_scheme="light")
    watcher = getattr(page, "axe_watcher", None)
    if watcher is not None:
        watcher.checked(page.url)
    return found


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"  {violation['impact']}: {violation['id']} — {violation['help']}")
        lines.extend(f"    {node['target']}: {node['html']}\n      {node['why']}" for node in violation["nodes"])
    return "\n".join(lines)


def is_blocking(violation: dict) -> bool:
    return violation["impact"] in BLOCKING or violation["id"] in ALSO_REQUIRED


def blocking_in(found: dict[str, list[dict]]) -> dict[str, list[dict]]:
    return {theme: [v for v in violations if is_blocking(v)] for theme, violations in found.items()}


def assert_no_serious_violations(page, context_label: str) -> None:
    """The page as it is now has no critical or serious violation, in the light theme and in the dark one."""
    blocking = blocking_in(violations_in_both_themes(page, context_label))
    report = "\n".join(f"{theme} theme:\n{describe(found)}" for theme, found in blocking.items() if found)
    assert not report, f"axe found critical or serious violations on {context_label} ({page.url}):\n{report}"
