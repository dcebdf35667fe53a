"""Reads exercise folders (exercises/<slug>/) into plain data; no Django, no database.

A folder holds `exercise.yaml` (metadata, checks, hints, limits, known wrong answers),
`statement.md`, `starter.py`, `solution.py`, the wrong answers' files and, optionally,
`explanation.md` (shown once the learner's answer is accepted) and `images/` (pictures the
statement, hints and explanation show; the only images they may show). See
exercises/README.md for the format. Errors name the file and the field.

The same folder can come from the disk (`load_folder`) or from memory (`load_files`): an
exercise written in the browser is kept as its folder's files, so it is validated, proven
and published by exactly the code that handles the folders in the repository.
"""

import base64
import binascii
import hashlib
import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml

from grader import VERDICTS, ExerciseSpec, ExerciseTemplate, SpecError
from grader.variants import placeholders_in

METADATA_FILE = "exercise.yaml"
REQUIRED_FILES = ("statement.md", "starter.py", "solution.py")
EXPLANATION_FILE = "explanation.md"  # optional: the exercise's point, shown after an accepted answer
# The reference solution is shown once the learner has solved the exercise, or after this many attempts
# that were not accepted (exercise.yaml's `reveal_solution_after` overrides it).
DEFAULT_REVEAL_SOLUTION_AFTER = 5


# Pictures a statement, a hint or an explanation may show: files of the folder's images/, served by
# the site (never an address elsewhere: a remote image is a tracking pixel on every learner). No SVG:
# it can carry script. Each file must really be what its name says (its first bytes).
IMAGE_FOLDER = "images"
IMAGE_TYPES = {
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".gif": ("image/gif", (b"GIF87a", b"GIF89a")),
    ".webp": ("image/webp", (b"RIFF",)),
}
MAX_IMAGE_BYTES = 512 * 1024
MAX_IMAGES_BYTES = 2 * 1024 * 1024
MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)")
HTML_IMAGE = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*[\"']?([^\"'\s>]+)", re.IGNORECASE)


class FolderError(ValueError):
    def __init__(self, path: Path, where: str, message: str):
        super().__init__(f"{path}: {where}: {message}")
        self.path, self.where, self.problem = path, where, message


@dataclass(frozen=True)
class WrongAnswer:
    name: str
    code: str
    verdict: str
    feedback: str

    def as_dict(self) -> dict:
        return {"name": self.name, "code": self.code, "verdict": self.verdict, "feedback": self.feedback}


@dataclass(frozen=True)
class ExerciseFolder:
    path: Path
    uuid: uuid.UUID
    slug: str
    title: str
    topic: str
    order: int
    difficulty: int
    statement: str
    starter_code: str
    solution_code: str
    template: ExerciseTemplate
    hints: list[str] = field(default_factory=list)
    known_wrong: list[WrongAnswer] = field(default_factory=list)
    show_figure: bool = False
    explanation: str = ""
    reveal_solution_after: int = DEFAULT_REVEAL_SOLUTION_AFTER
    images: dict[str, str] = field(default_factory=dict)  # images/<name> -> the file's bytes in base64

    @property
    def spec(self) -> ExerciseSpec:
        """The canonical variant's spec (its `expected: reference` checks not yet derived)."""
        return self.template.canonical_spec()

    def record(self) -> dict:
        """The Exercise row's fields, as sync_exercises writes them."""
        data = {
            "slug": self.slug,
            "title": self.title,
            "topic": self.topic,
            "order": self.order,
            "difficulty": self.difficulty,
            "statement": self.statement,
            "starter_code": self.starter_code,
            "solution_code": self.solution_code,
            "spec": stored_spec(self.template),
            "hints": list(self.hints),
            "known_wrong": [w.as_dict() for w in self.known_wrong],
        }
        # Older folders keep their hash: an optional part counts only when the folder has it.
        hashed = {**data, "show_figure": True} if self.show_figure else data
        hashed = {**hashed, "explanation": self.explanation} if self.explanation else hashed
        if self.reveal_solution_after != DEFAULT_REVEAL_SOLUTION_AFTER:
            hashed = {**hashed, "reveal_solution_after": self.reveal_solution_after}
        if self.images:
            hashed = {**hashed, "images": self.images}
        data = {**data, "show_figure": self.show_figure, "explanation": self.explanation, "images": self.images}
        data["reveal_solution_after"] = self.reveal_solution_after
        data["content_hash"] = hashlib.sha256(json.dumps(hashed, sort_keys=True).encode()).hexdigest()
        return data


def stored_spec(template: ExerciseTemplate) -> dict:
    """The spec as the database keeps it: with its parameters and placeholders when it has any.

    Without parameters it is exactly the validated spec, so exercises written before variants
    existed keep their content hash (and are not bumped to a new version by a sync).
    """
    return template.as_dict() if template.has_parameters else template.canonical_spec().as_dict()


