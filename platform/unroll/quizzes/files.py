"""Reads quiz files (quizzes/<slug>/quiz.yaml) into plain data; no Django, no database.

The same text can come from the disk (`load_quiz`) or from the browser editor (`load_source`),
so a quiz written in either place obeys exactly one set of rules. Every problem is reported,
not only the first, each naming the file, the field and, when it can, the line.
"""

import hashlib
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from unroll.quizzes.questions import PredictQuestion, Question, QuestionError, question_from_dict

QUIZ_FILE = "quiz.yaml"
RESERVED_SLUGS = {"manage"}  # /quizzes/manage/ is the instructors' page
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_QUESTIONS = 100
MAX_ATTEMPTS = 1000
FIELDS = ("uuid", "slug", "title", "topic", "order", "attempts_allowed", "penalty", "questions")


class QuizError(ValueError):
    """One problem of one quiz file: the file, the field (e.g. questions[2].choices) and, if known, the line."""

    def __init__(self, path: Path, where: str, message: str, line: int | None = None):
        at = f"{path / QUIZ_FILE}:{line}" if line else str(path / QUIZ_FILE)
        super().__init__(f"{at}: {where}: {message}" if where else f"{at}: {message}")
        self.path, self.where, self.problem, self.line = path, where, message, line

    def as_dict(self) -> dict:
        return {"where": self.where, "message": self.problem, "line": self.line}


class QuizInvalid(ValueError):
    """A quiz file with problems; `errors` lists every one of them."""

    def __init__(self, errors: list[QuizError]):
        super().__init__("\n".join(str(error) for error in errors))
        self.errors = errors


@dataclass(frozen=True)
class QuizFile:
    path: Path
    source: str
    uuid: uuid.UUID
    slug: str
    title: str
    topic: str
    order: int
    attempts_allowed: int
    penalty: list[float]
    questions: list[Question] = field(default_factory=list)

    @property
    def content_hash(self) -> str:
        """The file's text is the content: a quiz exported and imported back hashes the same."""
        return source_hash(self.source)

    @property
    def predict_questions(self) -> list[PredictQuestion]:
        return [q for q in self.questions if isinstance(q, PredictQuestion)]

    def record(self) -> dict:
        """The Quiz row's fields written by the author (the questions come with their computed answers)."""
        return {
            "slug": self.slug,
            "title": self.title,
            "topic": self.topic,
            "order": self.order,
            "attempts_allowed": self.attempts_allowed,
            "penalty": list(self.penalty),
            "source": self.source,
            "content_hash": self.content_hash,
        }


def source_hash(source: str) -> str:
    return hashlib.sha256(source.encode()).hexdigest()


def title_in(source: str) -> str:
    """The title a quiz text declares, or "" (for naming drafts, whatever else is wrong with them)."""
    try:
        data = yaml.safe_load(source)
    except yaml.YAMLError:
        return ""
    title = data.get("title") if isinstance(data, dict) else None
    return title.strip() if isinstance(title, str) else ""


def uuid_in(source: str) -> uuid.UUID | None:
    """The uuid a quiz text declares, or None."""
    try:
        data = yaml.safe_load(source)
        return uuid.UUID(str(data["uuid"]))
    except (yaml.YAMLError, TypeError, KeyError, ValueError):
        return None


def find_quiz_folders(root: Path) -> list[Path]:
    return sorted(p.parent for p in Path(root).glob(f"*/{QUIZ_FILE}"))


def load_quiz(path: Path) -> QuizFile:
    """Read and validate quizzes/<slug>/quiz.yaml; raises QuizInvalid listing every problem."""
    target = Path(path) / QUIZ_FILE
    try:
        source = target.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise QuizInvalid([QuizError(Path(path), "", "file is missing")]) from exc
    except UnicodeDecodeError as exc:
        raise QuizInvalid([QuizError(Path(path), "", "is not UTF-8 text")]) from exc
    return load_source(Path(path), source)


def load_source(path: Path | str, source: str) -> QuizFile:
    """Validate a quiz's YAML text; `path` names it in errors (a folder, or e.g. draft:my-quiz)."""
    path = Path(path)
    data = parse_yaml(path, source)
    errors: list[QuizError] = []

    def located(where: str, message: str) -> QuizError:
        return QuizError(path, where, message, line_of(source, where))

    values = {}
    for name, reader in READERS.items():
        try:
            values[name] = reader(data)
        except FieldError as exc:
            errors.append(located(exc.where, exc.problem))
    unknown = sorted(str(key) for key in data if key not in FIELDS)
    errors += [located(name, f"is not a field of a quiz; the fields are: {', '.join(FIELDS)}") for name in unknown]
    questions, question_errors = read_questions(data)
    errors += [located(e.where, e.problem) for e in question_errors]
    if errors:
        raise QuizInvalid(errors)
    return QuizFile(path=path, source=source, questions=questions, **values)


