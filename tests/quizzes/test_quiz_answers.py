"""Reading what learners type: every shape form the quizzes accept, and a clear refusal for the rest."""

import pytest

from unroll.quizzes.answers import (
    AnswerError,
    format_shape,
    parse_number,
    parse_shape,
    shape_advice,
    shapes_match,
)


@pytest.mark.parametrize(
    ("typed", "shape"),
    [
        ("(None, 3, 4)", (None, 3, 4)),
        ("(1, 3, 4)", (1, 3, 4)),
        ("[1, 3, 4]", (1, 3, 4)),
        ("1x3x4", (1, 3, 4)),
        ("1 x 3 x 4", (1, 3, 4)),
        ("1×3×4", (1, 3, 4)),
        ("1*3*4", (1, 3, 4)),
        ("None x 3 x 4", (None, 3, 4)),
        ("1 3 4", (1, 3, 4)),
        ("(3,)", (3,)),
        ("(3)", (3,)),
        ("3", (3,)),
        ("3,", (3,)),
        ("(1, 3, 4,)", (1, 3, 4)),
        ("  ( none ,3,4 )  ", (None, 3, 4)),
        ("NONE, 4", (None, 4)),
        ("[None, None, 8]", (None, None, 8)),
        ("TensorShape([1, 3, 4])", (1, 3, 4)),  # as TensorFlow prints it
        ("TensorShape([None, 3, 4])", (None, 3, 4)),
        ("torch.Size([1, 3, 4])", (1, 3, 4)),
    ],
)
def test_it_reads_every_unambiguous_way_of_writing_a_shape(typed, shape):
    assert parse_shape(typed) == shape


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("(3, 4", "Missing closing parenthesis: write (3, 4)"),
        ("[3, 4", "Missing closing bracket: write [3, 4]"),
        ("3, 4)", "Missing opening parenthesis: write (3, 4)"),
        ("[3, 4)", "opens with [ but closes with )"),
        ("((3, 4))", "without brackets inside"),
        ("(3, (4))", "without brackets inside"),
        ("3, (4)", "Brackets go only around the whole shape"),
        ("(3,,4)", "A dimension is missing between two separators"),
        ("(, 3)", "A dimension is missing"),
        ("1x3xx4", "A dimension is missing"),
        ("()", "An empty shape has no dimensions"),
        ("", "Write a shape"),
        ("   ", "Write a shape"),
        ("(3, a)", "“a” is not a dimension"),
        ("max", "“max” is not a dimension"),
        ("(3.5, 4)", "3.5 is not a whole number"),
        ("(0, 4)", "0 cannot be a dimension"),
        ("(-1, 4)", "-1 cannot be a dimension"),
        ("1x3, 4", "Use one kind of separator"),
        ("(1 3, 4)", "“1 3”: separate the dimensions with commas"),
        ("(" + ", ".join(["2"] * 9) + ")", "at most 8 dimensions"),
        ("1" * 101, "too long"),
    ],
)
def test_it_refuses_what_it_cannot_read_and_says_why(typed, message):
    with pytest.raises(AnswerError) as refused:
        parse_shape(typed)
    assert message in str(refused.value)


@pytest.mark.parametrize(
    ("given", "expected", "right"),
    [
        ((1, 3, 4), (1, 3, 4), True),
        ((None, 3, 4), (1, 3, 4), True),  # Keras's None batch matches the printed batch of 1
        ((1, 3, 4), (None, 3, 4), True),
        ((8, 3, 4), (None, 3, 4), True),
        ((2, 3, 4), (1, 3, 4), False),  # a batch written out must be the batch fed
        ((None, 4, 3), (1, 3, 4), False),
        ((3, 4), (1, 3, 4), False),  # the batch left out
        ((1, None, 4), (1, 3, 4), False),  # None is a wildcard only for the batch
        ((None,), (4,), True),
    ],
)
def test_shapes_match_dimension_by_dimension_with_an_open_batch(given, expected, right):
    assert shapes_match(given, expected) is right


def test_the_result_names_the_likely_slip():
    assert "leaves out the first dimension, the batch" in shape_advice((3, 4), (1, 3, 4))
    assert "time steps and features are swapped" in shape_advice((1, 4, 3), (1, 3, 4))
    assert shape_advice((1, 5), (1, 4)) == ""


def test_shapes_are_shown_as_python_prints_them():
    assert format_shape([None, 3, 4]) == "(None, 3, 4)"
    assert format_shape((4,)) == "(4,)"


@pytest.mark.parametrize(
    ("typed", "value"),
    [("28", 28), (" -3 ", -3), ("0.5", 0.5), (".5", 0.5), ("1e3", 1000), ("3/4", 0.75), ("+7", 7)],
)
def test_it_reads_numbers(typed, value):
    assert parse_number(typed) == value


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Write a number"),
        ("1,5", "without commas"),
        ("1,000", "without commas"),
        ("seven", "“seven” is not a number"),
        ("inf", "is not a number"),
        ("nan", "is not a number"),
        ("1/0", "cannot divide by zero"),
    ],
)
def test_it_refuses_numbers_it_cannot_read(typed, message):
    with pytest.raises(AnswerError) as refused:
        parse_number(typed)
    assert message in str(refused.value)
