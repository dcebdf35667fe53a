"""grader/ is a library of its own: no module of it imports Django or the site, and the venv its
tests run alone in (scripts/test_grader_alone.sh) installs what the site's requirements pin."""

import json
import re
import subprocess
import sys

from grader_support import REPO

SITE = ("django", "unroll", "celery")
IMPORT_EVERY_MODULE = f"""
import importlib, json, pkgutil, sys
import grader
for module in pkgutil.walk_packages(grader.__path__, "grader."):
    importlib.import_module(module.name)
print(json.dumps(sorted(name for name in sys.modules if name.split(".")[0] in {SITE!r})))
"""
REQUIREMENT = re.compile(r"^([A-Za-z0-9._-]+)(\[[^\]]*\])?\s*(.*)$")


def test_no_module_of_the_grader_imports_django_or_the_site():
    imported = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERY_MODULE],
        cwd=REPO,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)},  # the repository root, not platform/
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(imported.stdout) == []


def pins(name: str) -> dict[str, str]:
    """{normalised package name: version specifier} of a requirements file (its -r lines left out)."""
    found = {}
    for line in (REPO / name).read_text().splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-"):
            package, _, specifier = REQUIREMENT.match(line).groups()
            found[re.sub(r"[-_.]+", "-", package).lower()] = specifier.replace(" ", "")
    return found


def test_the_grader_venv_pins_each_package_as_the_site_does():
    site = {**pins("requirements.txt"), **pins("requirements-dev.txt")}
    grader = pins("requirements-grader.txt")
    assert grader, "requirements-grader.txt pins nothing"
    assert {name: site.get(name) for name in grader} == grader
