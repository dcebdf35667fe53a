"""Declared checks judged from plain model facts: each guide mistake gets its own advice."""

from grader.checks import feedback_from, run_checks
from grader.facts import ModelFacts
from grader.spec import ExerciseSpec


def layer(cls, units=None, return_sequences=None, activation=None, output_shape=None, wrapped=None):
    return {
        "class": cls,
        "custom_class": None,
        "name": cls.lower(),
        "units": units,
        "return_sequences": return_sequences,
        "return_state": False if return_sequences is not None else None,
        "activation": activation,
        "output_shape": output_shape,
        "wrapped": wrapped,
    }


def facts(layers, output_shape, output_activation=None):
    return ModelFacts(
        output_shape=output_shape, outputs=[output_shape], layers=layers, output_activation=output_activation
    )


def spec(*checks):
    return ExerciseSpec.from_dict({"slug": "x", "input_shape": [1, 3, 2], "checks": list(checks)})


MULTIPLE_OUTPUT = spec(
    {"kind": "output_shape", "expected": [1, 3, 4]},
    {"kind": "recurrent_layers", "expected": [{"type": "SimpleRNN", "units": 4, "return_sequences": True}]},
)
STACKED = spec(
    {"kind": "output_shape", "expected": [1, 4]},
    {
        "kind": "recurrent_layers",
        "expected": [
            {"type": "SimpleRNN", "units": 4, "return_sequences": True},
            {"type": "SimpleRNN", "units": 4, "return_sequences": False},
        ],
    },
)
TAGGER = spec(
    {"kind": "time_distributed", "units": 4, "activation": "softmax"},
    {"kind": "softmax_per_step"},
)


def judge(exercise, model_facts):
    results = run_checks(model_facts, exercise)
    return results, feedback_from(results)


def test_the_right_model_passes_every_check():
    results, feedback = judge(MULTIPLE_OUTPUT, facts([layer("SimpleRNN", 4, True, "tanh", [1, 3, 4])], [1, 3, 4]))
    assert all(r.passed for r in results)
    assert feedback == []


def test_missing_return_sequences_names_the_fix_before_the_shape():
    results, feedback = judge(MULTIPLE_OUTPUT, facts([layer("SimpleRNN", 4, False, "tanh", [1, 4])], [1, 4]))
    assert [r.passed for r in results] == [False, False]
    assert "return_sequences=True" in feedback[0]
    assert "Expected output shape (1, 3, 4), your model outputs (1, 4)" in feedback[1]


def test_a_dense_only_model_with_the_right_shape_does_not_pass():
    results, feedback = judge(MULTIPLE_OUTPUT, facts([layer("Dense", 4, None, "linear", [1, 3, 4])], [1, 3, 4]))
    assert results[0].passed and not results[1].passed
    assert "no recurrent layer" in feedback[0]


def test_a_custom_layer_is_not_taken_for_a_recurrent_one():
    fake = layer("custom", 4, True, None, [1, 3, 4])
    results, feedback = judge(MULTIPLE_OUTPUT, facts([fake], [1, 3, 4]))
    assert not results[1].passed


def test_wrong_units_are_named_with_both_numbers():
    _, feedback = judge(MULTIPLE_OUTPUT, facts([layer("SimpleRNN", 8, True, "tanh", [1, 3, 8])], [1, 3, 8]))
    assert "has 8 units; the exercise asks for 4" in feedback[0]


def test_a_single_layer_where_a_stack_is_asked():
    _, feedback = judge(STACKED, facts([layer("SimpleRNN", 4, False, "tanh", [1, 4])], [1, 4]))
    assert "2 stacked recurrent layers; your model has 1" in feedback[0]


def test_return_sequences_on_the_top_layer_of_a_stack():
    layers = [layer("SimpleRNN", 4, True, "tanh", [1, 3, 4]), layer("SimpleRNN", 4, True, "tanh", [1, 3, 4])]
    _, feedback = judge(STACKED, facts(layers, [1, 3, 4]))
    assert "second SimpleRNN returns every step" in feedback[0]
    assert "default, False" in feedback[0]


def test_missing_softmax_in_the_tagger_gives_one_message_not_two():
    td = layer("TimeDistributed", None, None, None, [1, 3, 4], wrapped=layer("Dense", 4, None, "linear"))
    model = facts([layer("SimpleRNN", 4, True, "tanh", [1, 3, 4]), td], [1, 3, 4], output_activation="linear")
    results, feedback = judge(TAGGER, model)
    assert [r.passed for r in results] == [False, False]
    assert len(feedback) == 1 and "activation='softmax'" in feedback[0]


def test_a_plain_dense_in_the_tagger_is_told_to_use_time_distributed():
    model = facts([layer("SimpleRNN", 4, True, "tanh"), layer("Dense", 4, None, "softmax")], [1, 3, 4], "softmax")
    results, feedback = judge(TAGGER, model)
    assert not results[0].passed and results[1].passed
    assert "not wrapped in TimeDistributed" in feedback[0]


def test_a_missing_dense_head_is_named():
    sentiment = spec({"kind": "dense_head", "units": 1})
    _, feedback = judge(sentiment, facts([layer("SimpleRNN", 4, False, "tanh", [1, 4])], [1, 4]))
    assert "no Dense(1) head" in feedback[0]


def bidirectional(inner):
    return {**layer("Bidirectional", None, None, None, [1, 2 * inner["units"]]), "wrapped": inner}


def test_a_one_way_layer_where_bidirectional_is_asked_is_told_to_wrap_it():
    ask = spec({"kind": "recurrent_layers", "expected": [{"type": "LSTM", "units": 4, "bidirectional": True}]})
    _, feedback = judge(ask, facts([layer("LSTM", 4, False, "tanh", [1, 4])], [1, 4]))
    assert "wrap it in Bidirectional(LSTM(...))" in feedback[0]
    results, _ = judge(ask, facts([bidirectional(layer("LSTM", 4, False, "tanh"))], [1, 8]))
    assert results[0].passed


def test_a_missing_return_state_names_both_lstm_states():
    ask = spec({"kind": "recurrent_layers", "expected": [{"type": "LSTM", "units": 4, "return_state": True}]})
    _, feedback = judge(ask, facts([layer("LSTM", 4, False, "tanh", [1, 4])], [1, 4]))
    assert "`return_state=True`" in feedback[0] and "cell state" in feedback[0]


def test_the_layer_check_names_the_attribute_that_differs():
    ask = spec({"kind": "layer", "type": "Dense", "wrapped_by": "TimeDistributed", "units": 4, "activation": "softmax"})
    td = {**layer("TimeDistributed", None, None, None, [1, 3, 4]), "wrapped": layer("Dense", 4, None, "relu")}
    _, feedback = judge(ask, facts([layer("SimpleRNN", 4, True, "tanh"), td], [1, 3, 4]))
    assert "activation='relu' instead of 'softmax'" in feedback[0]


def test_forbidden_and_parameter_count_checks():
    rnn = {**layer("SimpleRNN", 4, False, "tanh", [1, 4]), "params": 28}
    ask = spec({"kind": "forbidden_layers", "types": ["LSTM"]}, {"kind": "parameter_count", "expected": 28})
    results, _ = judge(ask, facts([rnn], [1, 4]))
    assert [r.passed for r in results] == [True, True]
    results, feedback = judge(ask, facts([{**layer("LSTM", 4, False, "tanh", [1, 4]), "params": 112}], [1, 4]))
    assert [r.passed for r in results] == [False, False]
    assert "not to use LSTM" in feedback[0] and "112 parameters" in feedback[1]
