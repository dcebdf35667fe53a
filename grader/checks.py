"""Declared checks, evaluated in the trusted parent against the facts the harness reported.

Each check returns one `CheckResult`: its line in the results table, plus the advice that
goes into the learner's feedback (ranked, and keyed so two checks never give the same fix).
"""

from dataclasses import dataclass, field

from grader.facts import ModelFacts
from grader.spec import RECURRENT_TYPES as RECURRENT_CLASSES
from grader.spec import ExerciseSpec, is_reference
from grader.wording import LAYER_EFFECTS, article, check_name, format_shape, ordinal_or_hash, upper_first


@dataclass(frozen=True)
class Advice:
    priority: int
    key: str
    text: str


@dataclass
class CheckResult:
    name: str
    passed: bool
    message: str
    advice: list[Advice] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"name": self.name, "passed": self.passed, "message": self.message}


def failed(name: str, advice: list[Advice]) -> CheckResult:
    return CheckResult(name=name, passed=False, message=advice[0].text, advice=advice)


def layer_call(layer_type: str, units: int | None, **options) -> str:
    parts = [str(units)] if units is not None else []
    parts += [f"{name}={value!r}" for name, value in options.items() if value is not None]
    return f"{layer_type}({', '.join(parts)})"


def time_steps_phrase(spec: ExerciseSpec) -> str:
    steps, features = spec.input_shape[1], spec.input_shape[-1]
    return f"input_shape=({steps}, {features})"


# --- output shape -------------------------------------------------------------------------


def check_output_shape(facts: ModelFacts, check: dict, spec: ExerciseSpec) -> CheckResult:
    name = check.get("name", "output shape")
    expected = list(check["expected"])
    got = facts.output_shape
    if got == expected:
        return CheckResult(name, True, f"The model outputs {format_shape(got)}, as expected.")
    if got is None and len(facts.outputs) > 1:
        return failed(name, [Advice(50, "shape", several_outputs_text(facts, expected))])
    text = f"Expected output shape {format_shape(expected)}, your model outputs {format_shape(got)}."
    reducer = next((layer["class"] for layer in facts.layers if layer["class"] in REDUCERS), None)
    if len(expected) == 3 and len(got or []) == 2 and reducer:
        text += f" It returns one vector for the whole sentence instead of one per word: your {reducer} {LAYER_EFFECTS[reducer]}. Remove it."
    elif len(expected) == 3 and len(got or []) == 2:
        text += " It returns one vector for the whole sentence instead of one per word."
    elif len(expected) == 2 and len(got or []) == 3:
        text += " It returns one vector per word instead of one for the whole sentence."
    return failed(name, [Advice(50, "shape", text)])


# Layers that turn a sequence into one vector per sentence some other way than the last hidden state.
REDUCERS = ("GlobalAveragePooling1D", "GlobalMaxPooling1D", "Flatten")


def several_outputs_text(facts: ModelFacts, expected: list) -> str:
    """The model ends with a layer that gives several tensors: its states (return_state), or two directions."""
    shapes = ", ".join(map(format_shape, facts.outputs))
    last = facts.layers[-1] if facts.layers else {}
    inner = last.get("wrapped") or last
    if inner.get("return_state"):
        why = (
            f"its {inner['class']} returns its states (`return_state=True`), so it gives several tensors: its output "
            "plus its final states"
        )
    else:
        why = "its last layer gives several tensors (a Bidirectional layer with `merge_mode=None` gives one per direction)"
    return (
        f"Expected one output of shape {format_shape(expected)}; your model returns {len(facts.outputs)} tensors, "
        f"{shapes}: {why}. Drop `return_state` for a single output; to use the states, take them apart with the "
        "functional API (keras.Input and keras.Model)."
    )


def reducers_after(facts: ModelFacts) -> list[str | None]:
    """For each recurrent layer in order, the pooling or Flatten layer that follows it, if one does."""
    found: list[str | None] = []
    for layer in facts.layers:
        if layer["class"] in RECURRENT_CLASSES or (layer["class"] == "Bidirectional" and layer.get("wrapped")):
            found.append(None)
        elif found and found[-1] is None and layer["class"] in REDUCERS:
            found[-1] = layer["class"]
    return found


