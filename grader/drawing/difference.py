"""Where a learner's model first differs from the task's, walking both up from the input, in words."""

from dataclasses import dataclass, replace

from grader.drawing.stages import Stage, Undrawable, read_stages
from grader.drawing.words import activation_words, input_brief, merge_verb
from grader.structure import ACTIVATION_LAYERS, REGULARISERS
from grader.wording import article, count_word, ordinal_or_number


@dataclass(frozen=True)
class Difference:
    learner_stage: int  # the stage to highlight in the learner's drawing (0 = input, n = its n-th layer)
    expected_stage: int  # the matching stage in the expected drawing
    message: str


def first_difference(
    learner_layers: list[dict], expected_layers: list[dict], input_shape: list[int]
) -> Difference | None:
    """The first place, walking up from the input, where the learner's model differs from the task's.

    None when they match, and when either model cannot be drawn (there are no stages to point at).
    """
    try:
        learner, expected = read_stages(learner_layers, input_shape), read_stages(expected_layers, input_shape)
    except Undrawable:
        return None
    return (
        input_difference(learner, expected)
        or stack_difference(learner, expected)
        or walk_difference(parts_of(learner), parts_of(expected), learner, expected)
        or walk_difference(
            parts_of(learner, regularisers=True), parts_of(expected, regularisers=True), learner, expected
        )
    )


@dataclass(frozen=True)
class Part:
    """A stage as compared: Activation layers folded into the Dense before them."""

    stage: Stage
    activation: str | None

    @property
    def kind(self) -> str:
        return self.stage.kind if self.stage.kind != "band" else self.stage.layer


def parts_of(stages: list[Stage], regularisers: bool = False) -> list[Part]:
    """The stages that matter to the comparison; Dropout and the like only in a last pass."""
    parts: list[Part] = []
    for stage in stages[1:]:
        if stage.layer in REGULARISERS and not regularisers:
            continue
        if stage.layer in ACTIVATION_LAYERS and parts and parts[-1].kind in ("dense", "dense_steps"):
            parts[-1] = replace(parts[-1], activation=stage.activation)
            continue
        parts.append(Part(stage, stage.activation))
    return parts


def input_difference(learner: list[Stage], expected: list[Stage]) -> Difference | None:
    mine, theirs = learner[0], expected[0]
    if mine.shape[1:] == theirs.shape[1:]:
        return None
    message = f"Your model reads {input_brief(mine)}; the task's reads {input_brief(theirs)}."
    if mine.sequence and theirs.sequence and (mine.steps, mine.size) == (theirs.size, theirs.steps):
        message += " Time steps come first in input_shape, then features."
    return Difference(0, 0, message)


def stack_difference(learner: list[Stage], expected: list[Stage]) -> Difference | None:
    """A missing or an extra recurrent layer, the one mistake that reshapes the whole drawing."""
    mine = [s for s in learner if s.kind == "recurrent"]
    theirs = [s for s in expected if s.kind == "recurrent"]
    if len(mine) == len(theirs):
        return None
    if not mine:
        message = (
            "Your model has no recurrent layer, so nothing passes a state from step to step; "
            f"the task's starts with {theirs[0].title}."
        )
        return Difference(min(1, len(learner) - 1), theirs[0].index, message)
    plural = "s" if len(mine) > 1 else ""
    verb = "stacks" if len(theirs) > 1 else "has"
    message = (
        f"Your model has {count_word(len(mine))} recurrent layer{plural}; the task's {verb} {count_word(len(theirs))}"
    )
    if len(mine) < len(theirs):
        missing = theirs[len(mine)]
        where = f"the {ordinal_or_number(len(mine) + 1)}, {missing.title}, is missing above this one"
        return Difference(mine[-1].index, missing.index, f"{message}: {where}.")
    extra = mine[len(theirs)]
    there = theirs[-1].index if theirs else min(1, len(expected) - 1)
    return Difference(extra.index, there, f"{message}: this {extra.title} is one too many.")


def walk_difference(
    mine: list[Part], theirs: list[Part], learner: list[Stage], expected: list[Stage]
) -> Difference | None:
    """Walks both models up from the input; layers that one model lacks are told as missing or extra."""
    i = j = 0
    while i < len(mine) and j < len(theirs):
        a, b = mine[i], theirs[j]
        if a.kind == b.kind:
            message = part_difference(a, b, mine)
            if message:
                return Difference(a.stage.index, b.stage.index, message)
            i, j = i + 1, j + 1
        elif b.kind not in {p.kind for p in mine[i:]}:
            message = f"Before your {a.stage.title}, the task's model has {b.stage.title}; yours does not."
            return Difference(a.stage.index, b.stage.index, message)
        elif a.kind not in {p.kind for p in theirs[j:]}:
            message = (
                f"Here your model has {a.stage.title}, which the task's model does not have; "
                f"at this point the task's has {b.stage.title}."
            )
            return Difference(a.stage.index, b.stage.index, message)
        else:
            message = f"Here your model has {a.stage.title}; the task's has {b.stage.title}."
            return Difference(a.stage.index, b.stage.index, message)
    if j < len(theirs):
        return missing_on_top(theirs[j], learner)
    if i < len(mine):
        last = expected[-1]
        message = f"Your model adds {mine[i].stage.title} on top; the task's ends with {last.title}."
        return Difference(mine[i].stage.index, last.index, message)
    return None


