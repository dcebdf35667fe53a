"""Where everything of a drawing stands: the columns of its steps, each stage's place, and how wide text is.

All sizes are viewBox units. The widest drawing (6 steps, state labels on both sides) is
388 units wide, so at 360 px on a phone its smallest text (12 units) is still 11.1 px.
"""

from dataclasses import dataclass

from grader.drawing.stages import Stage
from grader.drawing.words import header_detail, shape_label

MAX_DRAWN_STEPS = 6  # past this, the first 2 and the last 2 steps are drawn with "…" between

FONT = 12  # the smallest text anywhere
TITLE_FONT = 14
LINE = 16
BLOCK_W = 32
GAP_W = 28  # between two blocks: room for the state label "h: 4"
PITCH = BLOCK_W + GAP_W
SIDE = 28  # a margin holding a zero state or a final state
PLAIN_SIDE = 10
MIN_WIDTH = 300
INPUT_H = 22
RESULT_H = 22
CELL_H = 30
LSTM_H = 44  # two state lanes, c above h
DENSE_H = 24
BAND_H = 20
FRAME_PAD = 5
ROW_GAP = 10
ABOVE_BODY = 10  # between a stage's shape label and its blocks: where a Bidirectional merges
BELOW_BODY = 10  # between a stage's blocks and its title: the arrowheads going in stay visible


@dataclass(frozen=True)
class Columns:
    """Where each drawn step stands; `steps` holds None where steps are elided."""

    steps: tuple[int | None, ...]
    x0: float

    @property
    def count(self) -> int:
        return max(len(self.steps), 1)  # a model without steps still has one column for its vectors

    @property
    def last(self) -> int:
        return self.count - 1

    def left(self, k: int) -> float:
        return self.x0 + k * PITCH

    def center(self, k: int) -> float:
        return self.left(k) + BLOCK_W / 2

    def right(self, k: int) -> float:
        return self.left(k) + BLOCK_W


def drawn_steps(steps: int | None) -> tuple[int | None, ...]:
    if steps is None:
        return ()
    if steps <= MAX_DRAWN_STEPS:
        return tuple(range(1, steps + 1))
    return (1, 2, None, steps - 1, steps)


def elided_range(steps: int | None) -> tuple[int, int] | None:
    return (3, steps - 2) if steps is not None and steps > MAX_DRAWN_STEPS else None


def drawing_width(stages: list[Stage], count: int) -> tuple[float, float]:
    """The drawing's width and its right margin (wide only where states enter or leave on the right)."""
    right = SIDE if any(s.return_state or s.bidirectional for s in stages) else PLAIN_SIDE
    return max(MIN_WIDTH, SIDE + count * BLOCK_W + (count - 1) * GAP_W + right), right


def body_height(stage: Stage) -> float:
    if stage.kind == "input":
        return INPUT_H
    if stage.kind == "recurrent":
        row = LSTM_H if stage.cell == "LSTM" else CELL_H
        return 2 * row + ROW_GAP + 2 * FRAME_PAD if stage.bidirectional else row
    if stage.kind in ("dense_steps", "dense"):
        return DENSE_H
    return BAND_H


@dataclass
class Place:
    """Where one stage's pieces stand, top to bottom: shape label, body, header, difference note."""

    top: float = 0
    shape_y: float = 0
    body_top: float = 0
    body_bottom: float = 0
    labels_y: float = 0
    header_y: float = 0
    note_top: float = 0
    bottom: float = 0


@dataclass
class Layout:
    width: float
    columns: Columns
    headers: list[list[tuple[str, bool]]]  # per stage: (line, bold)
    shapes: list[list[str]]  # per stage: the lines of its shape label
    note_lines: list[str]
    places: list[Place]
    title_y: float = 0
    result_top: float = 0
    caption_y: float = 0
    caption_lines: list[str] | None = None
    height: float = 0