def find_folders(root: Path) -> list[Path]:
    return sorted(p.parent for p in Path(root).glob(f"*/{METADATA_FILE}"))


class DiskFiles:
    """A folder on disk."""

    def __init__(self, path: Path):
        self.path = path

    def read(self, name: str) -> str:
        target = self.path / name
        if not target.is_file():
            raise FolderError(self.path, name, "file is missing")
        try:
            return target.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise FolderError(self.path, name, "is not UTF-8 text") from exc

    def has(self, name: str) -> bool:
        return (self.path / name).is_file()

    def images(self) -> dict[str, bytes]:
        folder = self.path / IMAGE_FOLDER
        if not folder.is_dir():
            return {}
        return {f"{IMAGE_FOLDER}/{file.name}": file.read_bytes() for file in sorted(folder.iterdir()) if file.is_file()}


class MemoryFiles:
    """A folder held as {relative path: text}, e.g. an exercise drafted in the browser."""

    def __init__(self, label: Path, files: Mapping[str, str]):
        self.path, self.files = label, files

    def read(self, name: str) -> str:
        key = str(PurePosixPath(name))
        if key not in self.files:
            raise FolderError(self.path, name, "file is missing")
        return self.files[key]

    def has(self, name: str) -> bool:
        return str(PurePosixPath(name)) in self.files

    def images(self) -> dict[str, bytes]:
        """Images travel in memory as base64 text, as the database keeps them."""
        found = {}
        for name, text in self.files.items():
            if name.startswith(f"{IMAGE_FOLDER}/"):
                try:
                    found[name] = base64.b64decode(text, validate=True)
                except (binascii.Error, ValueError):
                    raise FolderError(self.path, name, "is not an image in base64") from None
        return found


