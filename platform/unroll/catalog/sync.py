"""Makes the Exercise table match the folders under exercises/ (idempotent, keyed by uuid).

A new or changed folder is published only once the real grader has proven it: its reference
solution accepted, its starter and every known wrong answer rejected with the verdict and
feedback they declare. A folder that fails is reported with its file and the reason, and the
previously published version, if any, stays live.
"""

from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from grader import Runner, VariantError, grade, render_text, variant_spec
from grader.variants import describe_values
from unroll.catalog.folders import ExerciseFolder, FolderError, find_folders, load_folder
from unroll.catalog.models import Exercise, ExerciseVersion
from unroll.content.actions import is_unchanged as content_is_unchanged
from unroll.content.actions import publish_version
from unroll.content.sync import SyncReport, load_each, shared_identities, start_sync


def load_all(root: Path) -> tuple[list[ExerciseFolder], list[FolderError]]:
    folders, errors = load_each(find_folders(root), load_folder, FolderError, lambda error: [error])
    return folders, errors + duplicate_errors(folders)


def duplicate_errors(folders: list[ExerciseFolder]) -> list[FolderError]:
    return [FolderError(folder.path, f"exercise.yaml: {key}", why) for folder, key, why in shared_identities(folders)]


@dataclass(frozen=True)
class ProofCase:
    """One of a folder's own answers, graded: what it must get, what it got, and what disagrees."""

    file: str
    expected: str
    verdict: str
    feedback: str
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem

    def as_dict(self) -> dict:
        return {**asdict(self), "ok": self.ok}


def first_feedback(result) -> str:
    return result.feedback[0] if result.feedback else ""


SAMPLE_SEEDS = (1, 2)  # learner variants proven besides the corners: cheap insurance for the space between


def proof_cases(folder: ExerciseFolder, runner: Runner) -> list[ProofCase]:
    """Grade the folder's reference, starter and known wrong answers through the real grader.

    They are graded on the canonical variant; an exercise with parameters also proves its
    reference on the lowest and highest values and on sample learner variants.
    """
    defaults = folder.template.defaults
    try:
        spec = variant_spec(folder.template, defaults, folder.solution_code, runner)
    except VariantError as exc:
        return [ProofCase("solution.py", "accepted", "not accepted", "", str(exc))]
    cases = [
        reference_case(grade(spec, render_text(folder.solution_code, defaults), runner=runner)),
        starter_case(grade(spec, render_text(folder.starter_code, defaults), runner=runner)),
    ]
    for wrong in folder.known_wrong:
        result = grade(spec, render_text(wrong.code, defaults), runner=runner)
        cases.append(wrong_case(wrong.name, wrong.verdict, render_text(wrong.feedback, defaults), result))
    return cases + variant_cases(folder, runner)


def variant_cases(folder: ExerciseFolder, runner: Runner) -> list[ProofCase]:
    """The reference must be accepted on every variant a learner can get; prove the likeliest breakers."""
    template = folder.template
    if not template.has_parameters:
        return []
    variants = [(label, values) for label, values in template.corners() if label != "default"]
    variants += [(f"seed {seed}", template.values(str(folder.uuid), seed)) for seed in SAMPLE_SEEDS]
    cases = []
    for label, values in variants:
        name = f"solution.py ({label}: {describe_values(values)})"
        try:
            spec = variant_spec(template, values, folder.solution_code, runner)
        except VariantError as exc:
            cases.append(ProofCase(name, "accepted", "not accepted", "", str(exc)))
            continue
        result = grade(spec, render_text(folder.solution_code, values), runner=runner)
        cases.append(replace(reference_case(result), file=name))
    return cases


def reference_case(result) -> ProofCase:
    feedback = first_feedback(result)
    problem = "" if result.verdict == "accepted" else f"the reference solution gets {result.verdict}: {feedback}"
    return ProofCase("solution.py", "accepted", result.verdict, feedback, problem)


def starter_case(result) -> ProofCase:
    problem = "the starter code is accepted; it must leave work to do" if result.verdict == "accepted" else ""
    return ProofCase("starter.py", "not accepted", result.verdict, first_feedback(result), problem)


def wrong_case(name: str, verdict: str, phrase: str, result) -> ProofCase:
    feedback = first_feedback(result)
    expected = f"{verdict} with feedback containing {phrase!r}"
    agrees = result.verdict == verdict and phrase in feedback
    problem = "" if agrees else f"expected {expected}, got {result.verdict}: {feedback!r}"
    return ProofCase(f"wrong/{name}.py", expected, result.verdict, feedback, problem)


def proof_errors(folder: ExerciseFolder, runner: Runner) -> list[FolderError]:
    """What of the folder's own answers disagrees with the folder, as errors naming the file."""
    return [FolderError(folder.path, case.file, case.problem) for case in proof_cases(folder, runner) if not case.ok]


def sync_exercises(root: Path, runner_factory: Callable[[], Runner] | None = None) -> SyncReport:
    """Upsert every valid folder. With a runner, new and changed folders must first pass their proof.

    Without one (the test suite's fixtures, for speed) folders are loaded unproven; the
    management command always proves them.
    """
    report, folders = start_sync(*load_all(root))
    runner = None
    for folder in folders:
        if is_unchanged(folder):
            report.unchanged.append(folder.slug)
            continue
        if runner_factory is not None:
            runner = runner or runner_factory()
            problems = proof_errors(folder, runner)
            if problems:
                report.errors += problems
                continue
        getattr(report, upsert(folder)).append(folder.slug)
    return report


def is_unchanged(folder: ExerciseFolder) -> bool:
    return content_is_unchanged(Exercise, folder.uuid, folder.record()["content_hash"])


def upsert(folder: ExerciseFolder) -> str:
    """Publish the folder as the exercise's next version: "created", "updated" or "unchanged"."""
    return publish_version(ExerciseVersion, folder.uuid, folder.record())


def publish_folder(folder: ExerciseFolder) -> None:
    """Publish the folder unless the exercise already holds exactly this content."""
    if not is_unchanged(folder):
        upsert(folder)
