"""The site's apps stand in layers, each importing only from the layers below it:

    grader → content → accounts → catalog, quizzes → submissions, progress → courses → lti → the project

(`content` is what exercises and quizzes share: their lifecycle and the one grading service; the
project is settings, urls, the Celery app.) Within a layer, an app may use a sibling only where
listed below, and never both ways. Read from the source, so a lazy import inside a function counts.

Also guarded here, from the source: views write only through actions, and work registered to run
after a commit is registered inside a transaction.
"""

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SITE = REPO / "platform" / "unroll"
LAYERS = {
    "content": 1,
    "accounts": 2,
    "catalog": 3,
    "quizzes": 3,
    "submissions": 4,
    "progress": 4,
    "courses": 5,
    "lti": 6,
}
PROJECT = 7  # unroll/settings.py, urls.py, celery.py, errors.py, wsgi.py
# A submission's verdict and the learner's progress are stored in one transaction (design.md).
SIBLING_USES = {("submissions", "progress")}


def site_modules() -> list[Path]:
    return sorted(path for path in SITE.rglob("*.py") if "migrations" not in path.parts)


def app_of(path: Path) -> str | None:
    """The app a module belongs to, or None for the project's own modules."""
    parts = path.relative_to(SITE).parts
    return parts[0] if len(parts) > 1 else None


def layer_of(app: str | None) -> int:
    return PROJECT if app is None else LAYERS[app]


def imported_modules(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append((node.lineno, node.module))
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
    return found


def imported_apps(path: Path) -> list[tuple[int, str]]:
    return uses_of(app_of(path), path.read_text())


def uses_of(app: str | None, source: str) -> list[tuple[int, str]]:
    """(line, app) for each import of another app of the site in `source`, a module of `app`."""
    uses = []
    for line, module in imported_modules(ast.parse(source)):
        parts = module.split(".")
        if parts[0] == "unroll" and len(parts) > 2 and parts[1] in LAYERS and parts[1] != app:
            uses.append((line, parts[1]))
        elif parts[0] == "unroll" and len(parts) > 2 and parts[1] not in LAYERS and app is not None:
            uses.append((line, "the project"))
    return sorted(set(uses))


def is_allowed(app: str | None, used: str) -> bool:
    if used == "the project":
        return False
    if layer_of(used) < layer_of(app):
        return True
    return (app, used) in SIBLING_USES


def test_every_app_of_the_site_has_a_layer():
    apps = {path.name for path in SITE.iterdir() if (path / "apps.py").exists()}
    assert apps == set(LAYERS)


def test_no_module_imports_from_an_app_above_its_layer_or_a_sibling_not_listed():
    wrong = [
        f"{path.relative_to(REPO)}:{line} ({app_of(path) or 'the project'}) imports {used}"
        for path in site_modules()
        for line, used in imported_apps(path)
        if not is_allowed(app_of(path), used)
    ]
    assert wrong == []


def test_siblings_never_use_each_other_both_ways():
    assert not {(b, a) for a, b in SIBLING_USES} & SIBLING_USES


def test_the_guards_see_what_they_guard_against():
    """Each guard here must be able to fail: a lazy upward import, a sibling's, a write in a view and
    on_commit outside a transaction are all seen."""
    lazy = "def later():\n    from unroll.courses.models import Course\n    return Course\n"
    assert uses_of("catalog", lazy) == [(2, "courses")] and not is_allowed("catalog", "courses")
    assert not is_allowed("quizzes", "catalog") and not is_allowed("progress", "submissions")
    assert not is_allowed("catalog", "the project")
    view = ast.parse("def publish(request, slug):\n    item = find(slug)\n    item.save()\n")
    assert [write for function in view_functions(view) for write in writes_in(function)] == ["publish:3 .save()"]
    bare = ast.parse("def send(pk):\n    transaction.on_commit(lambda: go(pk))\n")
    assert [call.lineno for call in on_commit_calls(bare)] == [2] and atomic_blocks(bare) == []


def test_the_grader_imports_neither_django_nor_the_site():
    wrong = [
        f"{path.relative_to(REPO)}:{line} imports {module}"
        for path in sorted((REPO / "grader").rglob("*.py"))
        for line, module in imported_modules(ast.parse(path.read_text()))
        if module.split(".")[0] in ("django", "unroll", "celery")
    ]
    assert wrong == []


def view_functions(tree: ast.AST) -> list[ast.FunctionDef]:
    """Functions that take the request first: Django views and the helpers they hand it to."""
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and node.args.args and node.args.args[0].arg == "request"
    ]


def writes_in(function: ast.FunctionDef) -> list[str]:
    return [
        f"{function.name}:{node.lineno} .{node.func.attr}()"
        for node in ast.walk(function)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("save", "delete", "update", "create", "get_or_create", "update_or_create")
    ]


def test_views_write_only_through_actions():
    wrong = [
        f"{path.relative_to(REPO)} {write}"
        for path in site_modules()
        for function in view_functions(ast.parse(path.read_text()))
        for write in writes_in(function)
    ]
    assert wrong == []


def on_commit_calls(tree: ast.AST) -> list[ast.Call]:
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "on_commit"
    ]


def atomic_blocks(tree: ast.AST) -> list[ast.With]:
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.With)
        and any(
            isinstance(item.context_expr, ast.Call)
            and isinstance(item.context_expr.func, ast.Attribute)
            and item.context_expr.func.attr == "atomic"
            for item in node.items
        )
    ]


def is_inside(node: ast.AST, block: ast.With) -> bool:
    return any(child is node for statement in block.body for child in ast.walk(statement))


@pytest.mark.parametrize("path", site_modules(), ids=lambda path: str(path.relative_to(SITE)))
def test_work_after_a_commit_is_registered_inside_a_transaction(path):
    tree = ast.parse(path.read_text())
    blocks = atomic_blocks(tree)
    outside = [call.lineno for call in on_commit_calls(tree) if not any(is_inside(call, block) for block in blocks)]
    assert outside == [], f"{path.relative_to(REPO)}: on_commit outside transaction.atomic at lines {outside}"
