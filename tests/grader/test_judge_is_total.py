"""judge() gives one of the nine verdicts for any report the sandboxed side can write, and never raises.

The hostile reports are grown from real ones: tests/grader/fixtures/real_configs.json holds
what the harness reports for every exercise's reference solution and wrong answers (Keras's
own configs), and the properties below mutate them (any subtree replaced by any JSON value,
types changed, keys dropped, layers repeated, nesting made deep) or fuzz the raw bytes that
follow the READY marker. No Django, no sandbox: only the trusted side is under test.
"""

import copy
import json
import socket
import threading
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grader import diagnosis
from grader.checks import run_checks
from grader.grading import UNREADABLE_ERROR_REPORT, VERDICTS, GradeResult, grade, judge
from grader.harness import READY
from grader.limits import DEFAULT_LIMITS, Limits
from grader.reports import MAX_REPORT_DEPTH, decode_bounded, depth_within, json_depth_within
from grader.runner import MAX_REPORT_BYTES, RunOutcome, parse_report
from grader.spec import ExerciseSpec
from grader.structure import StructureError, facts_from_config
from grader.variants import render_text
from grader.zygote import HEADER, receive_message, send_message
from grader_support import EXERCISES, load_exercise, model_exercise_folders, template_of

REAL_REPORTS: dict[str, dict[str, dict]] = json.loads(
    (Path(__file__).parent / "fixtures/real_configs.json").read_text()
)
SEEDS = sorted((slug, name) for slug, reports in REAL_REPORTS.items() for name in reports)
MODEL_SEEDS = [(slug, name) for slug, name in SEEDS if REAL_REPORTS[slug][name]["status"] == "ok"]
TOO_DEEP_ADVICE = "too deeply nested to be checked"
TOO_LARGE_ADVICE = "too large to be checked"

# Hypothesis: no timing assertions (the machine is shared) and no example database in the tree.
FUZZ = settings(
    deadline=None,
    database=None,
    max_examples=400,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# --- the exercises (read from their folders by grader_support) ------------------------------


def outcome_of(report: object) -> RunOutcome:
    """A run that was isolated and exited normally after writing `report`."""
    return RunOutcome(report=report, isolated=True, exit_code=0)


@cache
def spec_of(slug: str) -> ExerciseSpec:
    """The canonical variant's spec, its `expected: reference` derived from the real solution's report."""
    spec = template_of(EXERCISES / slug).canonical_spec()
    if not spec.needs_reference:
        return spec
    reference = judge(spec.without_reference_checks(), outcome_of(REAL_REPORTS[slug]["solution.py"]), DEFAULT_LIMITS)
    return spec.with_reference(reference.facts)


def assert_total(result: GradeResult) -> None:
    """What every verdict must be, whatever the report: one of the nine, with text feedback, storable as JSON."""
    assert result.verdict in VERDICTS
    assert isinstance(result.feedback, list)
    assert all(isinstance(line, str) for line in result.feedback)
    assert result.verdict == "accepted" or result.feedback, "a verdict that is not accepted must say why"
    json.dumps(result.as_dict(), allow_nan=False)  # what the database stores: strict JSON


def assert_not_rescued(result: GradeResult) -> None:
    """The last lines of defence in grading.py never had to catch anything: the readers themselves are total."""
    assert result.feedback != [diagnosis.unreadable_model_advice()]
    assert result.feedback != [UNREADABLE_ERROR_REPORT]


def judged(slug: str, report: object) -> GradeResult:
    result = judge(spec_of(slug), outcome_of(report), DEFAULT_LIMITS)
    assert_total(result)
    assert_not_rescued(result)
    return result


# --- strategies: JSON values in Keras's vocabulary, and mutations of real reports ------------


def walk(value: object, path: tuple = ()):
    """Every (path, value) in a JSON tree, the root first (iterative: trees may be deep)."""
    pending = [(path, value)]
    while pending:
        path, value = pending.pop()
        yield path, value
        if isinstance(value, dict):
            pending.extend((path + (key,), child) for key, child in value.items())
        elif isinstance(value, list):
            pending.extend((path + (index,), child) for index, child in enumerate(value))


def words_of_real_reports() -> tuple[list[str], list[str]]:
    keys, strings = set(), set()
    for reports in REAL_REPORTS.values():
        for report in reports.values():
            for path, value in walk(report):
                if path and isinstance(path[-1], str):
                    keys.add(path[-1])
                if isinstance(value, str) and len(value) < 40:
                    strings.add(value)
    return sorted(keys), sorted(strings)


KEYS, STRINGS = words_of_real_reports()
EDGE_NUMBERS = [0, -1, 1, 2, 3, 4, True, False, 1.5, -0.0, 2**20, 2**31, 2**63, 10**400, -(10**30)]
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from(EDGE_NUMBERS)
    | st.floats()  # NaN and Infinity too: Python's json.loads reads them
    | st.text(max_size=12)
    | st.sampled_from(STRINGS)
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=12,
)


