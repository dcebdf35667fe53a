"""The question types of a quiz, as quiz.yaml writes them: what each declares, how a learner's answer
is read, and when it is right. No Django. Formats: quizzes/README.md.

Every question stores as the plain dict it was written as (`as_dict`), plus, for `predict`
questions, the answers the real grader computed for each combination of its parameters.
"""

import itertools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import ClassVar

from grader import ExerciseSpec, SpecError
from grader.variants import Parameter, describe_values, parse_parameters, placeholders_in, render_data, render_text
from unroll.quizzes.answers import (
    AnswerError,
    format_number,
    format_shape,
    parse_number,
    parse_shape,
    shape_advice,
    shapes_match,
)

QUESTION_TYPES = ("single", "multiple", "numeric", "shape", "predict")
# A predict question's answers are all computed when the quiz is published, one grader run per
# combination of its parameters: the cap keeps a sync (and a browser edit) to seconds.
MAX_COMBINATIONS = 48
KEY = re.compile(r"[a-z0-9][a-z0-9_-]{0,59}")
# What the grader checks on a predict snippet: nothing (a forbidden list that is empty always
# passes). The grader is run only for the facts of the model the snippet builds.
NO_CHECK = {"kind": "forbidden_layers", "types": []}

RawAnswer = str | list[str]


class QuestionError(ValueError):
    """A question as written is unusable; `where` names the field, e.g. questions[2].choices."""

    def __init__(self, where: str, message: str):
        super().__init__(f"{where}: {message}")
        self.where, self.problem = where, message


class NotComputed(LookupError):
    """A predict question's answer for this combination was not computed (the quiz was never synced)."""


@dataclass(frozen=True)
class Question:
    key: str
    prompt: str
    explanation: str

    type: ClassVar[str]
    FIELDS: ClassVar[tuple[str, ...]] = ()  # the fields of its type, besides key, type, prompt, explanation

    @property
    def parameters(self) -> dict[str, Parameter]:
        return {}

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "type": self.type,
            "prompt": self.prompt,
            **self.own_fields(),
            "explanation": self.explanation,
        }

    def own_fields(self) -> dict:
        return {}

    def parse(self, raw: RawAnswer) -> object:
        """The answer as JSON-able data; raises AnswerError when it cannot be read."""
        raise NotImplementedError

    def expected(self, values: Mapping[str, int]) -> object:
        raise NotImplementedError

    def is_right(self, given: object, expected: object) -> bool:
        return given == expected

    def show(self, answer: object) -> str:
        """An answer (given or expected) as the result page shows it."""
        return str(answer)

    def advice(self, given: object, expected: object) -> str:
        """A pointer at the learner's likely slip, or ""."""
        return ""


def text_of(raw: RawAnswer) -> str:
    return raw if isinstance(raw, str) else " ".join(raw)


# --- choices ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    text: str
    correct: bool = False


@dataclass(frozen=True)
class ChoiceQuestion(Question):
    choices: tuple[Choice, ...] = ()
    shuffle: bool = True  # each learner sees the choices in their own order; false for "all of the above"

    FIELDS: ClassVar[tuple[str, ...]] = ("choices", "shuffle")

    def own_fields(self) -> dict:
        fields = {
            "choices": [{"text": c.text, "correct": True} if c.correct else {"text": c.text} for c in self.choices]
        }
        if not self.shuffle:  # written only when set, so quizzes written before it keep their content
            fields["shuffle"] = False
        return fields

    @property
    def correct_indexes(self) -> list[int]:
        return [index for index, choice in enumerate(self.choices) if choice.correct]

    def index_of(self, raw: str) -> int:
        if not (re.fullmatch(r"[0-9]{1,3}", raw) and int(raw) < len(self.choices)):
            raise AnswerError("Choose one of the options shown.")
        return int(raw)

    def show(self, answer: object) -> str:
        indexes = answer if isinstance(answer, list) else [answer]
        return "; ".join(self.choices[index].text for index in indexes if index < len(self.choices))


@dataclass(frozen=True)
class SingleChoiceQuestion(ChoiceQuestion):
    type: ClassVar[str] = "single"

    def parse(self, raw: RawAnswer) -> int:
        if isinstance(raw, list):
            raw = raw[0] if len(raw) == 1 else ""
        if not raw.strip():
            raise AnswerError("Choose an answer.")
        return self.index_of(raw.strip())

    def expected(self, values: Mapping[str, int]) -> int:
        return self.correct_indexes[0]


