"""Every shell command the README shows works as written: run in a plain shell, with no settings in
the environment, from a copy of the repository on the quick-start defaults, or listed here with why not.
"""

import hashlib
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from support import free_port, wait_until

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
SH_BLOCK = re.compile(r"^```sh\n(.*?)^```", re.MULTILINE | re.DOTALL)
# The management commands the README names inline ("loaded with `.venv/bin/python manage.py ...`").
INLINE_MANAGE_PY = re.compile(r"`(\.venv/bin/python manage\.py [^`]+)`")
# As in the shell, a word starting with '#' starts a comment.
SHELL_COMMENT = re.compile(r"(?:^|\s)#.*$")

DOCKER = (
    "needs a Docker engine, which CI machines do not have; Dockerfile, docker-compose.yml, "
    ".env.example and the entrypoint are validated statically by tests/deploy/test_docker_files.py"
)
NOT_RUN_HERE = {
    "make test": "it is the command running this test",
    "make bench": "a long benchmark (cold vs warm grading) that the README says is run by hand",
    "make bench-gradebook": "a long benchmark (500 learners x 20 items) that the README says is run by hand",
    "make bench-run": "a benchmark run by hand (root, a cluster, Chromium); the flow is tests/browser/test_run_button.py",
    "make bench-quickstart": "a benchmark run by hand (20 submissions through `make run`, then with Redis); the quick start is `make run` here",
    "make bench-wall": "a benchmark run by hand (600 gradings); the limit's feedback is tests/grader/test_runner.py's",
    "make faults": "a long benchmark run by hand; its --quick run is tests/submissions/test_fault_injection.py",
    "make scaleout": "a long benchmark run by hand; its --quick run is tests/submissions/test_scale_out_hosts.py",
    "docker compose up -d --build": DOCKER,
    "docker compose run --rm web manage.py createsuperuser": DOCKER,
    "docker compose up -d --scale worker=4": DOCKER,
}
MAKE_RUN = "make run"
SERVE_TIMEOUT = 600  # seconds: make run proves every exercise before it serves (200 s seen on a busy 2-core machine)
COMMAND_TIMEOUT = 300
NO_SECRET_PRODUCTION = "postgres://unroll:x@127.0.0.1:1/unroll"  # never reached: the settings refuse first


def readme_commands(text: str) -> list[str]:
    """The shell commands of the ```sh blocks, one a line, without comments, plus the inline
    `.venv/bin/python manage.py ...` ones, each once, in order."""
    commands = []
    for block in SH_BLOCK.findall(text):
        commands += [SHELL_COMMENT.sub("", line).strip() for line in block.splitlines()]
    commands += INLINE_MANAGE_PY.findall(text)
    return list(dict.fromkeys(command for command in commands if command))


# --- running as a reader would ------------------------------------------------------------


def reader_environment(**extra: str) -> dict[str, str]:
    """A plain shell's environment: no DEBUG, no SECRET_KEY, no DATABASE_URL."""
    base = {
        "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/root"),
        "LANG": os.environ.get("LANG", "C.UTF-8"),
    }
    return {**base, **extra}


def run_as_reader(command: str, root: Path, **extra_env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", "-c", command],
        cwd=root,
        env=reader_environment(**extra_env),
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT,
    )


def copy_of_the_repository(destination: Path) -> Path:
    """The work tree's files that git does not ignore (what a clone holds, and new files not yet
    committed), and the test's own .venv (see shared_venv)."""
    git_ls_files = ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"]
    listed = subprocess.run(git_ls_files, cwd=REPO, capture_output=True, check=True).stdout
    for name in listed.decode().split("\0"):
        source = REPO / name
        if name.split("/")[0] == ".venv":
            continue  # a .venv that is a symlink is not ignored by `.venv/`; the copy gets its own below
        if name and (source.is_file() or source.is_symlink()):  # skips files deleted but not yet committed
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name, follow_symlinks=False)
    shared_venv(REPO / ".venv", destination / ".venv")
    return destination


