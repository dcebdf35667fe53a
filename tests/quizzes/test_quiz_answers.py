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
    ("parse", "typed", "value"),
    [
        (parse_shape, "(None, 3, 4)", (None, 3, 4)),
        (parse_shape, "(1, 3, 4)", (1, 3, 4)),
        (parse_shape, "[1, 3, 4]", (1, 3, 4)),
        (parse_shape, "1x3x4", (1, 3, 4)),
        (parse_shape, "1 x 3 x 4", (1, 3, 4)),
        (parse_shape, "1×3×4", (1, 3, 4)),
        (parse_shape, "1*3*4", (1, 3, 4)),
        (parse_shape, "None x 3 x 4", (None, 3, 4)),
        (parse_shape, "1 3 4", (1, 3, 4)),
        (parse_shape, "(3,)", (3,)),
        (parse_shape, "(3)", (3,)),
        (parse_shape, "3", (3,)),
        (parse_shape, "3,", (3,)),
        (parse_shape, "(1, 3, 4,)", (1, 3, 4)),
        (parse_shape, "  ( none ,3,4 )  ", (None, 3, 4)),
        (parse_shape, "NONE, 4", (None, 4)),
        (parse_shape, "[None, None, 8]", (None, None, 8)),
        (parse_shape, "TensorShape([1, 3, 4])", (1, 3, 4)),  # as TensorFlow prints it
        (parse_shape, "TensorShape([None, 3, 4])", (None, 3, 4)),
        (parse_shape, "torch.Size([1, 3, 4])", (1, 3, 4)),
        (parse_number, "28", 28),
        (parse_number, " -3 ", -3),
        (parse_number, "0.5", 0.5),
        (parse_number, ".5", 0.5),
        (parse_number, "1e3", 1000),
        (parse_number, "3/4", 0.75),
        (parse_number, "+7", 7),
    ],
)
def test_it_reads_every_unambiguous_way_of_writing_an_answer(parse, typed, value):
    assert parse(typed) == value


@pytest.mark.parametrize(
    ("parse", "typed", "message"),
    [
        (parse_shape, "(3, 4", "Missing closing parenthesis: write (3, 4)"),
        (parse_shape, "[3, 4", "Missing closing bracket: write [3, 4]"),
        (parse_shape, "3, 4)", "Missing opening parenthesis: write (3, 4)"),
        (parse_shape, "[3, 4)", "opens with [ but closes with )"),
        (parse_shape, "((3, 4))", "without brackets inside"),
        (parse_shape, "(3, (4))", "without brackets inside"),
        (parse_shape, "3, (4)", "Brackets go only around the whole shape"),
        (parse_shape, "(3,,4)", "A dimension is missing between two separators"),
        (parse_shape, "(, 3)", "A dimension is missing"),
        (parse_shape, "1x3xx4", "A dimension is missing"),
        (parse_shape, "()", "An empty shape has no dimensions"),
        (parse_shape, "", "Write a shape"),
        (parse_shape, "   ", "Write a shape"),
        (parse_shape, "(3, a)", "“a” is not a dimension"),
        (parse_shape, "max", "“max” is not a dimension"),
        (parse_shape, "(3.5, 4)", "3.5 is not a whole number"),
        (parse_shape, "(0, 4)", "0 cannot be a dimension"),
        (parse_shape, "(-1, 4)", "-1 cannot be a dimension"),
        (parse_shape, "1x3, 4", "Use one kind of separator"),
        (parse_shape, "(1 3, 4)", "“1 3”: separate the dimensions with commas"),
        (parse_shape, "(" + ", ".join(["2"] * 9) + ")", "at most 8 dimensions"),
        (parse_shape, "1" * 101, "too long"),
        (parse_number, "", "Write a number"),
        (parse_number, "1,5", "without commas"),
        (parse_number, "1,000", "without commas"),
        (parse_number, "seven", "“seven” is not a number"),
        (parse_number, "inf", "is not a number"),
        (parse_number, "nan", "is not a number"),
        (parse_number, "1/0", "cannot divide by zero"),
    ],
)
def test_it_refuses_what_it_cannot_read_and_says_why(parse, typed, message):
    with pytest.raises(AnswerError) as refused:
        parse(typed)
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
