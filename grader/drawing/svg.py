"""The drawing as a self-contained SVG: the input at the bottom, each recurrent layer unrolled step by step."""

import hashlib
import xml.etree.ElementTree as ET

from grader.drawing.layout import (
    BAND_H,
    BLOCK_W,
    CELL_H,
    DENSE_H,
    FONT,
    FRAME_PAD,
    GAP_W,
    INPUT_H,
    LINE,
    LSTM_H,
    PITCH,
    RESULT_H,
    ROW_GAP,
    SIDE,
    TITLE_FONT,
    Columns,
    Layout,
    Place,
    body_height,
    elided_range,
    named_title,
    text_width,
)
from grader.drawing.stages import Stage
from grader.wording import format_shape

CELL_LABELS = {"SimpleRNN": "RNN", "GRU": "GRU", "LSTM": "LSTM"}
SVG_NS = "http://www.w3.org/2000/svg"
INK = "#1b1b1b"
MUTED = "#444444"
HALO = {"stroke": "#ffffff", "stroke-width": "4", "stroke-linejoin": "round", "paint-order": "stroke"}
DIFF = "#a4001d"  # dark red: stays dark in greyscale; the outline is dashed and labelled anyway
FILLS = {
    "input": ("#f0f0f0", "#555555"),
    "forward": ("#dbe9f6", "#1f4e79"),
    "backward": ("#e6e0f3", "#4b2e83"),
    "dense": ("#fde9d2", "#8a4b08"),
    "band": ("#eeeeee", "#666666"),
    "result": ("#ffffff", "#333333"),
}


def number(value: float) -> str:
    return format(round(value, 1), "g")


def add(parent: ET.Element, tag: str, text: str | None = None, **attributes: object) -> ET.Element:
    """A child element; `class_` and `data_step` become `class` and `data-step`."""
    names = {key: key.rstrip("_").replace("_", "-") for key in attributes}
    element = ET.SubElement(
        parent,
        tag,
        {names[k]: number(v) if isinstance(v, float) else str(v) for k, v in attributes.items() if v is not None},
    )
    if text is not None:
        element.text = text
    return element


def centred(
    parent: ET.Element, x: float, y: float, text: str, *, size: float = FONT, fit: float | None = None, **attributes
) -> ET.Element:
    """Text centred on x; squeezed to `fit` units when it would not fit (a long number, "Dense")."""
    squeeze = {}
    if fit is not None and text_width(text, size, attributes.get("font_weight") == "bold") > fit:
        squeeze = {"textLength": fit, "lengthAdjust": "spacingAndGlyphs"}
    return add(parent, "text", text, x=x, y=y, font_size=size, text_anchor="middle", fill=INK, **squeeze, **attributes)