def missing_on_top(part: Part, learner: list[Stage]) -> Difference:
    top = learner[-1]
    ends = "Your model ends with its input" if top.index == 0 else f"Your model ends with {top.title}"
    if part.kind == "dense":
        goes_on = f"adds a {part.stage.title} head on top"
    elif part.kind == "dense_steps":
        goes_on = f"applies {part.stage.title} at every step on top"
    else:
        goes_on = f"goes on with {part.stage.title}"
    return Difference(top.index, part.stage.index, f"{ends}; the task's {goes_on}.")


def part_difference(mine: Part, theirs: Part, all_mine: list[Part]) -> str | None:
    if mine.kind == "recurrent":
        found = recurrent_difference(mine.stage, theirs.stage, subject(mine, all_mine))
    elif mine.kind in ("dense", "dense_steps"):
        found = dense_difference(mine, theirs, subject(mine, all_mine))
    else:
        found = (
            None
            if mine.stage.title == theirs.stage.title
            else (f"Here your model has {mine.stage.title}; the task's has {theirs.stage.title}.")
        )
    return found or parameter_difference(mine.stage, theirs.stage, subject(mine, all_mine))


def subject(part: Part, parts: list[Part]) -> str:
    """How the message names the learner's layer: "your SimpleRNN", "your second SimpleRNN"."""
    stage = part.stage
    if part.kind == "recurrent":
        same = [p for p in parts if p.kind == "recurrent"]
        kind = f"Bidirectional {stage.cell}" if stage.bidirectional else stage.cell
    else:
        same = [p for p in parts if p.kind == part.kind]
        kind = {"dense": "Dense head", "dense_steps": "Dense layer"}.get(part.kind, f"{stage.layer} layer")
    rank = f"{ordinal_or_number(same.index(part) + 1)} " if len(same) > 1 and part in same else ""
    return f"your {rank}{kind}"


def recurrent_difference(mine: Stage, theirs: Stage, who: str) -> str | None:
    if mine.cell != theirs.cell:
        who = who.replace(f"Bidirectional {mine.cell}", "Bidirectional layer").replace(mine.cell, "recurrent layer")
        return f"Here {who} is {article(mine.cell)} {mine.cell}; the task's is {article(theirs.cell)} {theirs.cell}."
    if mine.bidirectional != theirs.bidirectional:
        if mine.bidirectional:
            return f"Here {who} reads the steps both ways (Bidirectional); the task's reads them forwards only."
        return f"Here {who} reads the steps forwards only; the task's wraps it in Bidirectional to read them both ways."
    if mine.backwards != theirs.backwards:
        if mine.backwards:
            return f"Here {who} reads the steps from the last to the first (go_backwards=True); the task's reads them in order."
        return f"Here {who} reads the steps in order; the task's reads them from the last to the first (go_backwards=True)."
    if mine.units != theirs.units:
        return f"Here {who} passes a hidden state of {mine.units}; the task's passes {theirs.units}."
    if mine.return_sequences != theirs.return_sequences:
        if theirs.return_sequences:
            return f"Here {who} returns only its last step; the task's returns every step (return_sequences=True)."
        return f"Here {who} returns every step; the task's returns only its last step."
    if mine.return_state != theirs.return_state:
        states = "states" if len(theirs.lanes) > 1 else "state"
        if theirs.return_state:
            them = "them" if len(theirs.lanes) > 1 else "it"
            return f"Here {who} does not return its final {states}; the task's returns {them} too (return_state=True)."
        return f"Here {who} also returns its final {states} (return_state=True); the task's does not."
    if mine.merge != theirs.merge:
        return f"Here {who} {merge_verb(mine)}; the task's {merge_verb(theirs)}."
    return None


def dense_difference(mine: Part, theirs: Part, who: str) -> str | None:
    if mine.stage.wrapped != theirs.stage.wrapped:
        if theirs.stage.wrapped:
            return (
                f"Here {who} is not wrapped in TimeDistributed; the task's applies {theirs.stage.title} at every step."
            )
        return f"Here {who} is wrapped in TimeDistributed; the task's is a plain {theirs.stage.title}."
    if mine.stage.units != theirs.stage.units:
        return f"Here {who} has {mine.stage.units} units; the task's has {theirs.stage.units}."
    if (mine.activation or "linear") != (theirs.activation or "linear"):
        return f"Here {who} uses {activation_words(mine.activation)}; the task's uses {activation_words(theirs.activation)}."
    return None


def parameter_difference(mine: Stage, theirs: Stage, who: str) -> str | None:
    """Same layer, other weights (a bias left out): the parameter count is what tells."""
    if mine.params is None or theirs.params is None or mine.params == theirs.params:
        return None
    return f"Here {who} has {mine.params} parameters; the task's has {theirs.params}."
