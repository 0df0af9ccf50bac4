"""Line charts drawn on the server as SVG: they work without JavaScript, print in PDFs, and
always stand beside a table with the same figures (the table is what a screen reader
reads). Used for questionnaire scores over time and for fidelity totals over time."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH, HEIGHT, PAD = 320, 120, 12


@dataclass(frozen=True)
class LineChart:
    points: tuple[tuple[str, str], ...]  # (x, y) in the 320 × 120 view box, one decimal

    @property
    def polyline(self) -> str:
        return " ".join(f"{x},{y}" for x, y in self.points)


def line_chart(values, low, high) -> LineChart:
    """The values spread evenly left to right, `low` at the bottom and `high` at the top."""
    values = list(values)
    span = float(high - low) or 1.0
    inner_w, inner_h = WIDTH - 2 * PAD, HEIGHT - 2 * PAD
    points = []
    for index, value in enumerate(values):
        share = index / (len(values) - 1) if len(values) > 1 else 0.5
        level = float(value - low) / span
        points.append((f"{PAD + share * inner_w:.1f}", f"{PAD + inner_h - level * inner_h:.1f}"))
    return LineChart(tuple(points))


# Report charts: axes with labelled ticks, reference lines (the IPS benchmarks) and gaps
# where a figure is missing or suppressed. The view box is about as wide as a phone, so the
# text stays readable when the chart shrinks to fit one.
REPORT_WIDTH = 400
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 14, 36  # room for the y labels, two lines of x labels


def _number(value: float) -> str:
    return f"{value:.1f}"


@dataclass(frozen=True)
class Tick:
    position: str  # x (for the x axis) or y (for the y axis) in the view box
    label: str
    sublabel: str = ""  # a second line under an x label («2026» under «K1»)


@dataclass(frozen=True)
class ReferenceLine:
    position: str
    label: str


@dataclass(frozen=True)
class TrendPoint:
    x: str
    y: str
    label: str  # «2026K1: 42 %», the point's title for a pointer


@dataclass(frozen=True)
class TrendChart:
    """Values over periods, left to right. `segments` are polylines, broken where a value is
    missing, so a suppressed quarter is never drawn as if it were known."""

    width: int
    height: int
    plot_left: str
    plot_right: str
    plot_top: str
    plot_bottom: str
    label_x: str  # where the y labels end, left of the axis
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]
    segments: tuple[str, ...]
    points: tuple[TrendPoint, ...]
    references: tuple[ReferenceLine, ...]


def _value_text(value, unit: str) -> str:
    """«42 %», «12,5 dager»: Norwegian decimals, the unit after a space."""
    value = float(value)
    shown = f"{value:.0f}" if value.is_integer() else f"{value:.1f}".replace(".", ",")
    return f"{shown} {unit}".rstrip()


def trend_chart(
    labels,
    values,
    *,
    low: float = 0,
    high: float = 100,
    unit: str = "%",
    references=(),
    ticks: int = 4,
    height: int = 200,
    sublabels=None,
) -> TrendChart:
    """`values` (None where missing) over `labels`, on an axis from `low` to `high` with
    `ticks` + 1 labelled steps; `references` are (value, label) lines across the plot.
    `sublabels` go on a second line under the labels, each only where it changes (the
    year under the quarters)."""
    labels, values = list(labels), list(values)
    if len(labels) != len(values):
        raise ValueError("one label per value")
    sublabels = list(sublabels) if sublabels is not None else [""] * len(labels)
    span = float(high - low) or 1.0
    left, right = LEFT, REPORT_WIDTH - RIGHT
    top, bottom = TOP, height - BOTTOM

    def y_of(value: float) -> float:
        level = min(max((float(value) - low) / span, 0.0), 1.0)
        return bottom - level * (bottom - top)

    def x_of(index: int) -> float:
        if len(values) == 1:
            return (left + right) / 2
        return left + index / (len(values) - 1) * (right - left)

    y_ticks = tuple(
        Tick(_number(y_of(low + step * span / ticks)), _value_text(low + step * span / ticks, unit))
        for step in range(ticks + 1)
    )
    # Every label when they fit (about 40 units each), else every second one.
    every = 1 if len(labels) * 40 <= right - left else 2
    shown = [i for i in range(len(labels)) if i % every == 0 or i == len(labels) - 1]
    x_ticks = tuple(
        Tick(
            _number(x_of(index)),
            str(labels[index]),
            str(sublabels[index])
            if position == 0 or sublabels[index] != sublabels[shown[position - 1]]
            else "",
        )
        for position, index in enumerate(shown)
    )
    segments, current, points = [], [], []
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        if value is None:
            if current:
                segments.append(current)
            current = []
            continue
        x, y = _number(x_of(index)), _number(y_of(value))
        current.append(f"{x},{y}")
        points.append(TrendPoint(x, y, f"{label}: {_value_text(value, unit)}"))
    if current:
        segments.append(current)
    return TrendChart(
        width=REPORT_WIDTH,
        height=height,
        plot_left=_number(left),
        plot_right=_number(right),
        plot_top=_number(top),
        plot_bottom=_number(bottom),
        label_x=_number(left - 6),
        y_ticks=y_ticks,
        x_ticks=x_ticks,
        segments=tuple(" ".join(segment) for segment in segments),
        points=tuple(points),
        references=tuple(
            ReferenceLine(_number(y_of(value)), label)
            for value, label in references
            if low <= value <= high
        ),
    )


@dataclass(frozen=True)
class Bar:
    y: str  # the bar's top
    text_y: str  # the baseline of its labels
    width: str  # 0 when the value is missing
    label: str
    value_text: str  # «42 %», or the missing text


@dataclass(frozen=True)
class BarChart:
    """One horizontal bar per unit (services side by side), the scale along the bottom."""

    width: int
    height: int
    plot_left: str
    plot_right: str
    plot_bottom: str
    label_x: str  # where the unit names end, left of the bars
    value_x: str  # where the values start, right of the longest bar
    bar_height: str
    bars: tuple[Bar, ...]
    x_ticks: tuple[Tick, ...]
    references: tuple[ReferenceLine, ...]


BAR_LABEL_WIDTH = 150
BAR_VALUE_WIDTH = 52
BAR_ROW = 26
BAR_LABEL_CHARACTERS = 20  # about 130 units at the charts' 12-unit type


def _short(label: str) -> str:
    """Long unit names are cut in the chart; the table beside it has them whole."""
    label = str(label)
    if len(label) <= BAR_LABEL_CHARACTERS:
        return label
    return label[: BAR_LABEL_CHARACTERS - 1].rstrip() + "…"


def bar_chart(
    rows,
    *,
    high: float = 100,
    unit: str = "%",
    references=(),
    missing: str = "skjult",
    ticks: int = 4,
) -> BarChart:
    """`rows` are (label, value or None), drawn top to bottom on a scale from 0 to `high`."""
    rows = list(rows)
    left = BAR_LABEL_WIDTH
    right = REPORT_WIDTH - BAR_VALUE_WIDTH
    top = 6
    bottom = top + BAR_ROW * len(rows)
    span = float(high) or 1.0

    def x_of(value: float) -> float:
        return left + min(max(float(value) / span, 0.0), 1.0) * (right - left)

    bars = []
    for index, (label, value) in enumerate(rows):
        y = top + index * BAR_ROW + 4
        bars.append(
            Bar(
                y=_number(y),
                text_y=_number(y + 13),
                width=_number(0 if value is None else x_of(value) - left),
                label=_short(label),
                value_text=missing if value is None else _value_text(value, unit),
            )
        )
    return BarChart(
        width=REPORT_WIDTH,
        height=bottom + BOTTOM,
        plot_left=_number(left),
        plot_right=_number(right),
        plot_bottom=_number(bottom),
        label_x=_number(left - 6),
        value_x=_number(right + 6),
        bar_height=_number(BAR_ROW - 8),
        bars=tuple(bars),
        x_ticks=tuple(
            Tick(_number(x_of(step * span / ticks)), _value_text(step * span / ticks, unit))
            for step in range(ticks + 1)
        ),
        references=tuple(
            ReferenceLine(_number(x_of(value)), label)
            for value, label in references
            if 0 <= value <= high
        ),
    )