def shared_venv(venv: Path, destination: Path) -> None:
    """A .venv whose entries are links to the checkout's, with install stamps matching the copy's
    requirements: scripts/setup_venv.sh then installs nothing (TensorFlow is large), and no stamp
    is ever written into the checkout's own .venv."""
    assert (venv / "bin" / "python").exists(), f"no {venv}: run `make test`, which creates it"
    destination.mkdir()
    for entry in venv.iterdir():
        if not entry.name.startswith(".installed-"):
            (destination / entry.name).symlink_to(entry)
    root = destination.parent
    for requirements in root.glob("requirements*.txt"):
        # setup_venv.sh: sha256 of `cat requirements.txt FILE`
        digest = hashlib.sha256((root / "requirements.txt").read_bytes() + requirements.read_bytes()).hexdigest()
        (destination / f".installed-{requirements.name}").write_text(digest + "\n")


def fetch(url: str) -> tuple[int, str, str]:
    """(status, final URL after redirects, body); an HTTP error is an answer too."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (our own server)
            return response.status, response.url, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.url, error.read().decode("utf-8", "replace")


def wait_until_served(url: str, server: subprocess.Popen, log: Path) -> tuple[int, str, str]:
    def answer() -> tuple[int, str, str] | None:
        if server.poll() is not None:
            pytest.fail(f"`make run` exited ({server.returncode}) before serving:\n{log.read_text()[-4000:]}")
        try:
            return fetch(url)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return None

    return wait_until(
        answer,
        SERVE_TIMEOUT,
        f"`make run` to answer on {url}",
        every=1,
        details=lambda: "its log ends:\n" + log.read_text()[-4000:],
    )


def stop_process_group(server: subprocess.Popen) -> None:
    """Ctrl+C's effect: the whole group (make, scripts/run.sh, runserver, the worker) is signalled."""
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
    except ProcessLookupError:
        return
    try:
        os.killpg(server.pid, signal.SIGKILL)  # anything of the group that outlived make
    except ProcessLookupError:
        pass


@dataclass(frozen=True)
class QuickStart:
    """A copy of the repository after `make run` set it up, served its home page and was stopped."""

    root: Path
    port: int
    log: str
    status: int
    page_url: str
    page: str
    secret_key: bytes


@pytest.fixture(scope="module")
def quick_start(tmp_path_factory) -> QuickStart:
    """`make run` as the README's first command; the other commands follow it, as a reader's would."""
    root = copy_of_the_repository(tmp_path_factory.mktemp("readme"))
    port, log = free_port(), root.parent / "make-run.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            ["bash", "-c", MAKE_RUN],
            cwd=root,
            env=reader_environment(PORT=str(port)),  # PORT: documented next to `make run`
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            status, page_url, page = wait_until_served(f"http://127.0.0.1:{port}/", server, log)
        finally:
            stop_process_group(server)
    secret = root / "var" / "secret_key"
    return QuickStart(root, port, log.read_text(), status, page_url, page, secret.read_bytes())


# --- what each runnable command must do ---------------------------------------------------


def make_run_serves_the_landing_page(command: str, run: QuickStart) -> None:
    assert run.status == 200, f"{run.page_url} answered {run.status}:\n{run.log[-4000:]}"
    assert run.page_url == f"http://127.0.0.1:{run.port}/"  # a visitor's page: what Unroll is, and its exercises
    assert 'href="/accounts/login/"' in run.page and 'href="/accounts/signup/"' in run.page
    assert 'href="/exercises/multiple-output/"' in run.page
    # The README: "It prints the URL and two logins".
    assert f"http://127.0.0.1:{run.port}/" in run.log
    assert "learner-demo-pass" in run.log and "instructor-demo-pass" in run.log


def grade_accepts_the_reference_solution(command: str, run: QuickStart) -> None:
    (run.root / "my_answer.py").write_bytes((run.root / "exercises" / "multiple-output" / "solution.py").read_bytes())
    result = run_as_reader(command, run.root)
    assert result.returncode == 0, result.stderr[-4000:]
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, f"stdout must be ONE JSON object, got: {result.stdout[:1000]}"
    assert json.loads(lines[0])["verdict"] == "accepted", lines[0]


def sync_finds_everything_in_sync(command: str, run: QuickStart) -> None:
    result = run_as_reader(command, run.root)
    assert result.returncode == 0, result.stderr[-4000:]
    assert "in sync" in result.stdout, result.stdout


