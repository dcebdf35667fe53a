"""The layout guard: platform/ is a source root and never shadows the standard library."""

import subprocess
import sys
import sysconfig
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STDLIB = Path(sysconfig.get_paths()["stdlib"]).resolve()


def test_platform_is_the_standard_library_module_from_the_repo_root():
    probe = "import platform, json; platform.system(); print(json.dumps(platform.__file__))"
    out = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True)
    assert Path(out.stdout.strip().strip('"')).resolve().parent == STDLIB


def test_platform_is_the_standard_library_module_inside_django():
    import platform

    assert platform.system()
    assert Path(platform.__file__).resolve().parent == STDLIB


def test_manage_py_runs_with_platform_on_its_path():
    probe = "import runpy, sys; sys.argv = ['manage.py', 'check']; runpy.run_path('manage.py', run_name='__main__')"
    env = {"PATH": "/usr/bin:/bin", "DEBUG": "true", "SECRET_KEY": "x", "DATABASE_URL": "sqlite:///:memory:"}
    out = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    assert "no issues" in out.stdout


def test_source_root_and_content_folders_are_not_packages():
    assert not (REPO / "platform" / "__init__.py").exists()
    assert (REPO / "platform" / "unroll" / "__init__.py").exists()
    assert not (REPO / "exercises" / "__init__.py").exists()


def test_grader_does_not_import_django():
    probe = "import sys, grader; print('django' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
