"""Static checks of the Docker deployment: Dockerfile, docker-compose.yml, .env.example,
.dockerignore and docker/entrypoint.sh.

No Docker engine is needed: the files are parsed and cross-checked against the repository
and the settings, and the entrypoint's own logic is run with `sh`. `docker compose config`
validates the compose file where a compose client is installed.
"""

import fnmatch
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
ENV_EXAMPLE = ROOT / ".env.example"
DOCKERIGNORE = ROOT / ".dockerignore"
ENTRYPOINT = ROOT / "docker" / "entrypoint.sh"
SETTINGS = ROOT / "platform" / "unroll" / "settings.py"

APP_SERVICES = ("web", "worker")
BACKING_SERVICES = ("postgres", "redis")

# ${VAR}, ${VAR:-default}, ${VAR:?error} and $VAR, but not the escaped $$.
COMPOSE_VARIABLE = re.compile(r"(?<!\$)\$(?:\{([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))")
SETTINGS_VARIABLE = re.compile(
    r"\b(?:env|env_bool|env_int|env_list|env_secret|os\.environ\.get|os\.getenv)\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']"
)
SECRET_SETTING = re.compile(r"\benv_secret\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']")
SHELL_DEFAULTED_VARIABLE = re.compile(r"\$\{([A-Z][A-Z0-9_]*):-")
# Variables the entrypoint gives a default but that are not the operator's business.
SHELL_INTERNAL = {"PYTHONPATH", "DJANGO_SETTINGS_MODULE", "PGCONNECT_TIMEOUT"}


# --- helpers ------------------------------------------------------------------------------


def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text())


def services() -> dict:
    return compose()["services"]