def cp_copies_the_example_settings(command: str, run: QuickStart) -> None:
    result = run_as_reader(command, run.root)
    assert result.returncode == 0, result.stderr
    assert (run.root / ".env").read_text() == (run.root / ".env.example").read_text()


# --- Inside an LMS (LTI 1.3): registering one from the command line, rotating Unroll's keys ---------
LTI_ADD = ".venv/bin/python manage.py lti_platform add --name Moodle"
LTI_SITE_URL = "http://127.0.0.1:8000"  # the quick start's SITE_URL


def readme_lti_add() -> str:
    return next(command for command in readme_commands(README.read_text()) if command.startswith(LTI_ADD))


def moodle_is_registered(run: QuickStart) -> bool:
    listed = run_as_reader(".venv/bin/python manage.py lti_platform list", run.root)
    assert listed.returncode == 0, listed.stderr[-4000:]
    return "  Moodle  issuer https://moodle.example.edu" in listed.stdout


def register_moodle_once(run: QuickStart) -> None:
    """The README's own `lti_platform add`, for the commands that follow it (each may run alone)."""
    if not moodle_is_registered(run):
        result = run_as_reader(readme_lti_add(), run.root)
        assert result.returncode == 0, result.stderr[-4000:]


def lti_add_registers_the_lms(command: str, run: QuickStart) -> None:
    registered_before = moodle_is_registered(run)
    result = run_as_reader(command, run.root)
    if registered_before:  # another command's check ran it first: the same LMS twice is refused, saying why
        assert result.returncode == 1 and "is already registered as “Moodle”" in result.stderr, result.stderr
        return
    assert result.returncode == 0, result.stderr[-4000:]
    assert "Registered Moodle" in result.stdout
    assert f"Public key set URL (JWKS): {LTI_SITE_URL}/lti/jwks.json" in result.stdout


def output_once_moodle_is_registered(command: str, run: QuickStart) -> str:
    register_moodle_once(run)
    result = run_as_reader(command, run.root)
    assert result.returncode == 0, result.stderr[-4000:]
    return result.stdout


def lti_show_prints_the_values_to_paste(command: str, run: QuickStart) -> None:
    shown = output_once_moodle_is_registered(command, run)
    assert "Issuer: https://moodle.example.edu" in shown
    assert f"Login initiation URL (OpenID Connect): {LTI_SITE_URL}/lti/login/" in shown
    assert f"Launch URL (Target Link URI, Tool URL): {LTI_SITE_URL}/lti/launch/" in shown


def lti_deployments_adds_one(command: str, run: QuickStart) -> None:
    assert "Moodle: active deployments 3, 4." in output_once_moodle_is_registered(command, run)


def lti_list_lists_the_lms(command: str, run: QuickStart) -> None:
    listed = output_once_moodle_is_registered(command, run)
    assert "  Moodle  issuer https://moodle.example.edu  client aB3dE5fG7hI9" in listed, listed


def rotate_keys_makes_a_new_key(command: str, run: QuickStart) -> None:
    result = run_as_reader(command, run.root)
    assert result.returncode == 0, result.stderr[-4000:]
    assert "Created new key" in result.stdout, result.stdout


RUN_HERE: dict[str, Callable[[str, QuickStart], None]] = {
    MAKE_RUN: make_run_serves_the_landing_page,
    ".venv/bin/python manage.py grade multiple-output my_answer.py --json": grade_accepts_the_reference_solution,
    ".venv/bin/python manage.py sync_exercises": sync_finds_everything_in_sync,
    ".venv/bin/python manage.py sync_quizzes": sync_finds_everything_in_sync,
    "cp .env.example .env": cp_copies_the_example_settings,
    # Inside an LMS (LTI 1.3)
    ".venv/bin/python manage.py lti_platform add --name Moodle --issuer https://moodle.example.edu --client-id aB3dE5fG7hI9 "
    "--deployment-id 3 --keyset-url https://moodle.example.edu/mod/lti/certs.php "
    "--auth-url https://moodle.example.edu/mod/lti/auth.php --token-url https://moodle.example.edu/mod/lti/token.php": (
        lti_add_registers_the_lms
    ),
    ".venv/bin/python manage.py lti_platform show Moodle": lti_show_prints_the_values_to_paste,
    ".venv/bin/python manage.py lti_platform deployments Moodle --add 4": lti_deployments_adds_one,
    ".venv/bin/python manage.py lti_platform list": lti_list_lists_the_lms,
    ".venv/bin/python manage.py rotate_keys --deactivate-after 60": rotate_keys_makes_a_new_key,
}