def read_metadata(path: Path, source) -> dict:
    try:
        data = yaml.safe_load(source.read(METADATA_FILE))
    except yaml.YAMLError as exc:
        raise FolderError(path, METADATA_FILE, f"is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise FolderError(path, METADATA_FILE, "must be a mapping of fields")
    return data


def field_of(path: Path, data: dict, key: str, kind: type | tuple, required: bool = True, default=None):
    if key not in data:
        if required:
            raise FolderError(path, f"{METADATA_FILE}: {key}", "is required")
        return default
    value = data[key]
    if not isinstance(value, kind) or isinstance(value, bool) and kind is int:
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise FolderError(path, f"{METADATA_FILE}: {key}", f"must be a {names}, got {value!r}")
    return value


def parse_uuid(path: Path, data: dict) -> uuid.UUID:
    raw = field_of(path, data, "uuid", str)
    try:
        return uuid.UUID(raw)
    except ValueError as exc:
        raise FolderError(path, f"{METADATA_FILE}: uuid", f"{raw!r} is not a UUID") from exc


def parse_wrong_answers(path: Path, data: dict, source) -> list[WrongAnswer]:
    entries = field_of(path, data, "known_wrong", list, required=False, default=[])
    answers = []
    for index, entry in enumerate(entries):
        where = f"{METADATA_FILE}: known_wrong[{index}]"
        if not isinstance(entry, dict) or not {"file", "verdict", "feedback"} <= set(entry):
            raise FolderError(path, where, "needs file, verdict and feedback")
        if entry["verdict"] not in VERDICTS or entry["verdict"] == "accepted":
            raise FolderError(path, f"{where}.verdict", f"{entry['verdict']!r} is not a rejecting verdict")
        answers.append(
            WrongAnswer(
                name=Path(entry["file"]).stem,
                code=source.read(entry["file"]),
                verdict=entry["verdict"],
                feedback=str(entry["feedback"]),
            )
        )
    return answers


def parse_reveal_after(path: Path, data: dict) -> int:
    """`reveal_solution_after`: how many attempts not accepted earn the reference solution (at least 1)."""
    value = field_of(path, data, "reveal_solution_after", int, required=False, default=DEFAULT_REVEAL_SOLUTION_AFTER)
    if value < 1:
        why = f"must be a number of attempts, 1 or more, got {value!r} (solving the exercise always shows it)"
        raise FolderError(path, f"{METADATA_FILE}: reveal_solution_after", why)
    return value


def parse_template(path: Path, data: dict, slug: str) -> ExerciseTemplate:
    keys = ("input_shape", "checks", "model_variable", "limits", "parameters")
    spec_fields = {key: data[key] for key in keys if key in data}
    try:
        return ExerciseTemplate.from_dict({**spec_fields, "slug": slug})
    except SpecError as exc:
        raise FolderError(path, METADATA_FILE, str(exc)) from exc


def refuse_undeclared_placeholders(folder: ExerciseFolder) -> None:
    """Every `{{ name }}` in the statement, the code, the hints and the feedback must be a parameter."""
    texts = [
        ("statement.md", folder.statement),
        ("starter.py", folder.starter_code),
        ("solution.py", folder.solution_code),
        (EXPLANATION_FILE, folder.explanation),
        *((f"{METADATA_FILE}: hints[{i}]", hint) for i, hint in enumerate(folder.hints)),
        *((f"wrong/{w.name}.py", w.code) for w in folder.known_wrong),
        *((f"{METADATA_FILE}: known_wrong[{i}].feedback", w.feedback) for i, w in enumerate(folder.known_wrong)),
    ]
    declared = set(folder.template.parameters)
    for where, text in texts:
        undeclared = sorted(placeholders_in(text) - declared)
        if undeclared:
            message = f"{{{{ {undeclared[0]} }}}} is not a declared parameter (declare it under parameters)"
            raise FolderError(folder.path, where, message)


def load_folder(path: Path) -> ExerciseFolder:
    """Read and validate one exercise folder; raises FolderError naming the file and field."""
    return load_from(Path(path), DiskFiles(Path(path)))


def load_files(label: str, files: Mapping[str, str]) -> ExerciseFolder:
    """Validate a folder held in memory as {relative path: text}; errors name `label` and the file."""
    return load_from(Path(label), MemoryFiles(Path(label), files))


def load_from(path: Path, source) -> ExerciseFolder:
    data = read_metadata(path, source)
    slug = field_of(path, data, "slug", str)
    hints = field_of(path, data, "hints", list, required=False, default=[])
    if not all(isinstance(h, str) for h in hints):
        raise FolderError(path, f"{METADATA_FILE}: hints", "must be a list of strings")
    folder = ExerciseFolder(
        path=path,
        uuid=parse_uuid(path, data),
        slug=slug,
        title=field_of(path, data, "title", str),
        topic=field_of(path, data, "topic", str),
        order=field_of(path, data, "order", int),
        difficulty=field_of(path, data, "difficulty", int, required=False, default=1),
        statement=source.read("statement.md"),
        starter_code=source.read("starter.py"),
        solution_code=source.read("solution.py"),
        template=parse_template(path, data, slug),
        hints=hints,
        known_wrong=parse_wrong_answers(path, data, source),
        show_figure=field_of(path, data, "figure", bool, required=False, default=False),
        explanation=source.read(EXPLANATION_FILE) if source.has(EXPLANATION_FILE) else "",
        reveal_solution_after=parse_reveal_after(path, data),
        images=checked_images(path, source.images()),
    )
    refuse_undeclared_placeholders(folder)
    refuse_images_from_elsewhere(folder)
    return folder


def checked_images(path: Path, images: dict[str, bytes]) -> dict[str, str]:
    """The folder's images, each a PNG, JPEG, GIF or WebP within the size limits, in base64."""
    if sum(len(data) for data in images.values()) > MAX_IMAGES_BYTES:
        raise FolderError(path, IMAGE_FOLDER, f"holds more than {MAX_IMAGES_BYTES // 1024} KB of images")
    for name, data in images.items():
        kind = IMAGE_TYPES.get(PurePosixPath(name).suffix.lower())
        if kind is None:
            raise FolderError(path, name, "is not a PNG, JPEG, GIF or WebP image (SVG is refused: it can hold scripts)")
        if not data.startswith(kind[1]):
            raise FolderError(path, name, f"is not really a {kind[0]} file (its first bytes say otherwise)")
        if len(data) > MAX_IMAGE_BYTES:
            raise FolderError(path, name, f"is larger than {MAX_IMAGE_BYTES // 1024} KB")
    return {name: base64.b64encode(data).decode() for name, data in images.items()}


def image_sources(text: str) -> list[str]:
    """Every image a Markdown text shows, as written (Markdown's ![..](src) and HTML's <img src>)."""
    return MARKDOWN_IMAGE.findall(text) + HTML_IMAGE.findall(text)


def refuse_images_from_elsewhere(folder: ExerciseFolder) -> None:
    """Every image the statement, hints and explanation show is a file of the folder's images/."""
    texts = {"statement.md": folder.statement, EXPLANATION_FILE: folder.explanation}
    texts.update({f"{METADATA_FILE}: hints[{i}]": hint for i, hint in enumerate(folder.hints)})
    for where, text in texts.items():
        for source in image_sources(text):
            if source not in folder.images:
                raise FolderError(
                    folder.path,
                    where,
                    f"shows the image {source!r}: an image must be a file of the exercise's own {IMAGE_FOLDER}/ "
                    f"folder, written as {IMAGE_FOLDER}/<name> (never an address elsewhere)",
                )