@dataclass(frozen=True)
class MultipleChoiceQuestion(ChoiceQuestion):
    type: ClassVar[str] = "multiple"

    def parse(self, raw: RawAnswer) -> list[int]:
        picked = [raw] if isinstance(raw, str) else raw
        picked = [item.strip() for item in picked if item.strip()]
        if not picked:
            raise AnswerError("Tick every option that is true (at least one is).")
        return sorted({self.index_of(item) for item in picked})

    def expected(self, values: Mapping[str, int]) -> list[int]:
        return self.correct_indexes


# --- numbers and shapes ----------------------------------------------------------------------


@dataclass(frozen=True)
class NumericQuestion(Question):
    answer: float = 0.0
    tolerance: float = 0.0

    type: ClassVar[str] = "numeric"
    FIELDS: ClassVar[tuple[str, ...]] = ("answer", "tolerance")

    def own_fields(self) -> dict:
        return {"answer": self.answer, **({"tolerance": self.tolerance} if self.tolerance else {})}

    def parse(self, raw: RawAnswer) -> float:
        return parse_number(text_of(raw))

    def expected(self, values: Mapping[str, int]) -> float:
        return self.answer

    def is_right(self, given: object, expected: object) -> bool:
        # A hair of slack for floating point: 0.1 + 0.2 must equal 0.3.
        return math.isclose(given, expected, rel_tol=1e-9, abs_tol=self.tolerance + 1e-12)

    def show(self, answer: object) -> str:
        return format_number(answer)


class ShapeAnswer:
    """How a shape answer is read, judged and shown: shared by shape and predict questions."""

    def parse(self, raw: RawAnswer) -> list[int | None]:
        return list(parse_shape(text_of(raw)))

    def is_right(self, given: object, expected: object) -> bool:
        return shapes_match(tuple(given), tuple(expected))

    def show(self, answer: object) -> str:
        return format_shape(answer)

    def advice(self, given: object, expected: object) -> str:
        return shape_advice(tuple(given), tuple(expected))


@dataclass(frozen=True)
class ShapeQuestion(ShapeAnswer, Question):
    answer: tuple[int | None, ...] = ()

    type: ClassVar[str] = "shape"
    FIELDS: ClassVar[tuple[str, ...]] = ("answer",)

    def own_fields(self) -> dict:
        return {"answer": list(self.answer)}

    def expected(self, values: Mapping[str, int]) -> list[int | None]:
        return list(self.answer)


@dataclass(frozen=True)
class PredictQuestion(ShapeAnswer, Question):
    """ "What shape does this model output?", on a snippet with the learner's own numbers.

    The answer of every combination of the parameters is computed by running the snippet in
    the real grader (unroll.quizzes.predict), never written by hand.
    """

    snippet: str = ""
    input_shape: tuple = ()
    parameter_data: dict = field(default_factory=dict)  # as written, kept for as_dict
    answers: Mapping[str, list] = field(default_factory=dict)  # combination label -> output shape

    type: ClassVar[str] = "predict"
    FIELDS: ClassVar[tuple[str, ...]] = ("parameters", "input_shape", "snippet")

    @cached_property
    def parameters(self) -> dict[str, Parameter]:
        return parse_parameters(self.parameter_data or None)

    def own_fields(self) -> dict:
        fields = {"parameters": self.parameter_data} if self.parameter_data else {}
        return {**fields, "input_shape": list(self.input_shape), "snippet": self.snippet}

    def stored(self) -> dict:
        return {**self.as_dict(), "answers": dict(self.answers)}

    def combinations(self) -> list[dict[str, int]]:
        """Every variant a learner can get: each parameter's every value, crossed."""
        parameters = sorted(self.parameters.items())
        ranges = [possible_values(parameter) for _, parameter in parameters]
        return [dict(zip([name for name, _ in parameters], combo)) for combo in itertools.product(*ranges)]

    def spec_for(self, values: Mapping[str, int]) -> ExerciseSpec:
        """What the grader is given to run the snippet: the batch to feed and no check at all."""
        shape = render_data(list(self.input_shape), dict(values))
        return ExerciseSpec.from_dict({"slug": f"quiz-{self.key}", "input_shape": shape, "checks": [NO_CHECK]})

    def code_for(self, values: Mapping[str, int]) -> str:
        return render_text(self.snippet, dict(values))

    def expected(self, values: Mapping[str, int]) -> list[int | None]:
        label = describe_values(dict(values))
        if label not in self.answers:
            raise NotComputed(f"question {self.key}: no computed answer for {label}; run manage.py sync_quizzes")
        return list(self.answers[label])

    def with_answers(self, answers: Mapping[str, list]) -> "PredictQuestion":
        return replace(self, answers=dict(answers))


def possible_values(parameter: Parameter) -> list[int]:
    if parameter.choices is not None:
        return list(parameter.choices)
    return list(range(parameter.minimum, parameter.maximum + 1))