def arrow(parent: ET.Element, x1: float, y1: float, x2: float, y2: float, class_: str, **data) -> ET.Element:
    """A straight arrow whose head is a triangle (no markers: no ids to clash between two drawings)."""
    group = add(parent, "g", class_=class_, **data)
    length = max(((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5, 0.001)
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    add(group, "line", x1=x1, y1=y1, x2=x2 - 4 * ux, y2=y2 - 4 * uy, stroke=INK, stroke_width=1.4)
    head = [
        (x2, y2),
        (x2 - 6 * ux - 3.5 * uy, y2 - 6 * uy + 3.5 * ux),
        (x2 - 6 * ux + 3.5 * uy, y2 - 6 * uy - 3.5 * ux),
    ]
    add(group, "path", d="M" + " L".join(f"{number(x)} {number(y)}" for x, y in head) + " Z", fill=INK)
    return group


def box(parent: ET.Element, x: float, y: float, w: float, h: float, kind: str, **attributes) -> ET.Element:
    fill, stroke = FILLS[kind]
    return add(
        parent, "rect", x=x, y=y, width=w, height=h, rx=4, fill=fill, stroke=stroke, stroke_width=1.2, **attributes
    )


def ellipsis(parent: ET.Element, x: float, y: float, elided: tuple[int, int] | None) -> None:
    group = add(parent, "g", class_="elided", data_steps=f"{elided[0]}-{elided[1]}" if elided else None)
    centred(group, x, y + 5, "…", size=16, font_weight="bold")


def svg_of(
    stages: list[Stage], layout: Layout, highlight: int | None, title: str, caption: str, text: list[str]
) -> str:
    ident = "unroll-" + hashlib.sha256("\n".join([title, caption, str(highlight), *text]).encode()).hexdigest()[:10]
    root = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "viewBox": f"0 0 {number(layout.width)} {number(layout.height)}",
            "width": "100%",
            "role": "img",
            "aria-labelledby": f"{ident}-title {ident}-desc",
            "font-family": "system-ui, sans-serif",
            "class": "unroll-drawing",
            # Fills the editor's width, but a short model is not blown up past 1.5x its size.
            "style": f"max-width: {number(layout.width * 1.5)}px; height: auto",
        },
    )
    add(root, "title", title or "Drawing of the model", id=f"{ident}-title")
    add(root, "desc", " ".join(text), id=f"{ident}-desc")
    add(root, "rect", x=0, y=0, width=layout.width, height=layout.height, fill="#ffffff")
    if title:
        add(root, "text", title, x=8, y=layout.title_y, font_size=TITLE_FONT, font_weight="bold", fill=INK)
    for stage in stages:
        draw_stage(root, stage, stages, layout, highlight)
    draw_results(root, stages[-1], layout)
    for i, line in enumerate(layout.caption_lines or []):
        add(root, "text", line, x=8, y=layout.caption_y + i * LINE, font_size=FONT, fill=MUTED)
    return ET.tostring(root, encoding="unicode")


def draw_stage(root: ET.Element, stage: Stage, stages: list[Stage], layout: Layout, highlight: int | None) -> None:
    place = layout.places[stage.index]
    diff = stage.index == highlight
    group = add(
        root,
        "g",
        class_="stage diff" if diff else "stage",
        data_stage=stage.index,
        data_layer=stage.layer,
        data_wrapped=stage.cell if stage.bidirectional else ("Dense" if stage.wrapped else None),
    )
    if diff:
        outlined(
            group,
            (3, place.top, layout.width - 6, place.bottom - place.top),
            rx=6,
            fill="none",
            stroke_width=2,
            stroke_dasharray="6 4",
            class_="diff-outline",
        )
    draw_body(group, stage, layout, place)
    above = (
        layout.places[stage.index + 1].body_bottom if stage.index + 1 < len(stages) else layout.result_top + RESULT_H
    )
    draw_outputs(group, stage, layout, place, above)
    for i, line in enumerate(layout.shapes[stage.index]):
        plated(
            group, 6, place.shape_y + i * LINE, line, fill=MUTED, class_="shape", data_shape=format_shape(stage.shape)
        )
    for i, (line, bold) in enumerate(layout.headers[stage.index]):
        plated(group, 6, place.header_y + i * LINE, line, class_="header", font_weight="bold" if bold else None)
    if diff:
        draw_note(group, layout, place)


def outlined(
    group: ET.Element, area: tuple[float, float, float, float], rx: float, fill: str, stroke_width: float, **attributes
) -> ET.Element:
    """A rectangle (x, y, width, height) outlined in the difference's colour."""
    x, y, width, height = area
    return add(
        group,
        "rect",
        x=x,
        y=y,
        width=width,
        height=height,
        rx=rx,
        fill=fill,
        stroke=DIFF,
        stroke_width=stroke_width,
        **attributes,
    )


def plated(group: ET.Element, x: float, y: float, text: str, **attributes) -> None:
    """Text between two stages, on a white plate: the arrows it crosses pass behind it."""
    width = text_width(text, FONT, attributes.get("font_weight") == "bold")
    add(group, "rect", x=x - 3, y=y - 12, width=width + 6, height=LINE, fill="#ffffff")
    add(group, "text", text, x=x, y=y, font_size=FONT, **{"fill": INK, **attributes}, **HALO)