# --- recurrent layers ---------------------------------------------------------------------


def check_recurrent_layers(facts: ModelFacts, check: dict, spec: ExerciseSpec) -> CheckResult:
    name = check.get("name", "recurrent layers")
    expected = check["expected"]
    actual = facts.recurrent_layers
    advice = count_advice(actual, expected, spec)
    reducers = reducers_after(facts)
    actual = [
        {**have, "reduced_by": reducer} for have, reducer in zip(actual, reducers + [None] * len(actual), strict=False)
    ]
    for index, (want, have) in enumerate(zip(expected, actual)):
        # With the wrong number of layers, the stack advice already says where sequences are needed.
        advice += [
            a
            for a in layer_advice(index, want, have, expected)
            if not (count_wrong(actual, expected) and a.key.startswith("return-sequences"))
        ]
    if advice:
        return failed(name, sorted(advice, key=lambda a: a.priority))
    described = ", ".join(
        ("Bidirectional({})" if w.get("bidirectional") else "{}").format(
            layer_call(w["type"], w.get("units"), return_sequences=w.get("return_sequences"))
        )
        for w in expected
    )
    return CheckResult(name, True, f"Recurrent layers: {described}, as asked.")


def count_wrong(actual: list[dict], expected: list[dict]) -> bool:
    return len(actual) != len(expected)


def count_advice(actual: list[dict], expected: list[dict], spec: ExerciseSpec) -> list[Advice]:
    first = expected[0]
    if not actual:
        return [
            Advice(
                10,
                "no-recurrent",
                (
                    "Your model has no recurrent layer, so nothing reads the words one after another and "
                    "passes a hidden state from word to word. A Dense layer alone can produce the same shape, "
                    f"but this exercise is about recurrent layers: add {first['type']}({first.get('units', '')}, "
                    f"{time_steps_phrase(spec)}) as the first layer."
                ),
            )
        ]
    if len(actual) < len(expected):
        return [
            Advice(
                20,
                "stack",
                (
                    f"The exercise asks for {len(expected)} stacked recurrent layers; your model has {len(actual)}. "
                    f"Add another {expected[len(actual)]['type']}({expected[len(actual)].get('units', '')}) after the "
                    "last one, and set `return_sequences=True` on every recurrent layer that feeds another one."
                ),
            )
        ]
    if len(actual) > len(expected):
        return [
            Advice(
                20,
                "stack",
                (
                    f"Your model has {len(actual)} recurrent layers; the exercise asks for {len(expected)}. "
                    "Remove the extra ones."
                ),
            )
        ]
    return []


def layer_label(index: int, layer_type: str, expected: list[dict]) -> str:
    return f"the {layer_type}" if len(expected) == 1 else f"the {ordinal_or_hash(index + 1)} {layer_type}"


def layer_advice(index: int, want: dict, have: dict, expected: list[dict]) -> list[Advice]:
    advice = []
    label = layer_label(index, have["class"], expected)
    if have["class"] != want["type"]:
        advice.append(
            Advice(
                25,
                f"type-{index}",
                (
                    f"{upper_first(label)} should be {article(want['type'])} {want['type']}: the exercise asks for "
                    f"{layer_call(want['type'], want.get('units'))}."
                ),
            )
        )
    if "units" in want and have.get("units") != want["units"]:
        advice.append(
            Advice(
                30,
                f"units-{index}",
                (
                    f"{upper_first(label)} has {have.get('units')} unit{'' if have.get('units') == 1 else 's'}; "
                    f"the exercise asks for {want['units']}. "
                    "`units` is the size of the hidden state passed from step to step, and of each output vector."
                ),
            )
        )
    if "return_sequences" in want and bool(have.get("return_sequences")) != want["return_sequences"]:
        advice.append(
            Advice(15, f"return-sequences-{index}", return_sequences_text(index, want, have, expected, label))
        )
    # Direction is part of what a recurrent layer computes: an exercise that does not ask for
    # Bidirectional or go_backwards wants one layer reading the words in order.
    if bool(have.get("bidirectional")) != want.get("bidirectional", False):
        advice.append(Advice(22, f"bidirectional-{index}", bidirectional_text(want, have, label)))
    if bool(have.get("go_backwards")) != want.get("go_backwards", False):
        advice.append(Advice(23, f"direction-{index}", backwards_text(want, label)))
    if "return_state" in want and bool(have.get("return_state")) != want["return_state"]:
        advice.append(Advice(24, f"return-state-{index}", return_state_text(want, have, label)))
    return advice


