"""Exercises written in the browser: a draft is the exercise's folder held in the database.

The authoring form is turned into the folder's files (`files_from_form`) and validated by
the folder loader, proven by the same proof as `sync_exercises`, and published by the same
upsert, so an exercise made in the browser and one made as files obey exactly one set of rules.
"""

import re
from pathlib import PurePosixPath

import yaml

from unroll.catalog.export import folder_files, folder_yaml
from unroll.catalog.folders import (
    DEFAULT_REVEAL_SOLUTION_AFTER,
    EXPLANATION_FILE,
    IMAGE_FOLDER,
    METADATA_FILE,
    ExerciseFolder,
    FolderError,
    load_files,
)
from unroll.catalog.models import Exercise, ExerciseDraft
from unroll.catalog.sync import publish_folder
from unroll.content.actions import DraftNotPublishable, duplicate_as_draft, open_draft, save_draft, with_identity
from unroll.content.actions import publish_draft as publish_and_close

# The form's YAML fields, written into exercise.yaml under the same names.
YAML_FIELDS = ("input_shape", "checks", "parameters", "limits")
METADATA_FIELDS = ("slug", "title", "topic", "order", "difficulty")


def label_of(draft: ExerciseDraft) -> str:
    """How errors name a draft: `draft:<slug>`, like a folder path."""
    return f"draft:{draft.metadata.get('slug') or draft.pk}"


def files_from_form(data: dict, wrong_answers: list[dict], exercise_uuid) -> dict[str, str]:
    """The folder of an exercise from the authoring form's cleaned data."""
    metadata = {"uuid": str(exercise_uuid), **{name: data[name] for name in METADATA_FIELDS}}
    metadata["input_shape"] = data["input_shape"]
    if data.get("model_variable", "model") != "model":
        metadata["model_variable"] = data["model_variable"]
    metadata["checks"] = data["checks"]
    for optional in ("parameters", "limits"):
        if data.get(optional):
            metadata[optional] = data[optional]
    if data.get("figure"):
        metadata["figure"] = True
    metadata["hints"] = hint_lines(data.get("hints", ""))
    if data.get("reveal_solution_after") not in (None, DEFAULT_REVEAL_SOLUTION_AFTER):
        metadata["reveal_solution_after"] = data["reveal_solution_after"]
    metadata["known_wrong"] = [
        {"file": f"wrong/{wrong['name']}.py", "verdict": wrong["verdict"], "feedback": wrong["feedback"]}
        for wrong in wrong_answers
    ]
    files = {
        METADATA_FILE: folder_yaml(metadata),
        "statement.md": data["statement"],
        "starter.py": data["starter_code"],
        "solution.py": data["solution_code"],
    }
    if (data.get("explanation") or "").strip():
        files[EXPLANATION_FILE] = data["explanation"]
    files.update({f"wrong/{wrong['name']}.py": wrong["code"] for wrong in wrong_answers})
    return files


def hint_lines(text: str) -> list[str]:
    """One hint per non-empty line, gentlest first."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def form_initial(files: dict[str, str]) -> tuple[dict, list[dict]]:
    """The authoring form's initial data (and its wrong answers) from a folder's files."""
    metadata = yaml.safe_load(files.get(METADATA_FILE, "")) or {}
    initial = {name: metadata.get(name) for name in METADATA_FIELDS}
    initial["model_variable"] = metadata.get("model_variable", "model")
    for name in YAML_FIELDS:
        value = metadata.get(name)
        initial[name] = yaml_text(value) if value not in (None, {}, []) else ""
    initial["figure"] = bool(metadata.get("figure"))
    initial["hints"] = "\n".join(metadata.get("hints") or [])
    initial["reveal_solution_after"] = metadata.get("reveal_solution_after", DEFAULT_REVEAL_SOLUTION_AFTER)
    initial["statement"] = files.get("statement.md", "")
    initial["explanation"] = files.get(EXPLANATION_FILE, "")
    initial["starter_code"] = files.get("starter.py", "")
    initial["solution_code"] = files.get("solution.py", "")
    wrong = [
        {
            "name": PurePosixPath(entry["file"]).stem,
            "verdict": entry["verdict"],
            "feedback": entry["feedback"],
            "code": files.get(entry["file"], ""),
        }
        for entry in metadata.get("known_wrong") or []
    ]
    return initial, wrong


def yaml_text(value) -> str:
    """A form field's YAML, written as in exercise.yaml."""
    return folder_yaml(value).strip()