def draw_note(group: ET.Element, layout: Layout, place: Place) -> None:
    """The difference in words, in a box inside the dashed outline."""
    if not layout.note_lines:
        return
    height = LINE * len(layout.note_lines) + 8
    outlined(group, (12, place.note_top, layout.width - 24, height), rx=4, fill="#ffffff", stroke_width=1.2)
    note = add(
        group, "text", x=18, y=place.note_top + 16, font_size=FONT, font_weight="bold", fill=DIFF, class_="diff-label"
    )
    for i, line in enumerate(layout.note_lines):
        add(note, "tspan", line, x=18, dy=0 if i == 0 else LINE)


def draw_body(group: ET.Element, stage: Stage, layout: Layout, place: Place) -> None:
    columns = layout.columns
    if stage.kind == "input":
        draw_inputs(group, stage, columns, place)
    elif stage.kind == "recurrent":
        draw_recurrent(group, stage, layout, place)
    elif stage.kind in ("dense_steps", "dense"):
        draw_dense(group, stage, columns, place)
    else:
        box(group, 8, place.body_top, layout.width - 16, BAND_H, "band", class_="band")
        title = named_title(stage)
        squeeze = {"textLength": layout.width - 28} if text_width(title, FONT) > layout.width - 28 else {}
        add(group, "text", title, x=14, y=place.body_top + 14, font_size=FONT, fill=INK, class_="header", **squeeze)


def step_columns(stage: Stage, columns: Columns) -> list[tuple[int, int | None]]:
    """(column, step) pairs where the stage draws something; a vector stands in the last column."""
    if stage.sequence:
        return list(enumerate(columns.steps))
    return [(columns.last, stage.steps if stage.kind == "recurrent" else None)]


def box_row(
    group: ET.Element, stage: Stage, columns: Columns, top: float, height: float, kind: str, text: str, class_: str
) -> list[tuple[ET.Element, int, int | None]]:
    """A box per drawn step (one for a vector) with `text` in it, "…" where steps are elided."""
    drawn = []
    for k, step in step_columns(stage, columns):
        if step is None and stage.sequence:
            ellipsis(group, columns.center(k), top + height / 2, elided_range(stage.steps))
            continue
        block = add(group, "g", class_=class_, data_step=step)
        box(block, columns.left(k), top, BLOCK_W, height, kind)
        centred(block, columns.center(k), top + height / 2 + 4, text, fit=BLOCK_W - 4)
        drawn.append((block, k, step))
    return drawn


def draw_inputs(group: ET.Element, stage: Stage, columns: Columns, place: Place) -> None:
    text = "id" if stage.ids else str(stage.size)
    for block, k, step in box_row(group, stage, columns, place.body_top, INPUT_H, "input", text, "block"):
        if step is not None:
            centred(block, columns.center(k), place.labels_y, f"x{step}", fit=PITCH - 4, class_="step-label")


def draw_dense(group: ET.Element, stage: Stage, columns: Columns, place: Place) -> None:
    box_row(group, stage, columns, place.body_top, DENSE_H, "dense", "Dense", "block")


def draw_recurrent(group: ET.Element, stage: Stage, layout: Layout, place: Place) -> None:
    row = LSTM_H if stage.cell == "LSTM" else CELL_H
    if not stage.bidirectional:
        draw_row(group, stage, layout, place.body_top, "forward")
        return
    box(group, 8, place.body_top, layout.width - 16, body_height(stage), "result", class_="frame", stroke_opacity=0.5)
    draw_row(group, stage, layout, place.body_top + FRAME_PAD, "backward")
    draw_row(group, stage, layout, place.body_top + FRAME_PAD + row + ROW_GAP, "forward")


