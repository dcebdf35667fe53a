"""Geometry of the small horizontal bar charts the statistics page draws as inline SVG (no script, no library)."""

from dataclasses import dataclass

LABEL_WIDTH = 220
BAR_AREA = 300
BAR_HEIGHT = 18
GAP = 6


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: int
    width: int

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT - 5

    @property
    def value_x(self) -> int:
        return LABEL_WIDTH + self.width + 4


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def width(self) -> int:
        return LABEL_WIDTH + BAR_AREA + 50

    @property
    def height(self) -> int:
        return len(self.bars) * (BAR_HEIGHT + GAP)


def bar_chart(counts: list[tuple[str, int]]) -> BarChart:
    """Bars scaled to the largest count (which fills the bar area), one row each, in the given order."""
    largest = max((value for _, value in counts), default=0)
    bars = [
        Bar(label, value, index * (BAR_HEIGHT + GAP), round(BAR_AREA * value / largest) if largest else 0)
        for index, (label, value) in enumerate(counts)
    ]
    return BarChart(bars)