def set_at(root: object, path: tuple, value: object) -> object:
    if not path:
        return value
    parent = root
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value
    return root


def drop_at(root: object, path: tuple) -> object:
    if not path:
        return root
    parent = root
    for step in path[:-1]:
        parent = parent[step]
    del parent[path[-1]]
    return root


def retyped(value: object) -> list:
    """The same information under other JSON types: what a careless or hostile writer might send."""
    options = [[value], {"value": value}, None, str(value)[:50], True, 0, -1, 2**64, 1.5]
    if isinstance(value, dict):
        options += [list(value.values()), list(value.keys()), [list(item) for item in value.items()]]
    if isinstance(value, list):
        options += [{str(index): item for index, item in enumerate(value)}, value[::-1], value * 2]
    if isinstance(value, str):
        options += [list(value[:8]), {value: value}, value.upper(), "", value * 50]
    if isinstance(value, bool | int | float):
        options += [str(value), [value, value], not value]
    return options


def nested(value: object, levels: int, how: str) -> object:
    for _ in range(levels):
        if how == "list":
            value = [value]
        elif how == "wrapper":
            value = {"module": "keras.layers", "class_name": "TimeDistributed", "config": {"layer": value}}
        else:
            value = {"layer": value}
    return value


# The fields grader.structure and grader.diagnosis read: half the mutations land on one of
# them (or on an item of one), the others anywhere (initializers, dtypes, build configs).
READ_FIELDS = frozenset(
    "status model class_name module registered_name config layers layer name inbound_nodes args "
    "keras_history output_layers batch_shape units return_sequences return_state activation merge_mode "
    "target_shape dims axis n output_dim input_dim use_bias reset_after message line column text type".split()
)


def is_read(path: tuple) -> bool:
    return bool(path) and (path[-1] in READ_FIELDS or (len(path) > 1 and path[-2] in READ_FIELDS))


@st.composite
def mutation_of(draw, report: object) -> object:
    """One change at one place of the tree."""
    places = list(walk(report))
    read = [place for place in places if is_read(place[0])]
    path, value = draw(st.sampled_from(read if read and draw(st.booleans()) else places))
    kind = draw(st.sampled_from(["replace", "retype", "drop", "nest", "repeat"]))
    if kind == "replace":
        return set_at(report, path, draw(json_values))
    if kind == "retype":
        return set_at(report, path, copy.deepcopy(draw(st.sampled_from(retyped(value)))))
    if kind == "drop":
        return drop_at(report, path)
    if kind == "nest":
        levels = draw(st.integers(1, 100))  # well past the bound, yet within json.dumps's own recursion
        return set_at(report, path, nested(value, levels, draw(st.sampled_from(["list", "wrapper", "mapping"]))))
    if isinstance(value, list) and value:  # repeat: more layers, more nodes, more outputs
        item = draw(st.sampled_from(value))
        value.insert(draw(st.integers(0, len(value))), copy.deepcopy(item))
    return report


