"""quiz.yaml validation: every problem reported with the file, the field and the line."""

import pytest
from quiz_support import PREDICT, quiz_text

from unroll.quizzes.files import QuizInvalid, load_quiz, load_source
from unroll.quizzes.questions import MAX_COMBINATIONS


def problems(text: str) -> list[tuple[str, str, int | None]]:
    with pytest.raises(QuizInvalid) as invalid:
        load_source("quizzes/broken", text)
    return [(error.where, error.problem, error.line) for error in invalid.value.errors]


def test_a_valid_quiz_loads_with_its_questions():
    quiz = load_source("quizzes/basics", quiz_text(attempts=0, penalty="[1, 0.5]"))
    assert [q.type for q in quiz.questions] == ["single", "multiple", "numeric", "shape"]
    assert (quiz.attempts_allowed, quiz.penalty) == (0, [1.0, 0.5])


@pytest.mark.parametrize(
    ("old", "new", "where", "message"),
    [
        ("slug: basics", "slug: Not A Slug", "slug", "is not a slug"),
        ("slug: basics", "slug: manage", "slug", "is a page of the site"),
        ('uuid: "', 'uuid: "not-', "uuid", "is not a UUID"),
        ("order: 1", "order: -1", "order", "must be ≥ 0"),
        ("order: 1", "order: first", "order", "must be like order: 1"),
        ("attempts_allowed: 3", "attempts_allowed: -2", "attempts_allowed", "between 0 (unlimited)"),
        ("penalty: [1.0, 0.5]", "penalty: []", "penalty", "at least one multiplier"),
        ("penalty: [1.0, 0.5]", "penalty: [1.0, 1.5]", "penalty[1]", "from 0 to 1"),
        ("title: Quiz basics", "", "title", "is required"),
        ("topic: shapes", "topic: shapes\nattempts_alowed: 2", "attempts_alowed", "is not a field of a quiz"),
        ('"The units", correct: true}', '"The units"}', "questions[0].choices", "exactly one correct"),
        ('time steps"}', 'time steps", correct: yes please}', "questions[0].choices[1].correct", "true or false"),
        ("type: multiple", "type: essay", "questions[1].type", "is not one of: single, multiple"),
        ("answer: 7", "answer: seven", "questions[2].answer", "must be a number"),
        ("answer: [1, 3, 4]", 'answer: "(1, 3, 4"', "questions[3].answer", "Missing closing parenthesis"),
        ("answer: [1, 3, 4]", "answer: [1, 0, 4]", "questions[3].answer[1]", "is not a dimension"),
        ("key: steps", "key: Steps!", "questions[2].key", "is not a key"),
        ("key: steps", "key: units", "questions[2].key", "'units' is also the key of an earlier question"),
        ("explanation: One per word.", "", "questions[2].explanation", "is required"),
        ("steps for 7 words?", "steps for {{ n }} words?", "questions[2].prompt", "only in predict questions"),
        ("answer: 7", "answer: 7\n    hint: count", "questions[2].hint", "is not a field of a numeric question"),
    ],
)
def test_each_problem_names_its_field_and_line(old, new, where, message):
    text = quiz_text()
    assert old in text
    found = problems(text.replace(old, new, 1))
    assert any(w == where and message in m for w, m, _ in found), found
    line = next(line for w, _, line in found if w == where)
    assert (line is None) == (where == "title")  # a missing top-level field has no line of its own


def test_the_line_points_at_the_field_in_the_text():
    text = quiz_text().replace("answer: 7", "answer: seven")
    [(where, _, line)] = problems(text)
    assert text.splitlines()[line - 1].strip() == "answer: seven"


def test_every_broken_question_is_reported_not_only_the_first():
    text = quiz_text().replace("answer: 7", "answer: seven").replace("type: multiple", "type: essay")
    assert {where for where, _, _ in problems(text)} == {"questions[1].type", "questions[2].answer"}


def test_errors_name_the_file(tmp_path):
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "quiz.yaml").write_text(quiz_text().replace("answer: 7", "answer: seven"))
    with pytest.raises(QuizInvalid) as invalid:
        load_quiz(folder)
    assert str(invalid.value).startswith(f"{folder}/quiz.yaml:")
    assert "questions[2].answer: must be a number" in str(invalid.value)


def test_yaml_that_does_not_parse_is_reported_with_its_line():
    [(where, message, line)] = problems(quiz_text().replace("order: 1", "order: [1"))
    assert "is not valid YAML" in message and line is not None


def test_a_predict_question_declares_its_parameters_and_uses_only_them():
    quiz = load_source("quizzes/p", quiz_text(questions=PREDICT))
    question = quiz.questions[0]
    assert len(question.combinations()) == 12
    assert question.spec_for({"steps": 5, "units": 3}).input_shape == (1, 5, 2)
    assert "model.add(SimpleRNN(3, input_shape=(5, 2), return_sequences=True))" in question.code_for(
        {"steps": 5, "units": 3}
    )
    [(where, message, _)] = problems(quiz_text(questions=PREDICT.replace("{{ units }} units", "{{ width }} units")))
    assert where == "questions[0].explanation" and "{{ width }} is not a declared parameter" in message


def test_a_predict_question_with_too_many_combinations_is_refused_with_the_count():
    text = quiz_text(
        questions=PREDICT.replace("units: {min: 2, max: 5, default: 4}", "units: {min: 1, max: 25, default: 4}")
    )
    [(where, message, _)] = problems(text)
    assert where == "questions[0].parameters"
    assert f"75 combinations of values; at most {MAX_COMBINATIONS}" in message


def test_a_predict_question_whose_input_shape_breaks_at_a_corner_is_refused():
    text = quiz_text(
        questions=PREDICT.replace("steps: {choices: [3, 5, 9], default: 3}", "steps: {min: 0, max: 2, default: 1}")
    )
    [(where, message, _)] = problems(text)
    assert where == "questions[0].input_shape" and "steps=0" in message


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("default: 3}", "}", "questions[0].parameters.steps.default"),
        ('input_shape: [1, "{{ steps }}", 2]', "", "questions[0].input_shape"),
        ("snippet: |", "snippet_code: |", "questions[0].snippet_code"),
    ],
)
def test_predict_fields_are_checked(old, new, where):
    assert where in [w for w, _, _ in problems(quiz_text(questions=PREDICT.replace(old, new, 1)))]
