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