@st.composite
def hostile_reports(draw, seeds: list = SEEDS) -> tuple[str, object]:
    """(exercise, a real report of it after one to four mutations)."""
    slug, name = draw(st.sampled_from(seeds))
    report = copy.deepcopy(REAL_REPORTS[slug][name])
    for _ in range(draw(st.integers(1, 4))):
        report = draw(mutation_of(report))
    return slug, report


STATUSES = ["ok", "syntax_error", "exception", "no_model", "not_a_model", "unserializable", "model_too_large"]
REPORT_FIELDS = ["model", "message", "line", "column", "text", "type", "name", "phase", "variable", "reason"]
any_report = st.fixed_dictionaries(
    {"status": st.sampled_from([*STATUSES, "memory_error", "report_refused"]) | json_values},
    optional={field: json_values for field in REPORT_FIELDS},
)


# --- the fixture is real, and valid reports are judged as before ------------------------------


def test_the_fixture_holds_a_real_report_for_every_reference_and_wrong_answer():
    for folder in model_exercise_folders():  # a numeric exercise reports no Keras config to mutate
        expected = {"solution.py", *(f"wrong/{path.name}" for path in (folder / "wrong").glob("*.py"))}
        assert set(REAL_REPORTS.get(folder.name, {})) == expected, (
            f"{folder.name}: regenerate tests/grader/fixtures/real_configs.json (see make_real_configs.py)"
        )


@pytest.mark.parametrize("slug", sorted(REAL_REPORTS))
def test_the_real_reports_get_the_verdicts_their_exercise_declares(slug):
    exercise = load_exercise(EXERCISES / slug)
    defaults = exercise.template.defaults
    assert judged(slug, REAL_REPORTS[slug]["solution.py"]).verdict == "accepted"
    for wrong in exercise.known_wrong:
        result = judged(slug, REAL_REPORTS[slug][wrong.file])
        assert result.verdict == wrong.verdict, wrong.file
        assert render_text(wrong.feedback, defaults) in " ".join(result.feedback), wrong.file


def test_the_depth_bound_leaves_room_above_every_real_report():
    reports = [report for by_file in REAL_REPORTS.values() for report in by_file.values()]
    deepest = max(next(depth for depth in range(100) if depth_within(report, depth)) for report in reports)
    assert deepest * 4 <= MAX_REPORT_DEPTH, "a real model this deep: raise MAX_REPORT_DEPTH"


# --- properties -----------------------------------------------------------------------------


@FUZZ
@given(hostile_reports(MODEL_SEEDS))
def test_structure_refuses_any_mutated_config_with_a_structure_error_only(case):
    """The reader itself is total: facts or a StructureError, and checks and advice that read them."""
    slug, report = case
    spec = spec_of(slug)
    model = report.get("model") if isinstance(report, dict) else report
    try:
        facts = facts_from_config(model, spec.input_shape)
    except StructureError as exc:
        verdict, message = diagnosis.structure_advice(exc, spec)
        assert verdict in VERDICTS and isinstance(message, str)
        return
    for result in run_checks(facts, spec):
        assert isinstance(result.message, str)


@FUZZ
@given(hostile_reports())
def test_judge_gives_a_verdict_for_any_mutation_of_a_real_report(case):
    slug, report = case
    judged(slug, report)


def through_the_socket(outcome: RunOutcome) -> RunOutcome:
    """What the worker receives when a supervisor sends `outcome` (zygote.send_message, receive_message)."""
    sender, receiver = socket.socketpair()
    with sender, receiver:
        writer = threading.Thread(target=send_message, args=(sender, {"outcome": outcome.as_dict()}))
        writer.start()
        try:
            return RunOutcome.from_dict(receive_message(receiver)["outcome"])
        finally:
            writer.join()