def parse_yaml(path: Path, source: str) -> dict:
    try:
        data = yaml.safe_load(source)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise QuizInvalid([QuizError(path, "", f"is not valid YAML: {problem}", line)]) from exc
    if not isinstance(data, dict):
        raise QuizInvalid([QuizError(path, "", "must be a mapping of fields (uuid, slug, title, ..., questions)")])
    return data


# --- the quiz's own fields -------------------------------------------------------------------


class FieldError(ValueError):
    def __init__(self, where: str, message: str):
        super().__init__(f"{where}: {message}")
        self.where, self.problem = where, message


def required(data: dict, name: str, kind: type | tuple, example: str):
    if name not in data:
        raise FieldError(name, f"is required, e.g. {name}: {example}")
    value = data[name]
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise FieldError(name, f"must be like {name}: {example}, not {value!r}")
    return value


def read_uuid(data: dict) -> uuid.UUID:
    raw = required(data, "uuid", str, '"9b2f…" (python3 -c "import uuid; print(uuid.uuid4())")')
    try:
        return uuid.UUID(raw)
    except ValueError as exc:
        raise FieldError("uuid", f"{raw!r} is not a UUID") from exc


def read_slug(data: dict) -> str:
    slug = required(data, "slug", str, "units-and-sequences")
    if not SLUG.fullmatch(slug) or len(slug) > 50:
        raise FieldError("slug", f"{slug!r} is not a slug: lowercase letters, digits and dashes, at most 50")
    if slug in RESERVED_SLUGS:
        raise FieldError("slug", f"“{slug}” is a page of the site; choose another slug")
    return slug


def read_text(name: str, example: str):
    def reader(data: dict) -> str:
        value = required(data, name, str, example)
        if not value.strip() or len(value) > 200:
            raise FieldError(name, "must be 1 to 200 characters")
        return value.strip()

    return reader


def read_order(data: dict) -> int:
    order = required(data, "order", int, "1")
    if order < 0:
        raise FieldError("order", "must be ≥ 0")
    return order


def read_attempts(data: dict) -> int:
    attempts = required(data, "attempts_allowed", int, "3 (0 for unlimited)")
    if not 0 <= attempts <= MAX_ATTEMPTS:
        raise FieldError("attempts_allowed", f"must be between 0 (unlimited) and {MAX_ATTEMPTS}")
    return attempts


def read_penalty(data: dict) -> list[float]:
    penalty = required(data, "penalty", list, "[1.0, 0.75, 0.5]")
    if not penalty:
        raise FieldError("penalty", "needs at least one multiplier, e.g. [1.0] for no penalty")
    for index, value in enumerate(penalty):
        if not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value <= 1:
            raise FieldError(f"penalty[{index}]", f"must be a number from 0 to 1, not {value!r}")
    return [float(value) for value in penalty]


READERS = {
    "uuid": read_uuid,
    "slug": read_slug,
    "title": read_text("title", "Units and return_sequences"),
    "topic": read_text("topic", "return_sequences"),
    "order": read_order,
    "attempts_allowed": read_attempts,
    "penalty": read_penalty,
}


def read_questions(data: dict) -> tuple[list[Question], list[QuestionError]]:
    """Every valid question, and the problems of the others (each question is checked on its own)."""
    listed = data.get("questions")
    if not isinstance(listed, list) or not listed:
        return [], [QuestionError("questions", "must list at least one question")]
    if len(listed) > MAX_QUESTIONS:
        return [], [QuestionError("questions", f"at most {MAX_QUESTIONS} questions, not {len(listed)}")]
    questions, errors = [], []
    for index, item in enumerate(listed):
        try:
            questions.append(question_from_dict(item, f"questions[{index}]"))
        except QuestionError as exc:
            errors.append(exc)
    return questions, errors + repeated_keys(listed)


def repeated_keys(listed: list) -> list[QuestionError]:
    """A key names a question for good (learners' variants and answers point at it): one per question."""
    seen, errors = set(), []
    for index, item in enumerate(listed):
        key = item.get("key") if isinstance(item, dict) else None
        if isinstance(key, str) and key in seen:
            errors.append(QuestionError(f"questions[{index}].key", f"{key!r} is also the key of an earlier question"))
        seen.add(key)
    return errors


# --- where a field is in the text ------------------------------------------------------------

PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def line_of(source: str, where: str) -> int | None:
    """The 1-based line of a field such as questions[2].choices[1].text, for the editor; None if unknown."""
    try:
        node = yaml.compose(source)
    except yaml.YAMLError:
        return None
    found = node
    for name, index in PATH_PART.findall(where):
        child = child_node(found, name, index)
        if child is None:
            break
        found = child
    return found.start_mark.line + 1 if found is not None and found is not node else None


def child_node(node, name: str, index: str):
    if index and isinstance(node, yaml.SequenceNode):
        position = int(index)
        return node.value[position] if position < len(node.value) else None
    if name and isinstance(node, yaml.MappingNode):
        return next((value for key, value in node.value if getattr(key, "value", None) == name), None)
    return None