def env_example() -> dict[str, dict[str, str]]:
    """{"active": {VAR: value}, "documented": {VAR: value}} (documented includes commented-out)."""
    active, documented = {}, {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        match = re.match(r"^\s*(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$", line)
        if not match:
            continue
        name, value = match.group(2), match.group(3)
        documented.setdefault(name, value)
        if match.group(1) is None:
            assert name not in active, f".env.example sets {name} twice"
            active[name] = value
    return {"active": active, "documented": documented}


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with line continuations joined and comments dropped."""
    instructions, pending = [], ""
    for raw in DOCKERFILE.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        keyword, _, arguments = (pending + line).strip().partition(" ")
        instructions.append((keyword.upper(), " ".join(arguments.split())))
        pending = ""
    assert not pending, "the Dockerfile ends inside a line continuation"
    return instructions


def instruction_words(arguments: str) -> list[str]:
    """The words of COPY/CMD/ENTRYPOINT arguments, exec (JSON) form or shell form."""
    if arguments.startswith("["):
        return json.loads(arguments)
    return shlex.split(arguments)


def copies() -> list[tuple[list[str], str, list[str]]]:
    """(flags, destination, sources) of every COPY/ADD instruction."""
    result = []
    for keyword, arguments in dockerfile_instructions():
        if keyword not in ("COPY", "ADD"):
            continue
        words = instruction_words(arguments)
        flags = [w for w in words if w.startswith("--")]
        paths = [w for w in words if not w.startswith("--")]
        result.append((flags, paths[-1], paths[:-1]))
    return result


def repo_path_for(container_path: str) -> Path:
    """Where a path inside the image comes from in the repository, through `COPY . DEST`."""
    for flags, destination, sources in copies():
        if sources == ["."] and not any(f.startswith("--from") for f in flags):
            prefix = destination.rstrip("/") + "/"
            if container_path.startswith(prefix):
                return ROOT / container_path[len(prefix) :]
    raise AssertionError(f"{container_path} is not under the directory the repository is copied to")


def dockerignore_patterns() -> list[str]:
    return [line.strip() for line in DOCKERIGNORE.read_text().splitlines() if line.strip() and not line.startswith("#")]


def dockerignored(path: str) -> bool:
    """Docker's rule, simplified: the last matching pattern wins, '!' re-includes."""
    ignored = False
    for pattern in dockerignore_patterns():
        negate = pattern.startswith("!")
        pattern = pattern.lstrip("!").rstrip("/")
        candidates = {pattern, pattern.removeprefix("**/")}
        if any(fnmatch.fnmatch(path, p) or path.startswith(p + "/") for p in candidates):
            ignored = not negate
    return ignored


def run_entrypoint(*args: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    base = {
        # The python that runs these tests has the project's dependencies.
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
        "HOME": os.environ.get("HOME", "/tmp"),
        "LANG": "C.UTF-8",
    }
    return subprocess.run(
        ["sh", str(ENTRYPOINT), *args], env={**base, **env}, capture_output=True, text=True, timeout=timeout
    )


# --- docker-compose.yml -------------------------------------------------------------------


def test_compose_defines_web_worker_redis_and_postgres():
    defined = set(services())
    assert {*APP_SERVICES, *BACKING_SERVICES} <= defined
    assert "version" not in compose(), "the Compose spec has no `version:` key"


def test_compose_runs_web_and_worker_from_the_same_build():
    web, worker = services()["web"], services()["worker"]
    assert web.get("build"), "web must be built from the repository"
    assert web.get("build") == worker.get("build")
    assert web.get("image") == worker.get("image")
    assert web["command"] == ["web"]
    assert worker["command"] == ["worker"]


def test_compose_worker_can_be_scaled_out():
    worker = services()["worker"]
    assert "ports" not in worker, "a published port would clash between scaled workers"
    assert "container_name" not in worker, "a fixed name forbids --scale worker=N"


def test_compose_publishes_only_the_web_port():
    published = {name: service.get("ports") for name, service in services().items() if service.get("ports")}
    assert published == {"web": ["8000:8000"]}


def test_compose_grants_no_service_control_of_the_host():
    for name, service in services().items():
        assert not service.get("privileged"), f"{name} is privileged"
        assert service.get("network_mode") != "host", f"{name} shares the host's network"
        assert service.get("pid") != "host", f"{name} shares the host's processes"
        assert "SYS_ADMIN" not in service.get("cap_add", []), f"{name} has CAP_SYS_ADMIN"
        for volume in service.get("volumes", []):
            source = volume.get("source", "") if isinstance(volume, dict) else str(volume).split(":")[0]
            assert "docker.sock" not in source, f"{name} mounts the Docker socket"


def test_compose_starts_web_and_worker_after_healthy_postgres_and_redis():
    every = services()
    for name in APP_SERVICES:
        depends_on = every[name].get("depends_on")
        assert isinstance(depends_on, dict), f"{name}: depends_on needs conditions, not a list"
        for backing in BACKING_SERVICES:
            assert depends_on.get(backing, {}).get("condition") == "service_healthy", f"{name} -> {backing}"
    for backing in BACKING_SERVICES:
        assert every[backing].get("healthcheck", {}).get("test"), f"{backing} needs a healthcheck to become healthy"


def test_compose_points_web_and_worker_at_the_compose_database_and_broker():
    for name in APP_SERVICES:
        service = services()[name]
        assert service.get("env_file") in (".env", [".env"])
        environment = service["environment"]
        database = urlparse(re.sub(r"\$\{[^}]*\}", "x", environment["DATABASE_URL"]))
        broker = urlparse(environment["CELERY_BROKER_URL"])
        assert (database.scheme, database.hostname, database.port) == ("postgres", "postgres", 5432)
        assert (broker.scheme, broker.hostname) == ("redis", "redis")


def test_compose_keeps_postgres_data_in_a_named_volume():
    postgres = services()["postgres"]
    assert postgres["image"].startswith("postgres:16")
    assert services()["redis"]["image"].startswith("redis:7")
    named = set(compose().get("volumes") or {})
    mounts = [str(v).split(":") for v in postgres.get("volumes", [])]
    assert any(source in named and target == "/var/lib/postgresql/data" for source, target, *_ in mounts)
    for variable in ("POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD"):
        assert "${" + variable in str(postgres["environment"][variable])


def test_every_compose_variable_is_in_env_example():
    used = {a or b for a, b in COMPOSE_VARIABLE.findall(COMPOSE_FILE.read_text())}
    assert used, "expected ${...} interpolation in docker-compose.yml"
    missing = sorted(used - set(env_example()["active"]))
    assert not missing, f"set in .env.example: {missing}"


def test_compose_file_is_valid_for_docker_compose(tmp_path):
    """`docker compose config -q` on a copy whose .env is .env.example (the engine is not needed)."""
    command = None
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0:
        command = [docker, "compose"]
    elif shutil.which("docker-compose"):
        command = [shutil.which("docker-compose")]
    if command is None:
        if docker is None:
            pytest.skip("docker is not installed: cannot run `docker compose config`")
        pytest.skip("the docker client has no compose plugin (`docker compose version` fails) and no docker-compose")
    for name in ("docker-compose.yml", "Dockerfile", ".dockerignore"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "docker", tmp_path / "docker")
    shutil.copy(ENV_EXAMPLE, tmp_path / ".env")
    keep = ("PATH", "HOME", "DOCKER_CONFIG", "DOCKER_HOST", "XDG_RUNTIME_DIR")
    result = subprocess.run(
        [*command, "--project-directory", str(tmp_path), "-f", str(tmp_path / "docker-compose.yml"), "config", "-q"],
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k in keep},
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- .env.example -------------------------------------------------------------------------


def test_env_example_documents_every_variable_the_settings_read():
    source = SETTINGS.read_text()
    read = set(SETTINGS_VARIABLE.findall(source)) | {f"{name}_FILE" for name in SECRET_SETTING.findall(source)}
    assert {"SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL", "GRADING_HARD_TIME_LIMIT"} <= read, "regex broke"
    missing = sorted(read - set(env_example()["documented"]))
    assert not missing, f"document in .env.example: {missing}"


def test_env_example_documents_the_entrypoint_knobs():
    knobs = set(SHELL_DEFAULTED_VARIABLE.findall(ENTRYPOINT.read_text())) - SHELL_INTERNAL
    assert "GRADER_CONCURRENCY" in knobs and "WEB_CONCURRENCY" in knobs
    missing = sorted(knobs - set(env_example()["documented"]))
    assert not missing, f"document in .env.example: {missing}"


def test_env_example_holds_placeholders_not_secrets():
    active = env_example()["active"]
    for secret in ("SECRET_KEY", "POSTGRES_PASSWORD", "EMAIL_HOST_PASSWORD"):
        assert active[secret].startswith("change-me"), f"{secret} must be a change-me placeholder"
    assert active["DEBUG"] == "false"


# --- Dockerfile ---------------------------------------------------------------------------


def test_dockerfile_builds_on_python_311_slim():
    froms = [arguments for keyword, arguments in dockerfile_instructions() if keyword == "FROM"]
    assert froms and froms[-1].split()[0].startswith("python:3.11-slim")


def test_dockerfile_copies_only_files_that_exist_and_are_not_dockerignored():
    all_copies = copies()
    assert all_copies
    for flags, _, sources in all_copies:
        if any(flag.startswith("--from") for flag in flags):
            continue
        for source in sources:
            assert source == "." or list(ROOT.glob(source)), f"COPY {source}: not in the repository"
            assert source == "." or not dockerignored(source), f"COPY {source}: excluded by .dockerignore"


def test_dockerfile_installs_requirements_without_pip_cache():
    runs = [arguments for keyword, arguments in dockerfile_instructions() if keyword == "RUN"]
    installs = [r for r in runs if "pip install" in r and "requirements.txt" in r]
    assert installs, "no RUN pip install -r requirements.txt"
    assert all("--no-cache-dir" in r and re.search(r"-r \S*requirements\.txt", r) for r in installs)


def test_dockerfile_collects_static_files_with_a_build_only_secret():
    instructions = dockerfile_instructions()
    assert any(k == "RUN" and "collectstatic --noinput" in a and "SECRET_KEY=" in a for k, a in instructions)
    for keyword, arguments in instructions:
        if keyword in ("ENV", "ARG"):
            assert "SECRET_KEY" not in arguments, "a SECRET_KEY baked into the image's environment"


def test_dockerfile_sets_the_python_environment():
    env = " ".join(arguments for keyword, arguments in dockerfile_instructions() if keyword == "ENV")
    assert "PYTHONDONTWRITEBYTECODE=1" in env
    assert "PYTHONUNBUFFERED=1" in env
    pythonpath = re.search(r"PYTHONPATH=(\S+)", env).group(1).split(":")
    assert "/app/platform" in pythonpath and "/app" in pythonpath


def test_dockerfile_runs_as_a_non_root_user():
    users = [arguments for keyword, arguments in dockerfile_instructions() if keyword == "USER"]
    assert users, "no USER: the container would run as root"
    assert users[-1].split(":")[0] not in ("root", "0")


def test_dockerfile_entrypoint_is_the_repository_script_and_defaults_to_web():
    instructions = dict(dockerfile_instructions())  # the last of each kind wins, as in Docker
    entrypoint = instruction_words(instructions["ENTRYPOINT"])
    assert instructions["ENTRYPOINT"].startswith("["), "exec form, so signals reach the server"
    assert repo_path_for(entrypoint[0]) == ENTRYPOINT
    assert instruction_words(instructions["CMD"]) == ["web"]


def test_dockerfile_healthcheck_script_exists():
    instructions = dict(dockerfile_instructions())
    words = instruction_words(instructions["HEALTHCHECK"].split(" CMD ", 1)[1])
    scripts = [w for w in words if w.startswith("/app/")]
    assert scripts and all(repo_path_for(s).is_file() for s in scripts)
    worker_check = services()["worker"]["healthcheck"]["test"]
    assert all(repo_path_for(w).is_file() for w in worker_check if w.startswith("/app/"))


def test_dockerignore_keeps_secrets_and_local_state_out_of_the_image():
    for path in (".env", ".git", ".venv", "var", "staticfiles", "node_modules", "grader/__pycache__"):
        assert dockerignored(path), f"{path} would be sent to the build"
    for path in ("requirements.txt", "manage.py", "docker/entrypoint.sh", "platform/unroll/settings.py", "grader"):
        assert not dockerignored(path), f"{path} is needed in the image"


# --- docker/entrypoint.sh -----------------------------------------------------------------


def test_entrypoint_is_an_executable_posix_script():
    assert os.access(ENTRYPOINT, os.X_OK), "chmod +x docker/entrypoint.sh"
    text = ENTRYPOINT.read_text()
    assert text.startswith("#!/bin/sh\n")
    assert re.search(r"^set -eu$", text, re.MULTILINE)
    check = subprocess.run(["sh", "-n", str(ENTRYPOINT)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def test_entrypoint_starts_gunicorn_and_a_celery_worker():
    text = ENTRYPOINT.read_text()
    assert re.search(r"exec gunicorn unroll\.wsgi:application\b", text)
    assert "--bind 0.0.0.0:8000" in text
    assert '--workers "${WEB_CONCURRENCY:-' in text
    assert re.search(r"exec celery -A unroll worker\b", text)
    assert '--concurrency "${GRADER_CONCURRENCY:-2}"' in text
    web = text[text.index("    web)") : text.index("    worker)")]
    assert web.index("wait_for_database") < web.index("migrate --noinput") < web.index("exec gunicorn")
    worker = text[text.index("    worker)") : text.index("    manage.py)")]
    # Exercises are proven in the sandbox before they are published, so the worker syncs them.
    assert worker.index("wait_for_migrations") < worker.index("sync_exercises") < worker.index("exec celery")


def test_entrypoint_passes_other_commands_through():
    result = run_entrypoint("echo", "passed", "through", env={}, timeout=30)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "passed through\n"


def test_entrypoint_refuses_the_placeholder_secret_key():
    secret = env_example()["active"]["SECRET_KEY"]
    for role in APP_SERVICES:
        result = run_entrypoint(role, env={"SECRET_KEY": secret}, timeout=30)
        assert result.returncode == 1
        assert "SECRET_KEY is still the placeholder" in result.stderr


def test_entrypoint_stops_at_once_when_the_settings_do_not_load():
    production_without_secret = {"DATABASE_URL": "postgres://unroll:x@127.0.0.1:1/unroll"}  # no SECRET_KEY
    result = run_entrypoint("worker", env={**production_without_secret, "DB_WAIT_TRIES": "5", "DB_WAIT_DELAY": "30"})
    assert result.returncode == 2, result.stderr
    assert "cannot load the Django settings" in result.stderr
    assert "waiting for the database" not in result.stderr


def test_entrypoint_gives_up_on_an_unreachable_database_with_a_clear_error():
    result = run_entrypoint(
        "worker",
        env={
            "SECRET_KEY": "test-only-secret",
            "DATABASE_URL": "postgres://unroll:x@127.0.0.1:1/unroll",  # nothing listens on port 1
            "DB_WAIT_TRIES": "2",
            "DB_WAIT_DELAY": "0",
        },
    )
    assert result.returncode == 1, result.stderr
    assert "waiting for the database (1/2)" in result.stderr
    assert "still unreachable after 2 tries" in result.stderr
    assert "celery" not in result.stdout.lower()