@FUZZ
@given(hostile_reports())
def test_a_mutated_report_through_its_bytes_gets_a_verdict_and_survives_the_supervisor(case):
    """As in a grading: bytes after READY, parsed, sent from the supervisor to the worker, judged."""
    slug, report = case
    parsed = parse_report(READY + json.dumps(report).encode())
    assert parsed is None or isinstance(parsed, dict)
    received = through_the_socket(outcome_of(parsed))
    assert json.dumps(received.report) == json.dumps(parsed)  # as text: NaN is never equal to itself
    result = judge(spec_of(slug), received, DEFAULT_LIMITS)
    assert_total(result)
    assert_not_rescued(result)


@FUZZ
@given(st.sampled_from(sorted(REAL_REPORTS)), any_report)
def test_judge_gives_a_verdict_for_any_report_fields(slug, report):
    judged(slug, report)


@FUZZ
@given(st.sampled_from(sorted(REAL_REPORTS)), json_values)
def test_judge_gives_a_verdict_for_any_json_value_as_the_report(slug, report):
    judged(slug, report)


JSONISH = [b"[", b"]", b"{", b"}", b'"', b"\\", b",", b":", b"1", b"-", b"null", b"NaN", b'"status"', b'"ok"']
jsonish_bytes = st.lists(st.sampled_from(JSONISH), max_size=200).map(b"".join)


@st.composite
def damaged_real_bytes(draw) -> bytes:
    """A real report's bytes with a slice replaced by arbitrary or JSON-ish bytes."""
    slug, name = draw(st.sampled_from(SEEDS))
    data = json.dumps(REAL_REPORTS[slug][name]).encode()
    start = draw(st.integers(0, len(data)))
    end = draw(st.integers(start, min(len(data), start + 64)))
    return data[:start] + draw(st.binary(max_size=32) | jsonish_bytes) + data[end:]


@st.composite
def deeply_nested_real_bytes(draw) -> bytes:
    """A real model inside k lists or mappings, written as bytes (json.dumps itself would recurse)."""
    slug, name = draw(st.sampled_from(MODEL_SEEDS))
    model = json.dumps(REAL_REPORTS[slug][name]["model"]).encode()
    levels = draw(st.integers(0, 5000))
    opening, closing = draw(st.sampled_from([(b"[", b"]"), (b'{"layer": ', b"}")]))
    return b'{"status": "ok", "model": ' + opening * levels + model + closing * levels + b"}"


@FUZZ
@given(
    st.binary(max_size=512) | jsonish_bytes | damaged_real_bytes() | deeply_nested_real_bytes(),
    st.sampled_from(sorted(REAL_REPORTS)),
)
def test_any_bytes_after_ready_give_a_verdict(body, slug):
    parsed = parse_report(READY + body)
    assert parsed is None or isinstance(parsed, dict)
    json.dumps(outcome_of(parsed).as_dict())
    judged(slug, parsed)


@FUZZ
@given(json_values, st.integers(0, 8))
def test_the_depth_scan_of_the_text_agrees_with_the_depth_of_the_value(value, bound):
    text = json.dumps(value)
    within = depth_within(value, bound)
    assert json_depth_within(text, bound) == json_depth_within(text.encode(), bound) == within
    decoded = decode_bounded(text.encode(), 10**6, bound)
    if within:
        assert json.dumps(decoded) == text
    else:
        assert decoded is None


@FUZZ
@given(st.text(alphabet='[]{}"\\a1,: ', max_size=80), st.integers(0, 8))
def test_the_depth_scan_honours_strings_and_escapes_in_any_text(text, bound):
    try:
        value = json.loads(text)
    except ValueError:
        assert decode_bounded(text.encode(), 10**6, bound) is None
        return
    assert json_depth_within(text, bound) == depth_within(value, bound)