# --- the tests ----------------------------------------------------------------------------


def test_commands_are_read_one_a_line_without_comments_from_sh_blocks_and_inline_manage_py():
    text = (
        "```sh\nmake run   # serve it\n\n# only a comment\ncp a b#not-a-comment\n```\n"
        "```\nnot a shell block\n```\n"
        "loaded with `.venv/bin/python manage.py sync_quizzes`, `make run` again\n"
    )
    assert readme_commands(text) == ["make run", "cp a b#not-a-comment", ".venv/bin/python manage.py sync_quizzes"]


def test_every_readme_command_is_run_here_or_listed_with_a_reason():
    shown = readme_commands(README.read_text())
    assert MAKE_RUN in shown and "docker compose up -d --build" in shown, f"the README's blocks were not read: {shown}"
    unaccounted = [c for c in shown if c not in RUN_HERE and c not in NOT_RUN_HERE]
    assert not unaccounted, f"run these in RUN_HERE, or list them in NOT_RUN_HERE with a reason: {unaccounted}"
    gone = [c for c in [*RUN_HERE, *NOT_RUN_HERE] if c not in shown]
    assert not gone, f"no longer in the README: drop them from this test: {gone}"
    assert not set(RUN_HERE) & set(NOT_RUN_HERE)
    assert all(len(reason) > 20 for reason in NOT_RUN_HERE.values())


@pytest.mark.parametrize("command", RUN_HERE)
def test_readme_command_works_as_written(command, quick_start):
    RUN_HERE[command](command, quick_start)


def test_the_quick_start_key_is_generated_once_and_private(quick_start):
    secret = quick_start.root / "var" / "secret_key"
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert len(quick_start.secret_key.strip()) >= 50
    result = run_as_reader(".venv/bin/python manage.py check", quick_start.root)
    assert result.returncode == 0, result.stderr
    assert secret.read_bytes() == quick_start.secret_key, "a later command replaced the key make run made"


def test_commands_before_make_run_say_what_to_do_without_a_traceback(tmp_path):
    root = copy_of_the_repository(tmp_path)
    result = run_as_reader(".venv/bin/python manage.py sync_quizzes", root)
    assert result.returncode == 1
    assert "Run `make run` once" in result.stderr and "Traceback" not in result.stderr, result.stderr
    missing = run_as_reader(".venv/bin/python manage.py grade no-such-exercise solution.py --json", root)
    assert missing.returncode == 1
    assert "no exercise with slug 'no-such-exercise'" in missing.stderr and "Traceback" not in missing.stderr


@pytest.mark.parametrize(
    "production",
    [
        {"DATABASE_URL": NO_SECRET_PRODUCTION},
        {"CELERY_BROKER_URL": "redis://127.0.0.1:1/0"},
        {"DATABASE_URL": NO_SECRET_PRODUCTION, "SECRET_KEY": "change-me-to-a-long-random-string"},
    ],
    ids=["postgres", "redis", "placeholder"],
)
def test_production_without_a_real_secret_refuses_to_start(production, tmp_path):
    root = copy_of_the_repository(tmp_path)
    result = run_as_reader(".venv/bin/python manage.py check --deploy", root, DEBUG="false", **production)
    assert result.returncode == 1
    assert "SECRET_KEY is" in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert not (root / "var" / "secret_key").exists(), "production must never fall back to a generated key"


def test_gunicorn_without_a_secret_refuses_to_serve_production(tmp_path):
    root = copy_of_the_repository(tmp_path)
    server = ".venv/bin/gunicorn unroll.wsgi:application --bind 127.0.0.1:0"
    result = run_as_reader(server, root, PYTHONPATH=f"{root / 'platform'}:{root}", DATABASE_URL=NO_SECRET_PRODUCTION)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr, result.stderr[-4000:]
