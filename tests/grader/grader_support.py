"""Helpers of the grader's tests. None needs Django or the `unroll` project: these tests also run
where only grader/ and its own dependencies are installed (scripts/test_grader_alone.sh).

The exercises are read straight from their folders (exercises/<slug>/exercise.yaml, solution.py,
wrong/*.py), the fields the grader needs as unroll.catalog.folders reads them, without its
validation (the catalog's tests do that); tests/catalog/test_exercise_folders_grader_content.py
checks that the two readers agree on every exercise.
"""

import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import yaml

from grader import ExerciseSpec, ExerciseTemplate

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
REPO = Path(__file__).resolve().parents[2]
EXERCISES = REPO / "exercises"
# The fields of exercise.yaml that make the grader's spec (unroll.catalog.folders.parse_template).
SPEC_KEYS = ("input_shape", "checks", "model_variable", "limits", "parameters")


# --- the exercises of the repository ---------------------------------------------------------


@dataclass(frozen=True)
class WrongAnswer:
    file: str  # as exercise.yaml names it: "wrong/no_return_sequences.py"
    name: str  # the file's stem
    code: str
    verdict: str
    feedback: str


@dataclass(frozen=True)
class Exercise:
    path: Path
    uuid: uuid.UUID
    slug: str
    template: ExerciseTemplate
    solution_code: str
    known_wrong: list[WrongAnswer]

    @property
    def spec(self) -> ExerciseSpec:
        """The canonical variant's spec (its `expected: reference` checks not yet derived)."""
        return self.template.canonical_spec()


def exercise_folders() -> list[Path]:
    return sorted(path.parent for path in EXERCISES.glob("*/exercise.yaml"))


def model_exercise_folders() -> list[Path]:
    """The exercises whose answer is a Keras model: every one but those with numeric checks alone
    (`rnn-step-by-hand`: the answer is a function; tests/grader/test_numeric_checks.py grades those)."""
    return [folder for folder in exercise_folders() if template_of(folder).canonical_spec().needs_model]


def metadata(folder: Path) -> dict:
    return yaml.safe_load((folder / "exercise.yaml").read_text(encoding="utf-8"))


def template_of(folder: Path) -> ExerciseTemplate:
    """The exercise's spec template, with its parameters."""
    return template_from(metadata(folder))


def template_from(data: dict) -> ExerciseTemplate:
    return ExerciseTemplate.from_dict({**{key: data[key] for key in SPEC_KEYS if key in data}, "slug": data["slug"]})


def load_exercise(folder: Path | str) -> Exercise:
    folder = Path(folder)
    data = metadata(folder)
    wrong = [
        WrongAnswer(
            file=entry["file"],
            name=Path(entry["file"]).stem,
            code=(folder / entry["file"]).read_text(encoding="utf-8"),
            verdict=entry["verdict"],
            feedback=str(entry["feedback"]),
        )
        for entry in data.get("known_wrong", [])
    ]
    return Exercise(
        path=folder,
        uuid=uuid.UUID(data["uuid"]),
        slug=data["slug"],
        template=template_from(data),
        solution_code=(folder / "solution.py").read_text(encoding="utf-8"),
        known_wrong=wrong,
    )


def exercise_spec(slug: str) -> ExerciseSpec:
    """The grader spec of an exercise of the repository, read from its folder, without the checks whose
    expectation is derived from the reference (`expected: reference`): those tests exercise the sandbox,
    not the judge, and an expectation never derived can never accept."""
    return load_exercise(EXERCISES / slug).spec.without_reference_checks()


# --- the processes a warm engine leaves ------------------------------------------------------


def rss_kb(pid: int) -> int:
    """Resident memory of a process, in KB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def children_of(pid: int) -> list[str]:
    """The pids of a process's live (or not yet reaped) children."""
    return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()


def runs_left_below(warm_pid: int, timeout: float = 5) -> list[str]:
    """Processes of runs still alive below a warm process, once it had time to reap them.

    Its direct children are the spare supervisors it keeps waiting for requests (they have no
    children of their own); anything below them belongs to a run.
    """
    deadline = time.monotonic() + timeout
    while True:
        left = [grandchild for spare in children_of(warm_pid) for grandchild in safe_children(spare)]
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.1)


def safe_children(pid: str) -> list[str]:
    try:
        return children_of(int(pid))
    except OSError:
        return []  # it ended meanwhile