# --- the cases the outside testers named ------------------------------------------------------


def real(slug: str, name: str = "solution.py") -> dict:
    return copy.deepcopy(REAL_REPORTS[slug][name])


def changed(report: dict, path: tuple, value: object) -> dict:
    set_at(report["model"]["config"], path, value)
    return report


def with_layer(report: dict, index: int, layer: dict) -> dict:
    report["model"]["config"]["layers"].insert(index, layer)
    return report


PERMUTE = {"module": "keras.layers", "class_name": "Permute", "registered_name": None}
RESHAPE = {"module": "keras.layers", "class_name": "Reshape", "registered_name": None}
TENSOR_HISTORY = ("layers", 1, "inbound_nodes", 0, "args", 0, "config", "keras_history")
NOT_CONNECTED = "Your model is not built correctly: its layers do not connect"
HOSTILE = {
    # a layer that is not a mapping
    "sequential: a layer is a number": ("sentiment-head", lambda: changed(real("sentiment-head"), ("layers", 0), 5)),
    "functional: a layer is a list": (
        "lstm-final-states",
        lambda: changed(real("lstm-final-states"), ("layers", 1), []),
    ),
    "a wrapper's layer is a string": (
        "bidirectional-tagger",
        lambda: changed(real("bidirectional-tagger"), ("layers", 2, "config", "layer"), "LSTM"),
    ),
    # mixed types in a shape
    "Permute dims of mixed types": (
        "sentiment-head",
        lambda: with_layer(real("sentiment-head"), 1, {**PERMUTE, "config": {"dims": [2, "1"]}}),
    ),
    "Permute dims that are floats": (
        "sentiment-head",
        lambda: with_layer(real("sentiment-head"), 1, {**PERMUTE, "config": {"dims": [2.0, 1.0]}}),
    ),
    "Reshape target of mixed types": (
        "sentiment-head",
        lambda: with_layer(real("sentiment-head"), 1, {**RESHAPE, "config": {"target_shape": [3, True, None]}}),
    ),
    "batch_shape of mixed types": (
        "sentiment-head",
        lambda: changed(real("sentiment-head"), ("layers", 0, "config", "batch_shape"), [None, "3", 2.0]),
    ),
    # a list where a name belongs
    "functional: a layer's name is a list": (
        "lstm-final-states",
        lambda: changed(real("lstm-final-states"), ("layers", 0, "name"), ["input_layer"]),
    ),
    "keras_history names a list": (
        "lstm-final-states",
        lambda: changed(real("lstm-final-states"), TENSOR_HISTORY, [["input_layer"], 0, 0]),
    ),
    "output_layers refers to a list": (
        "lstm-final-states",
        lambda: changed(real("lstm-final-states"), ("output_layers",), [[["lstm"], 0, 0]]),
    ),
    "output_layers is a mapping": (
        "lstm-final-states",
        lambda: changed(real("lstm-final-states"), ("output_layers",), {"a": 1, "b": 2, "c": 3}),
    ),
    "inbound_nodes is a number": (
        "lstm-final-states",
        lambda: changed(real("lstm-final-states"), ("layers", 1, "inbound_nodes"), 7),
    ),
    "a tensor's config is a list": (
        "lstm-final-states",
        lambda: changed(real("lstm-final-states"), TENSOR_HISTORY[:-1], [1]),
    ),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_malformed_description_is_not_connected(name):
    slug, build = HOSTILE[name]
    report = build()
    for result in (judged(slug, report), judged(slug, parse_report(READY + json.dumps(report).encode()))):
        assert result.verdict == "runtime_error"
        assert result.feedback[0].startswith(NOT_CONNECTED)


@pytest.mark.parametrize(
    "report",
    [
        {"status": ["ok"]},
        {"status": "syntax_error", "message": {"a": 1}, "line": [1], "text": [1]},
        {"status": "exception", "type": "NameError", "name": ["Dense"], "message": 5},
        {"status": "no_model", "variable": {"model": 1}},
        {"status": "not_a_model", "type": [], "variable": None},
    ],
    ids=["status", "syntax_error", "exception", "no_model", "not_a_model"],
)
def test_an_error_report_with_fields_of_any_type_gets_its_verdict(report):
    result = judged("sentiment-head", report)
    assert result.verdict in ("runtime_error", "syntax_error")


@pytest.mark.parametrize("where", [("layers", 2, "config", "layer"), ("layers", 1)])
def test_a_model_used_as_a_layer_is_not_part_of_the_exercise(where):
    report = real("bidirectional-tagger")
    set_at(report["model"]["config"], (*where, "class_name"), "Sequential")
    result = judged("bidirectional-tagger", report)
    assert result.verdict == "wrong_answer"
    assert result.feedback[0].startswith("The Sequential layer is not part of this exercise")


def test_a_layer_beyond_any_tensor_the_memory_allows_is_too_large():
    # Each layer is valid alone; the last Flatten would hold 6 * 2**38 values per sample.
    flatten = {"module": "keras.layers", "class_name": "Flatten", "config": {}}
    repeat = {"module": "keras.layers", "class_name": "RepeatVector", "config": {"n": 2**19}}
    report = real("sentiment-head")
    report["model"]["config"]["layers"][1:1] = [flatten, repeat, flatten, repeat, flatten]
    result = judged("sentiment-head", report)
    assert (result.verdict, result.feedback) == ("wrong_answer", [diagnosis.too_large_advice()])


@pytest.mark.parametrize(
    "body",
    [b"\xff" + json.dumps(real("sentiment-head")).encode(), json.dumps(real("sentiment-head")).encode("utf-16")],
    ids=["a-stray-byte", "utf-16"],
)
def test_a_report_that_is_not_utf8_is_no_report(body):
    assert parse_report(READY + body) is None


DEEP = b"[" * 100_000 + b"]" * 100_000


@pytest.mark.parametrize(
    "body",
    [DEEP, DEEP[:100_000], b'{"status": "ok", "model": ' + DEEP + b"}", b"[" * 2000 + b"{}" + b"]" * 2000],
    ids=["deep-list", "deep-unclosed", "deep-model", "2000-levels"],
)
def test_a_report_nested_100000_levels_deep_is_refused_before_decoding(body):
    parsed = parse_report(READY + body)
    json.dumps(outcome_of(parsed).as_dict())  # what the supervisor then sends: no RecursionError
    result = judged("sentiment-head", parsed)
    assert result.verdict == "wrong_answer"
    assert TOO_DEEP_ADVICE in result.feedback[0]


def test_a_deep_report_built_in_python_is_refused_as_one_read_from_bytes():
    report = {"status": "ok", "model": nested(real("bidirectional-tagger")["model"], 5000, "wrapper")}
    result = judged("bidirectional-tagger", report)
    assert result.verdict == "wrong_answer"
    assert TOO_DEEP_ADVICE in result.feedback[0]


def test_a_report_of_10_mb_is_refused_as_too_large():
    body = json.dumps({"status": "ok", "model": {"padding": "x" * 10_000_000}}).encode()
    assert len(body) > MAX_REPORT_BYTES
    result = judged("sentiment-head", parse_report(READY + body))
    assert result.verdict == "wrong_answer"
    assert TOO_LARGE_ADVICE in result.feedback[0]


def test_a_report_just_within_the_bounds_is_read():
    model = nested(real("sentiment-head")["model"], MAX_REPORT_DEPTH - 20, "mapping")
    body = json.dumps({"status": "ok", "model": model}).encode()
    assert parse_report(READY + body) == {"status": "ok", "model": model}
    assert parse_report(READY + json.dumps(real("sentiment-head")).encode()) == real("sentiment-head")


class ReplayRunner:
    """Stands in for the sandbox only: gives back the outcome of a run that wrote `body` after READY."""

    def __init__(self, body: bytes):
        self.body = body

    def run(self, request: dict, limits: Limits) -> RunOutcome:
        return outcome_of(parse_report(READY + self.body))


@pytest.mark.parametrize(
    "body",
    [
        DEEP,
        b"\xff\xfe" + b"[" * 5000,
        json.dumps(changed(real("lstm-final-states"), TENSOR_HISTORY, [[1], 0, 0])).encode(),
        json.dumps({"status": "ok", "model": {"padding": "x" * 10_000_000}}).encode(),
    ],
    ids=["deep", "not-utf8-and-deep", "list-as-name", "10-MB"],
)
def test_grade_gives_a_verdict_for_a_hostile_report(body):
    result = grade(spec_of("lstm-final-states"), "model = None", runner=ReplayRunner(body))
    assert_total(result)
    assert result.verdict in ("wrong_answer", "runtime_error")


# --- the supervisor's message to the worker -------------------------------------------------


def test_an_outcome_crosses_the_socket_unchanged():
    outcome = outcome_of(parse_report(READY + json.dumps(real("lstm-final-states")).encode()))
    assert through_the_socket(outcome) == outcome


def test_a_message_nested_too_deep_is_refused_by_both_ends():
    sender, receiver = socket.socketpair()
    with sender, receiver:
        with pytest.raises(ValueError, match="too deeply"):
            send_message(sender, {"outcome": nested({}, 100_000, "list")})
        body = b'{"outcome": ' + DEEP + b"}"
        sender.sendall(HEADER.pack(len(body)) + body)
        with pytest.raises(ValueError, match="within the bounds"):
            receive_message(receiver)


# --- numeric checks: a function's results, reported as JSON (grader/numeric.py) ---------------


@cache
def numeric_spec() -> ExerciseSpec:
    """rnn-step-by-hand's canonical spec as derived (the reference's code stands in: no run here)."""
    folder = load_exercise(EXERCISES / "rnn-step-by-hand")
    return folder.spec.with_reference(None, folder.solution_code)


def numeric_judged(report: object) -> GradeResult:
    """judge() on a report for this grading's calls; the reference said 0.5 everywhere."""
    from grader.grading import NumericRun
    from grader.numeric import Reported, draw_calls

    spec = numeric_spec()
    calls = draw_calls(spec.slug, spec.checks, "property")
    expected = [Reported(numbers=[0.5] * 4, shape=[4]) for _ in calls]
    result = judge(spec, outcome_of(report), DEFAULT_LIMITS, "", NumericRun(calls, expected))
    assert_total(result)
    return result


numbers = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(), st.booleans(), st.none())
results = st.recursive(numbers | st.text(max_size=5), lambda inner: st.lists(inner, max_size=6), max_leaves=60)


@FUZZ
@given(st.lists(st.one_of(st.fixed_dictionaries({"value": results}), json_values), max_size=6))
def test_judge_gives_a_verdict_for_any_numeric_results(entries):
    """Whatever a run reports as its function's results (NaN, infinities, ragged, nested, text, too few):
    a verdict, never a crash, and never `accepted` unless every value is the reference's."""
    result = numeric_judged({"status": "ok", "calls": entries})
    assert result.verdict != "accepted" or all(is_the_reference(entry) for entry in entries) and len(entries) == 4


def is_the_reference(entry: object) -> bool:
    value = entry.get("value") if isinstance(entry, dict) else None
    return (
        isinstance(value, list)
        and len(value) == 4
        and all(isinstance(v, int | float) and not isinstance(v, bool) and abs(v - 0.5) < 1e-3 for v in value)
    )


@FUZZ
@given(json_values)
def test_judge_gives_a_verdict_for_any_json_value_as_a_numeric_report(report):
    result = numeric_judged(report)
    assert result.verdict != "accepted"
