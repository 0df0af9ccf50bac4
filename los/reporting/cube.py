"""Counts by dimensions, with their margins: the shape every report table is cut from.

A report never holds a row per person. The figures are counts of enrolments (forløp) per
cell, where a cell is one value of every dimension: a service (or a municipality, county,
region or the nation), a programme, an age group and a gender. ALL in a coordinate is the
margin: the total over that dimension. Because every published table is a slice of one cube
per period and indicator, the disclosure control (los/reporting/disclosure.py) sees every
sum a reader could form from the same figures, and suppresses so that none of them gives a
small cell away.

The unit is the enrolment, not the person: a person served by two services in a quarter
counts at each, so the services add up to the county and the counties to the nation
(docs/reporting.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property

ALL = "*"  # the margin: the total over a dimension


@dataclass(frozen=True)
class Dimension:
    """One way to break a figure down. `parents` makes it a hierarchy: each value names the
    value it adds up to (service → municipality → county → region); a value with no parent
    adds up to ALL. A flat dimension (programme, age group, gender) has no parents: all its
    values add up to ALL."""

    name: str
    labels: Mapping[str, str]  # value → the label a reader sees, in the order shown
    parents: Mapping[str, str] = field(default_factory=dict)

    def parent(self, value: str) -> str:
        if value == ALL:
            raise ValueError("ALL has no parent")
        return self.parents.get(value, ALL)

    def children(self, value: str) -> list[str]:
        """The values that add up to `value` (ALL: the top level)."""
        return list(self._children.get(value, ()))

    @cached_property
    def _children(self) -> dict[str, list[str]]:
        # Built once: a cube asks for the children of every one of its cells, and a national
        # geography has about a thousand values.
        children: dict[str, list[str]] = {}
        for value in self.labels:
            if value != ALL:
                children.setdefault(self.parent(value), []).append(value)
        return children

    def ancestors(self, value: str) -> Iterator[str]:
        """`value`'s parent, its parent's parent, …, ending with ALL."""
        while value != ALL:
            value = self.parent(value)
            yield value


Key = tuple[str, ...]  # one coordinate per dimension, in the cube's order


@dataclass
class Cube:
    """Counts for one indicator and one period. `counts` holds every published cell,
    margins included (the finest cells rolled up: see `rolled_up`)."""

    dimensions: tuple[Dimension, ...]
    counts: dict[Key, int]

    def constraints(self) -> Iterator[tuple[Key, list[Key]]]:
        """Every additive relation among the published cells: (total, the cells that sum to
        it), for each cell and each dimension in which it is a total of published children."""
        counts = self.counts
        # Disclosure control reads every relation of a national cube (about 14 000 cells)
        # on each new pattern: the children are looked up once, and a relation is given up
        # at its first part that is not published.
        children_by_axis = [dimension._children for dimension in self.dimensions]
        for key in counts:
            for axis, children_of in enumerate(children_by_axis):
                children = children_of.get(key[axis])
                if not children:
                    continue
                before, after = key[:axis], key[axis + 1 :]
                parts = []
                for child in children:
                    part = (*before, child, *after)
                    if part not in counts:
                        break
                    parts.append(part)
                else:
                    yield key, parts


def one_breakdown_at_a_time(key: Key) -> bool:
    """The cells the reports publish: the geography (first dimension) at any level, crossed
    with at most one of the other dimensions (by programme, or by age group, or by gender;
    never programme × gender × age group, whose cells would be mostly small)."""
    return sum(1 for value in key[1:] if value != ALL) <= 1


def rolled_up(
    dimensions: tuple[Dimension, ...],
    finest: Mapping[Key, int],
    keep: Callable[[Key], bool] = one_breakdown_at_a_time,
) -> Cube:
    """The cube of published cells with their margins, from counts at the finest level of
    each dimension (the leaves of each hierarchy). `keep` says which cells are published.
    Cells that no enrolment falls in are zero, and present, so that every total has all its
    parts."""
    counts: dict[Key, int] = {}
    for key, count in finest.items():
        for full in _with_ancestors(dimensions, key):
            if keep(full):
                counts[full] = counts.get(full, 0) + count
    _fill_zeros(dimensions, counts, keep)
    return Cube(dimensions=dimensions, counts=counts)


def _with_ancestors(dimensions, key: Key) -> Iterator[Key]:
    options = [
        [value, *dimension.ancestors(value)]
        for dimension, value in zip(dimensions, key, strict=True)
    ]
    yield from _product(options)


def _product(options: list[list[str]]) -> Iterator[Key]:
    if not options:
        yield ()
        return
    for first in options[0]:
        for rest in _product(options[1:]):
            yield (first, *rest)


def _fill_zeros(dimensions, counts: dict[Key, int], keep) -> None:
    """Every published child of a present cell, in each dimension, is present (zero when
    empty)."""
    pending = list(counts)
    while pending:
        key = pending.pop()
        for axis, dimension in enumerate(dimensions):
            for child in dimension.children(key[axis]):
                part = (*key[:axis], child, *key[axis + 1 :])
                if part not in counts and keep(part):
                    counts[part] = 0
                    pending.append(part)


@dataclass(frozen=True)
class Cell:
    """One published figure: what the JSON, CSV and XLSX downloads hold, one per cell
    (docs/indicators.md). A suppressed cell keeps its coordinates and loses its numbers."""

    indicator: str
    unit: str  # "enrolments", "percent", "days", …
    period: str  # "2026Q1", "2026"
    coordinates: Mapping[str, str]  # dimension name → value (ALL for a margin)
    numerator: int | None
    denominator: int | None
    value: float | None
    suppressed: bool