def bidirectional_text(want: dict, have: dict, label: str) -> str:
    if want.get("bidirectional"):
        return (
            f"{upper_first(label)} reads the sentence in one direction only: wrap it in "
            f"Bidirectional({want['type']}(...)) so a second copy reads it backwards; their outputs are "
            "concatenated, so each output vector doubles in size."
        )
    return (
        f"{upper_first(label)} is wrapped in Bidirectional: a second copy reads the words backwards, and "
        f"{merged_words(have.get('merge_mode'))}. This exercise asks for one {want['type']} reading the words "
        "in order: remove the Bidirectional wrapper."
    )


MERGE_WORDS = {
    "concat": "the two directions' outputs are joined end to end (merge_mode='concat', the default), so each "
    "output vector doubles in size",
    "sum": "merge_mode='sum' adds the two directions' outputs: the shape stays the same, the values do not",
    "mul": "merge_mode='mul' multiplies the two directions' outputs: the shape stays the same, the values do not",
    "ave": "merge_mode='ave' averages the two directions' outputs: the shape stays the same, the values do not",
}


def merged_words(merge_mode: object) -> str:
    return MERGE_WORDS.get(merge_mode, "merge_mode=None returns the two directions as two separate outputs")


def backwards_text(want: dict, label: str) -> str:
    if want.get("go_backwards"):
        return f"{upper_first(label)} reads the words in order: set `go_backwards=True` so it reads them last to first."
    return (
        f"{upper_first(label)} has `go_backwards=True`: it reads the words from the last to the first, so its "
        "hidden states are not the ones this exercise asks for, although the shape is the same. Remove `go_backwards`."
    )


def return_state_text(want: dict, have: dict, label: str) -> str:
    written = as_written_text(have, "return_state", label)
    if written:
        return written.rstrip()
    if want["return_state"]:
        states = "its final hidden state and cell state" if want["type"] == "LSTM" else "its final hidden state"
        return (
            f"{upper_first(label)} returns only its output: set `return_state=True` so it also returns "
            f"{states}, as an encoder must."
        )
    return f"{upper_first(label)} returns its states too (`return_state=True`); this exercise does not need them."


def as_written_text(have: dict, option: str, label: str) -> str:
    """What Keras made of an option written as something else than True or False ("" when it was a bool)."""
    written = (have.get("as_written") or {}).get(option)
    if written is None:
        return ""
    read = bool(written)
    kind = "a string" if isinstance(written, str) else f"{article(type(written).__name__)} {type(written).__name__}"
    return (
        f"You wrote `{option}={written!r}`: {kind}, not the boolean {read!r} or {not read!r}. Keras only asks "
        f"whether it is empty, and {written!r} counts as {read}, so {label} has {option}={read}. Write "
        f"`{option}=True` or `{option}=False`, without quotes. "
    )


def return_sequences_text(index: int, want: dict, have: dict, expected: list[dict], label: str) -> str:
    return as_written_text(have, "return_sequences", label) + return_sequences_fix(index, want, have, expected, label)


def return_sequences_fix(index: int, want: dict, have: dict, expected: list[dict], label: str) -> str:
    shape = format_shape(have.get("output_shape"))
    if want["return_sequences"] and index < len(expected) - 1:
        return (
            f"{upper_first(label)} returns only its last step {shape}; the next recurrent layer needs a "
            f"sequence: set `return_sequences=True` on {label}."
        )
    if want["return_sequences"]:
        return (
            f"{upper_first(label)} returns only its last step {shape}: one vector for the whole sentence. "
            f"Set `return_sequences=True` on {label} to get an output for every word."
        )
    reducer = have.get("reduced_by")
    if reducer:
        return (
            f"{upper_first(label)} returns every step {shape} because `return_sequences=True`, and the {reducer} "
            f"after it {LAYER_EFFECTS[reducer]}: {'the same shape, ' if reducer != 'Flatten' else ''}not the same "
            "computation. The sentence's vector is the last hidden state: remove the "
            f"{reducer} and leave `return_sequences` at its default, False."
        )
    return (
        f"{upper_first(label)} returns every step {shape} because `return_sequences=True`; here it should "
        "return one vector for the whole sentence: leave `return_sequences` at its default, False."
    )