def combination_count(parameters: dict[str, Parameter]) -> int:
    return math.prod(len(possible_values(p)) for p in parameters.values())


def combination_label(values: Mapping[str, int]) -> str:
    """The key of a computed answer: "features=2, timesteps=3" ("no parameters" for none)."""
    return describe_values(dict(values))


CLASSES: dict[str, type[Question]] = {
    cls.type: cls
    for cls in (SingleChoiceQuestion, MultipleChoiceQuestion, NumericQuestion, ShapeQuestion, PredictQuestion)
}


# --- reading a question as written -----------------------------------------------------------


def question_from_dict(data: object, where: str) -> Question:
    """Validate one question of quiz.yaml; raises QuestionError naming the field."""
    if not isinstance(data, dict):
        raise QuestionError(where, "must be a mapping with key, type, prompt and explanation")
    kind = data.get("type")
    if kind not in CLASSES:
        raise QuestionError(f"{where}.type", f"{kind!r} is not one of: {', '.join(QUESTION_TYPES)}")
    cls = CLASSES[kind]
    known = ("key", "type", "prompt", "explanation", *cls.FIELDS)
    unknown = sorted(str(name) for name in data if name not in known)
    if unknown:
        raise QuestionError(
            f"{where}.{unknown[0]}", f"is not a field of a {kind} question; its fields: {', '.join(known)}"
        )
    common = {
        "key": key_of(data, where),
        "prompt": text_field(data, "prompt", where),
        "explanation": text_field(data, "explanation", where),
    }
    question = READERS[kind](data, where, common)
    refuse_placeholders(question, where)
    return question


def key_of(data: dict, where: str) -> str:
    key = data.get("key")
    if not isinstance(key, str) or not KEY.fullmatch(key):
        raise QuestionError(
            f"{where}.key", f"{key!r} is not a key: lowercase letters, digits, - and _ (it names the question for good)"
        )
    return key


def text_field(data: dict, name: str, where: str) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value.strip():
        raise QuestionError(f"{where}.{name}", "is required: Markdown text")
    return value


def read_choices(data: dict, where: str, common: dict) -> ChoiceQuestion:
    listed = data.get("choices")
    if not isinstance(listed, list) or len(listed) < 2:
        raise QuestionError(
            f"{where}.choices", "must list at least two choices, e.g. - {text: '(1, 4)', correct: true}"
        )
    choices = tuple(read_choice(item, f"{where}.choices[{index}]") for index, item in enumerate(listed))
    texts = [choice.text for choice in choices]
    if len(set(texts)) != len(texts):
        raise QuestionError(f"{where}.choices", "two choices have the same text")
    right = sum(choice.correct for choice in choices)
    if data["type"] == "single" and right != 1:
        raise QuestionError(
            f"{where}.choices", f"a single-choice question needs exactly one correct choice, not {right}"
        )
    if data["type"] == "multiple" and right == 0:
        raise QuestionError(f"{where}.choices", "mark at least one choice correct: true")
    shuffle = data.get("shuffle", True)
    if not isinstance(shuffle, bool):
        raise QuestionError(f"{where}.shuffle", f"must be true or false, not {shuffle!r}")
    return CLASSES[data["type"]](**common, choices=choices, shuffle=shuffle)


def read_choice(item: object, where: str) -> Choice:
    if not isinstance(item, dict) or set(item) - {"text", "correct"}:
        raise QuestionError(where, "must be a mapping {text: ..., correct: true} (correct only on right choices)")
    text, correct = item.get("text"), item.get("correct", False)
    if not isinstance(text, str | int | float) or isinstance(text, bool) or not str(text).strip():
        raise QuestionError(f"{where}.text", "is required: the choice as Markdown text")
    if not isinstance(correct, bool):
        raise QuestionError(f"{where}.correct", f"must be true or false, not {correct!r}")
    return Choice(str(text), correct)


def read_numeric(data: dict, where: str, common: dict) -> NumericQuestion:
    answer = number_field(data, "answer", where)
    tolerance = number_field(data, "tolerance", where) if "tolerance" in data else 0
    if tolerance < 0:
        raise QuestionError(f"{where}.tolerance", "must be ≥ 0")
    return NumericQuestion(**common, answer=answer, tolerance=tolerance)


def number_field(data: dict, name: str, where: str) -> int | float:
    value = data.get(name)
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        raise QuestionError(f"{where}.{name}", f"must be a number, not {value!r}")
    return value