def validate(files: dict[str, str], label: str) -> ExerciseFolder:
    """The folder loader's verdict on the files; raises FolderError naming the file and field."""
    return load_files(label, files)


# Which form field a folder error is about, from the field it names (or its message's first word).
FIELD_OF_ERROR = {
    "slug": "slug",
    "title": "title",
    "topic": "topic",
    "order": "order",
    "difficulty": "difficulty",
    "input_shape": "input_shape",
    "model_variable": "model_variable",
    "checks": "checks",
    "parameters": "parameters",
    "limits": "limits",
    "hints": "hints",
    "figure": "figure",
    "reveal_solution_after": "reveal_solution_after",
    "statement.md": "statement",
    EXPLANATION_FILE: "explanation",
    "starter.py": "starter_code",
    "solution.py": "solution_code",
}


def field_of_error(error: FolderError) -> str | None:
    where = error.where.removeprefix(METADATA_FILE).lstrip(": ")
    key = re.match(r"[\w.]*", where or error.problem).group()
    return FIELD_OF_ERROR.get(key) or FIELD_OF_ERROR.get(key.split(".")[0])


def message_of_error(error: FolderError) -> str:
    where = error.where.removeprefix(METADATA_FILE).lstrip(": ")
    return f"{where}: {error.problem}" if where and where != error.where else error.problem


def slug_clash(slug: str, exercise_uuid) -> Exercise | None:
    """Another exercise already published under this slug."""
    return Exercise.objects.filter(slug=slug).exclude(uuid=exercise_uuid).first()


def draft_for_exercise(exercise: Exercise, author) -> ExerciseDraft:
    """The exercise's open draft, or a new one holding exactly its published folder."""
    return open_draft(ExerciseDraft, exercise, author, lambda: {"uuid": exercise.uuid, "files": folder_files(exercise)})


def duplicate_exercise(exercise: Exercise, author) -> ExerciseDraft:
    """A new exercise's draft holding the exercise's folder under a new identity (content.actions)."""

    def fields(identity: dict) -> dict:
        files = folder_files(exercise)
        files["exercise.yaml"] = with_identity(files["exercise.yaml"], identity)
        return {"uuid": identity["uuid"], "files": files}

    return duplicate_as_draft(ExerciseDraft, exercise, author, fields)


def images_of(draft: ExerciseDraft) -> dict[str, str]:
    """The draft's images (its folder's images/, in base64): the form edits text only and keeps them."""
    return {name: data for name, data in draft.files.items() if name.startswith(f"{IMAGE_FOLDER}/")}


def save_files(draft: ExerciseDraft, files: dict[str, str], prove: bool) -> None:
    """Store edited files; with `prove`, queue their proof: a Celery worker grades through its own warm
    sandbox, not the web process."""
    save_draft(draft, enqueue_proof if prove else None, files=files)


def enqueue_proof(draft_id: int) -> None:
    from unroll.catalog.tasks import prove_draft  # the tasks build on this module

    prove_draft.delay(draft_id)


def publish_draft(draft: ExerciseDraft) -> Exercise:
    """Make the proven draft the live exercise (a new version when it edits one) and close it."""
    return publish_and_close(draft, lambda: publishing_of(draft))


def publishing_of(draft: ExerciseDraft) -> tuple:
    folder = validate(draft.files, label_of(draft))
    clash = slug_clash(folder.slug, folder.uuid)
    if clash:
        raise DraftNotPublishable(f"The slug {folder.slug!r} is already used by “{clash.title}”. Choose another.")
    return folder.uuid, lambda: publish_folder(folder)