def draw_row(group: ET.Element, stage: Stage, layout: Layout, top: float, direction: str) -> None:
    """One direction of a recurrent layer: a block per step, the states passed between them."""
    columns, height = layout.columns, LSTM_H if stage.cell == "LSTM" else CELL_H
    row = add(group, "g", class_="row", data_direction=direction)
    for k, step in enumerate(columns.steps):
        if step is None:
            ellipsis(row, columns.center(k), top + height / 2, elided_range(stage.steps))
            continue
        block = add(row, "g", class_="block", data_step=step, data_direction=direction)
        box(block, columns.left(k), top, BLOCK_W, height, direction)
        centred(block, columns.center(k), top + height / 2 + 4, CELL_LABELS[stage.cell], fit=BLOCK_W - 4)
    lanes = {"c": 0.34, "h": 0.77} if stage.cell == "LSTM" else {"h": 0.5}
    for lane, share in lanes.items():
        draw_lane(row, stage, columns, top + height * share, lane, direction)


def draw_lane(row: ET.Element, stage: Stage, columns: Columns, y: float, lane: str, direction: str) -> None:
    """A state passed from block to block, entering as zeros and, with return_state, leaving to the side."""
    forward = direction == "forward"
    text = f"{lane}: {stage.units}"
    for k in range(len(columns.steps) - 1):
        start = columns.right(k) if columns.steps[k] else columns.center(k) + 9
        end = columns.left(k + 1) if columns.steps[k + 1] else columns.center(k + 1) - 9
        x1, x2 = (start, end) if forward else (end, start)
        arrow(row, x1, y, x2, y, "state", data_state=lane)
        centred(row, (start + end) / 2, y - 3, text, fit=GAP_W - 1, class_="state-label")
    first, last = columns.left(0), columns.right(columns.last)
    start_edge, end_edge, outward = (first, last, 1) if forward else (last, first, -1)
    zero = add(row, "g", class_="zero", data_state=lane)
    centred(zero, start_edge - outward * 22, y + 4, "0")
    arrow(zero, start_edge - outward * 15, y, start_edge, y, "zero-arrow")
    if stage.return_state:
        final = arrow(row, end_edge, y, end_edge + outward * 26, y, "final-state", data_state=lane)
        centred(final, end_edge + outward * 13, y - 3, text, fit=SIDE - 4)


def draw_outputs(group: ET.Element, stage: Stage, layout: Layout, place: Place, above: float) -> None:
    """The arrows that leave the stage upwards: at every step for a sequence, else from one place."""
    columns = layout.columns
    for k, step in step_columns(stage, columns):
        if step is None and stage.sequence:
            continue
        arrow(
            group,
            columns.center(k),
            place.body_top,
            columns.center(k),
            above,
            "output",
            data_step=step,
            data_direction="forward" if stage.bidirectional else None,
        )
    if stage.bidirectional and not stage.return_sequences:
        draw_backward_output(group, stage, columns, place)


def draw_backward_output(group: ET.Element, stage: Stage, columns: Columns, place: Place) -> None:
    """A backward layer ends at step 1: its last output joins the forward one's above the last step."""
    x1, x2, y = columns.center(0), columns.center(columns.last), place.body_top - 5
    route = add(group, "g", class_="output", data_step=1, data_direction="backward")
    add(
        route,
        "path",
        d=f"M{number(x1)} {number(place.body_top)} V{number(y)} H{number(x2)}",
        fill="none",
        stroke=INK,
        stroke_width=1.4,
    )
    add(route, "circle", cx=x2, cy=y, r=2.8, fill=INK)


def draw_results(root: ET.Element, stage: Stage, layout: Layout) -> None:
    """What the model gives back: a box per output vector, with its size."""
    group = add(root, "g", class_="results")
    for result, _, _ in box_row(
        group, stage, layout.columns, layout.result_top, RESULT_H, "result", str(stage.size), "result"
    ):
        if not stage.sequence:
            result.attrib.pop("data-step", None)  # one vector, not one step's