def plan(stages: list[Stage], highlight: int | None, note: str, label: str, caption: str) -> Layout:
    """Stacks the stages bottom-up (the input at the bottom), working top-down in SVG coordinates."""
    steps = drawn_steps(stages[0].steps)
    count = max(len(steps), 1)
    width, right = drawing_width(stages, count)
    x0 = SIDE + (width - (SIDE + count * BLOCK_W + (count - 1) * GAP_W + right)) / 2
    elided = elided_range(stages[0].steps)
    layout = Layout(
        width=width,
        columns=Columns(steps, x0),
        headers=[header_lines(stage, elided, width) for stage in stages],
        shapes=[wrap(shape_label(stage), width - 12, FONT) for stage in stages],
        note_lines=wrap(note, width - 32, FONT, bold=True) if highlight is not None else [],
        places=[Place() for _ in stages],
    )
    y = 8.0
    if label:
        layout.title_y, y = y + 14, y + 24
    layout.result_top, y = y, y + RESULT_H
    for stage in reversed(stages):
        y = place_stage(layout, stage, y, noted=stage.index == highlight)
    layout.caption_lines = wrap(caption, width - 16, FONT) if caption else []
    layout.caption_y = y + 14
    layout.height = y + LINE * len(layout.caption_lines) + 8
    return layout


def place_stage(layout: Layout, stage: Stage, y: float, noted: bool) -> float:
    place = layout.places[stage.index]
    place.top, y = y, y + 4
    place.shape_y, y = y + 12, y + LINE * len(layout.shapes[stage.index]) + ABOVE_BODY
    place.body_top, y = y, y + body_height(stage)
    place.body_bottom = y
    if stage.kind == "input" and stage.sequence:
        place.labels_y, y = y + 13, y + LINE
    place.header_y = y + BELOW_BODY + 12
    y += BELOW_BODY + LINE * len(layout.headers[stage.index]) + 4
    if noted and layout.note_lines:
        # Under the stage's title: it hides the arrows coming in, never the outputs that differ.
        place.note_top, y = y, y + LINE * len(layout.note_lines) + 14
    place.bottom = y
    return y + 4


def named_title(stage: Stage) -> str:
    title = "Input" if stage.kind == "input" else stage.title
    return f"{title} · “{stage.name}”" if stage.name else title


def header_lines(stage: Stage, elided: tuple[int, int] | None, width: float) -> list[tuple[str, bool]]:
    """The title under a stage's blocks; a band has none, its title is written inside it."""
    if stage.kind == "band":
        return []
    title = named_title(stage)
    lines = [(line, True) for line in wrap(title, width - 12, FONT, bold=True)]
    detail = header_detail(stage, elided)
    return lines + [(line, False) for line in wrap(detail, width - 12, FONT)] if detail else lines


# --- text measure --------------------------------------------------------------------------

CHAR_WIDTHS = (
    ("ijl", 0.28),
    (" ,.:;'|!·I", 0.32),
    ("-", 0.36),
    ("ftr()[]", 0.41),
    ('“”"', 0.46),
    ("_", 0.5),
    ("mwMW", 0.9),
    ("=+<>…", 0.84),
)


def char_width(ch: str) -> float:
    """A generous estimate in ems, close to DejaVu Sans (among the widest system fonts): to wrap and fit."""
    for chars, width in CHAR_WIDTHS:
        if ch in chars:
            return width
    if ch.isdigit():
        return 0.64
    if ch.isupper():
        return 0.72
    if ch.islower():
        return 0.62
    return 1.0 if ord(ch) > 0x2E80 else 0.7


def text_width(text: str, size: float, bold: bool = False) -> float:
    return sum(char_width(ch) for ch in text) * size * (1.1 if bold else 1.0)


def wrap(text: str, width: float, size: float, bold: bool = False, most: int = 8) -> list[str]:
    """Greedy word wrap; a word longer than a line is cut; at most `most` lines, the last ending "…"."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        for piece in cut_to_width(word, width, size, bold):
            candidate = f"{line} {piece}" if line else piece
            if line and text_width(candidate, size, bold) > width:
                lines.append(line)
                candidate = piece
            line = candidate
    if line:
        lines.append(line)
    return lines if len(lines) <= most else [*lines[: most - 1], lines[most - 1] + " …"]


def cut_to_width(word: str, width: float, size: float, bold: bool) -> list[str]:
    pieces, piece = [], ""
    for ch in word:
        if piece and text_width(piece + ch, size, bold) > width:
            pieces.append(piece)
            piece = ""
        piece += ch
    return [*pieces, piece] if piece else pieces