# --- heads ----------------------------------------------------------------------------------


def check_dense_head(facts: ModelFacts, check: dict, spec: ExerciseSpec) -> CheckResult:
    name = check.get("name", "Dense head")
    units = check["units"]
    wanted = layer_call("Dense", units, activation=check.get("activation"))
    last = facts.layers[-1] if facts.layers else None
    if last is None or last["class"] != "Dense":
        denses = [layer for layer in facts.layers if layer["class"] == "Dense"]
        where = "last layer of the model" if denses else "layer after the recurrent one"
        text = (
            f"Your model has no {wanted} head: add {wanted} as the {where}. It turns the sentence's "
            "vector into the final score."
        )
        return failed(name, [Advice(35, "head", text)])
    if last.get("units") != units:
        return failed(
            name,
            [
                Advice(
                    36,
                    "head",
                    (f"The Dense head has {last.get('units')} units; the exercise asks for {units}: write {wanted}."),
                )
            ],
        )
    if check.get("activation") and last.get("activation") != check["activation"]:
        return failed(
            name,
            [
                Advice(
                    37,
                    "head-activation",
                    (
                        f"The Dense head uses activation={last.get('activation')!r}; the exercise asks for "
                        f"activation={check['activation']!r}."
                    ),
                )
            ],
        )
    return CheckResult(name, True, f"The model ends with {wanted}.")


def check_time_distributed(facts: ModelFacts, check: dict, spec: ExerciseSpec) -> CheckResult:
    name = check.get("name", "TimeDistributed(Dense)")
    units, activation = check["units"], check.get("activation")
    wanted = f"TimeDistributed({layer_call('Dense', units, activation=activation)})"
    wrappers = [
        layer
        for layer in facts.layers
        if layer["class"] == "TimeDistributed" and (layer.get("wrapped") or {}).get("class") == "Dense"
    ]
    if not wrappers:
        plain = [layer for layer in facts.layers if layer["class"] == "Dense"]
        text = (
            bare_dense_text(plain[-1], wanted)
            or (
                f"Your Dense layer is not wrapped in TimeDistributed: write {wanted} so the same classifier "
                "is applied to the output of every word."
            )
            if plain
            else f"Add {wanted} after the recurrent layer: it applies the Dense classifier to every step's output."
        )
        return failed(name, [Advice(38, "time-distributed", text)])
    dense = wrappers[-1]["wrapped"]
    if dense.get("units") != units:
        return failed(
            name,
            [
                Advice(
                    39,
                    "time-distributed",
                    (
                        f"The Dense inside TimeDistributed has {dense.get('units')} units; the exercise asks for {units}, "
                        "one score per class."
                    ),
                )
            ],
        )
    if activation and dense.get("activation") != activation and not softmax_follows(facts, wrappers[-1]):
        return failed(
            name,
            [
                Advice(
                    40,
                    "softmax",
                    (
                        f"The Dense inside TimeDistributed has no {activation} (activation={dense.get('activation')!r}): "
                        f"add activation='{activation}' so each word's {units} scores become class probabilities that sum to 1."
                    ),
                )
            ],
        )
    return CheckResult(name, True, f"{wanted} classifies every step.")


def bare_dense_text(dense: dict, wanted: str) -> str | None:
    """A Dense given the whole sequence: Keras applies it to the last axis, so at every step already."""
    inputs = dense.get("input_shapes") or [[]]
    if len(inputs[0]) < 3:
        return None
    return (
        f"Your Dense layer is not wrapped in TimeDistributed. Keras applies a Dense layer to the last axis, so "
        f"on the sequence {format_shape(inputs[0])} it already acts on every word: the same computation. This "
        f"exercise is about the guide's explicit form, which says the same layer is applied at every step: "
        f"write {wanted}."
    )