def read_shape(data: dict, where: str, common: dict) -> ShapeQuestion:
    written = data.get("answer")
    if isinstance(written, list):
        return ShapeQuestion(**common, answer=shape_from_list(written, f"{where}.answer"))
    if not isinstance(written, str | int) or isinstance(written, bool):
        raise QuestionError(f"{where}.answer", 'is required: the shape, e.g. [null, 3, 4] or "(None, 3, 4)"')
    try:
        return ShapeQuestion(**common, answer=parse_shape(str(written)))
    except AnswerError as exc:
        raise QuestionError(f"{where}.answer", str(exc)) from exc


def shape_from_list(written: list, where: str) -> tuple[int | None, ...]:
    if not written:
        raise QuestionError(where, "a shape has at least one dimension")
    for index, dim in enumerate(written):
        if dim is not None and (not isinstance(dim, int) or isinstance(dim, bool) or dim <= 0):
            raise QuestionError(f"{where}[{index}]", f"{dim!r} is not a dimension: a positive integer, or null")
    return tuple(written)


def read_predict(data: dict, where: str, common: dict) -> PredictQuestion:
    parameter_data = data.get("parameters") or {}
    try:
        parameters = parse_parameters(parameter_data)
    except SpecError as exc:
        raise parameter_error(exc, where) from exc
    count = combination_count(parameters)
    if count > MAX_COMBINATIONS:
        raise QuestionError(
            f"{where}.parameters",
            f"{count} combinations of values; at most {MAX_COMBINATIONS} (each is run in the grader): use fewer choices",
        )
    snippet = data.get("snippet")
    if not isinstance(snippet, str) or not snippet.strip():
        raise QuestionError(f"{where}.snippet", "is required: the Python code that builds `model`")
    input_shape = data.get("input_shape")
    if not isinstance(input_shape, list):
        raise QuestionError(
            f"{where}.input_shape", 'is required: the batch fed to the model, e.g. [1, "{{ steps }}", 2]'
        )
    question = PredictQuestion(
        **common, snippet=snippet, input_shape=tuple(input_shape), parameter_data=dict(parameter_data)
    )
    refuse_undeclared(question, where)
    for values in question.combinations():
        try:
            question.spec_for(values)
        except SpecError as exc:
            raise QuestionError(f"{where}.input_shape", f"with {combination_label(values)}: {exc}") from exc
    return question


def parameter_error(exc: SpecError, where: str) -> QuestionError:
    """The grader's parameter error ("parameters.units.default is required") on the question's field."""
    match = re.match(r"(parameters(?:\.\w+)*):?\s+(.*)", str(exc), re.DOTALL)
    if not match:
        return QuestionError(f"{where}.parameters", str(exc))
    return QuestionError(f"{where}.{match.group(1)}", match.group(2))


READERS = {
    "single": read_choices,
    "multiple": read_choices,
    "numeric": read_numeric,
    "shape": read_shape,
    "predict": read_predict,
}


def texts_of(question: Question) -> list[tuple[str, str]]:
    """Every text the author wrote in the question, with its field."""
    texts = [("prompt", question.prompt), ("explanation", question.explanation)]
    if isinstance(question, ChoiceQuestion):
        texts += [(f"choices[{i}].text", choice.text) for i, choice in enumerate(question.choices)]
    if isinstance(question, PredictQuestion):
        texts += [("snippet", question.snippet)]
        texts += [(f"input_shape[{i}]", str(d)) for i, d in enumerate(question.input_shape) if isinstance(d, str)]
    return texts


def refuse_undeclared(question: PredictQuestion, where: str) -> None:
    declared = set(question.parameters)
    for name, text in texts_of(question):
        undeclared = sorted(placeholders_in(text) - declared)
        if undeclared:
            raise QuestionError(
                f"{where}.{name}",
                f"{{{{ {undeclared[0]} }}}} is not a declared parameter (declare it under parameters)",
            )


def refuse_placeholders(question: Question, where: str) -> None:
    """Only predict questions have per-learner numbers; a placeholder elsewhere would show as {{ x }}."""
    if isinstance(question, PredictQuestion):
        return
    for name, text in texts_of(question):
        if placeholders_in(text):
            raise QuestionError(f"{where}.{name}", "placeholders like {{ name }} work only in predict questions")


# --- questions as the database keeps them ----------------------------------------------------


def stored_questions(questions: list[Question]) -> list[dict]:
    return [q.stored() if isinstance(q, PredictQuestion) else q.as_dict() for q in questions]


def questions_from_stored(items: list[dict]) -> list[Question]:
    """The questions of a published quiz (validated when it was published, so this does not fail)."""
    questions = []
    for index, item in enumerate(items):
        data = {name: value for name, value in item.items() if name != "answers"}
        question = question_from_dict(data, f"questions[{index}]")
        if isinstance(question, PredictQuestion):
            question = question.with_answers(item.get("answers") or {})
        questions.append(question)
    return questions