def softmax_follows(facts: ModelFacts, layer: dict) -> bool:
    """A separate Softmax (or Activation('softmax')) layer after `layer` also normalises each step."""
    after = facts.layers[facts.layers.index(layer) + 1 :]
    return any(
        later["class"] == "Softmax" or (later["class"] == "Activation" and later.get("activation") == "softmax")
        for later in after
    )


def check_softmax_per_step(facts: ModelFacts, check: dict, spec: ExerciseSpec) -> CheckResult:
    name = check.get("name", "softmax per step")
    shape = facts.output_shape or []
    if len(shape) != 3:
        return failed(
            name,
            [
                Advice(
                    45,
                    "softmax",
                    (
                        f"The model outputs {format_shape(facts.output_shape)}; it should output one probability vector "
                        "per word, of shape (batch, steps, classes)."
                    ),
                )
            ],
        )
    if facts.output_activation == "softmax":
        return CheckResult(name, True, f"Each of the {shape[1]} steps ends in a softmax, so its scores sum to 1.")
    return failed(
        name,
        [
            Advice(
                45,
                "softmax",
                (
                    f"Each word's class scores should sum to 1, but the last layer uses activation="
                    f"{facts.output_activation!r}: use activation='softmax' in the Dense layer."
                ),
            )
        ],
    )


# --- any layer, the parameter count, forbidden layers, several outputs ----------------------

LAYER_ATTRIBUTES = ("units", "return_sequences", "return_state", "activation")


def candidates(facts: ModelFacts, check: dict) -> list[dict]:
    """Layers of the asked type, looking inside the asked wrapper (TimeDistributed, Bidirectional)."""
    wrapper = check.get("wrapped_by")
    if wrapper:
        return [
            {**layer["wrapped"], "output_shape": layer["output_shape"]}
            for layer in facts.layers
            if layer["class"] == wrapper and layer["wrapped"] and layer["wrapped"]["class"] == check["type"]
        ]
    return [layer for layer in facts.layers if layer["class"] == check["type"]]


def describe_wanted(check: dict) -> str:
    options = {key: check[key] for key in LAYER_ATTRIBUTES if key in check and key != "units"}
    call = layer_call(check["type"], check.get("units"), **options)
    return f"{check['wrapped_by']}({call})" if check.get("wrapped_by") else call


def check_layer(facts: ModelFacts, check: dict, spec: ExerciseSpec) -> CheckResult:
    wanted = describe_wanted(check)
    name = check.get("name", wanted)
    found = candidates(facts, check)
    if not found:
        where = f" wrapped in {check['wrapped_by']}" if check.get("wrapped_by") else ""
        text = f"Your model has no {check['type']} layer{where}: the exercise asks for {wanted}."
        bare = [layer for layer in facts.layers if layer["class"] == check["type"] == "Dense"]
        if check.get("wrapped_by") == "TimeDistributed" and bare and bare_dense_text(bare[-1], wanted):
            text += " " + bare_dense_text(bare[-1], wanted).removeprefix(
                "Your Dense layer is not wrapped in TimeDistributed. "
            )
        return failed(name, [Advice(32, f"layer-{wanted}", text)])

    def mismatches(layer: dict) -> list[str]:
        return [key for key in LAYER_ATTRIBUTES if key in check and layer.get(key) != check[key]]

    closest = min(found, key=lambda layer: len(mismatches(layer)))
    if not mismatches(closest) and check.get("before") and not comes_before(facts, check["type"], check["before"]):
        return failed(name, [Advice(31, f"order-{wanted}", order_text(check))])
    if not mismatches(closest):
        return CheckResult(name, True, f"The model has {wanted}.")
    differences = ", ".join(f"{key}={closest.get(key)!r} instead of {check[key]!r}" for key in mismatches(closest))
    return failed(
        name,
        [
            Advice(
                33, f"layer-{wanted}", f"Your {check['type']} layer has {differences}: the exercise asks for {wanted}."
            )
        ],
    )


def position_of(facts: ModelFacts, layer_type: str) -> int | None:
    """Where the first layer of this type (or wrapping one) stands in the model, input first."""
    for index, layer in enumerate(facts.layers):
        if layer["class"] == layer_type or (layer["wrapped"] and layer["wrapped"]["class"] == layer_type):
            return index
    return None


def comes_before(facts: ModelFacts, first: str, then: str) -> bool:
    """`first` stands before `then`; without a `then` layer there is no order to get wrong."""
    then_at = position_of(facts, then)
    return then_at is None or position_of(facts, first) < then_at


def order_text(check: dict) -> str:
    layer, then = check["type"], check["before"]
    why = f" {check['why']}" if check.get("why") else ""
    return (
        f"Your {layer} layer comes after the {then}, so the {then} never sees what it does: put the {layer} "
        f"before the {then}.{why}"
    )


def check_parameter_count(facts: ModelFacts, check: dict, spec: ExerciseSpec) -> CheckResult:
    name = check.get("name", "parameter count")
    expected, got = check["expected"], facts.parameter_count
    if got == expected:
        return CheckResult(name, True, f"The model has {got} parameters, as asked.")
    return failed(
        name,
        [
            Advice(
                48,
                "parameters",
                (
                    f"Your model has {got} parameters; the exercise asks for {expected}. A recurrent layer with u units on "
                    "f features has u × (f + u + 1) weights per gate (SimpleRNN has 1 gate, GRU 3, LSTM 4)."
                ),
            )
        ],
    )


def check_forbidden_layers(facts: ModelFacts, check: dict, spec: ExerciseSpec) -> CheckResult:
    name = check.get("name", "forbidden layers")
    present = sorted(
        {layer["class"] for layer in facts.layers if layer["class"] in check["types"]}
        | {
            layer["wrapped"]["class"]
            for layer in facts.layers
            if layer["wrapped"] and layer["wrapped"]["class"] in check["types"]
        }
    )
    if not present:
        return CheckResult(name, True, f"No {', '.join(check['types'])} layer, as asked.")
    return failed(
        name,
        [
            Advice(
                12,
                "forbidden",
                (
                    f"This exercise asks you not to use {', '.join(present)}: {check.get('why', 'solve it with the layers it is about')}."
                ),
            )
        ],
    )


def check_outputs(facts: ModelFacts, check: dict, spec: ExerciseSpec) -> CheckResult:
    name = check.get("name", "outputs")
    expected = [list(shape) for shape in check["expected"]]
    if facts.outputs == expected:
        return CheckResult(
            name, True, f"The model returns {len(expected)} outputs: {', '.join(map(format_shape, expected))}."
        )
    got = ", ".join(map(format_shape, facts.outputs))
    return failed(
        name,
        [
            Advice(
                50,
                "shape",
                (
                    f"The exercise expects {len(expected)} outputs, {', '.join(map(format_shape, expected))}; your model returns {got}."
                ),
            )
        ],
    )


def check_no_other_layers(facts: ModelFacts, check: dict, spec: ExerciseSpec) -> CheckResult:
    from grader.other_layers import no_other_layers  # it builds on this module's results

    return no_other_layers(facts, check, spec)


CHECKS = {
    "output_shape": check_output_shape,
    "recurrent_layers": check_recurrent_layers,
    "dense_head": check_dense_head,
    "time_distributed": check_time_distributed,
    "softmax_per_step": check_softmax_per_step,
    "no_other_layers": check_no_other_layers,
    "layer": check_layer,
    "parameter_count": check_parameter_count,
    "forbidden_layers": check_forbidden_layers,
    "outputs": check_outputs,
}


def run_checks(facts: ModelFacts, spec: ExerciseSpec) -> list[CheckResult]:
    return [
        underived(check) if is_reference(check) else CHECKS[check["kind"]](facts, check, spec) for check in spec.checks
    ]


def underived(check: dict) -> CheckResult:
    """`expected: reference` reached grading unresolved: fail, so a forgotten derivation never accepts."""
    name = check_name(check)
    text = (
        f"The {name} check could not be judged: its expected value was not derived from the reference "
        "solution. This is a problem with the exercise, not with your code; please tell your instructor."
    )
    return failed(name, [Advice(0, f"underived-{name}", text)])


def feedback_from(results: list[CheckResult]) -> list[str]:
    """The failing checks' advice, most important first, one message per distinct fix."""
    ranked = sorted((a for r in results for a in r.advice), key=lambda a: a.priority)
    seen, messages = set(), []
    for advice in ranked:
        if advice.key not in seen:
            seen.add(advice.key)
            messages.append(advice.text)
    return messages
