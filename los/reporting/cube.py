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

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
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

    def descendants(self, value: str) -> list[str]:
        """Every value below `value`, depth first in the labels' order."""
        found = []
        for child in self.children(value):
            found.append(child)
            found.extend(self.descendants(child))
        return found

    def leaves(self, value: str) -> list[str]:
        """The values below `value` (or `value` itself) that have no children: for the
        geography, the services."""
        below = [v for v in self.descendants(value) if not self.children(v)]
        return below or [value]

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
        for key in self.counts:
            for axis, dimension in enumerate(self.dimensions):
                children = dimension.children(key[axis])
                if not children:
                    continue
                before, after = key[:axis], key[axis + 1 :]
                parts = []
                for child in children:
                    part = (*before, child, *after)
                    if part not in self.counts:
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
    numerator: int | None  # for a median (unit "days"): the n it is the median of
    denominator: int | None
    value: float | None
    suppressed: bool
    # A cohort whose window has not passed by today: no value yet, though nothing is hidden.
    not_yet: bool = False
    labels: Mapping[str, str] = field(default_factory=dict)  # dimension name → the value's label


Shape = frozenset[int]  # the axes at which a published cell is not ALL


def published_in(shapes: Collection[Shape]) -> Callable[[Key], bool]:
    """`keep` for the cells whose shape (the axes not at ALL) is one of `shapes`."""
    allowed = frozenset(shapes)
    return lambda key: frozenset(i for i, v in enumerate(key) if v != ALL) in allowed


def rolled_up_columns(
    dimensions: tuple[Dimension, ...],
    finest: Mapping[Key, Sequence[int]],
    shapes: Iterable[Shape],
    names: Sequence[str],
) -> dict[str, Cube]:
    """Several cubes at once, one per column of `finest` (a tuple of counts per finest
    cell), with the same published cells: those whose shape is one of `shapes`. The same
    sums as `rolled_up(…, keep=published_in(shapes))`, in time that grows with the finest
    cells times the shapes, not times every combination of ancestors: each shape's cells
    are summed once from the finest cells (or from a wider shape already summed), and only
    then climb their hierarchies."""
    width = len(names)

    def add(into: dict, key: Key, counts: Sequence[int]) -> None:
        total = into.get(key)
        if total is None:
            into[key] = list(counts)
        else:
            for i in range(width):
                total[i] += counts[i]

    cells = _rolled(dimensions, finest, shapes, add, lambda: [0] * width)
    return {
        name: Cube(dimensions=dimensions, counts={k: v[i] for k, v in cells.items()})
        for i, name in enumerate(names)
    }


def rolled_up_histograms(
    dimensions: tuple[Dimension, ...],
    finest: Mapping[Key, Counter],
    shapes: Iterable[Shape],
) -> dict[Key, Counter]:
    """As rolled_up_columns, for a distribution per cell (how many took how many days):
    medians do not add up, but their histograms do."""

    def add(into: dict, key: Key, histogram: Counter) -> None:
        into.setdefault(key, Counter()).update(histogram)

    return _rolled(dimensions, finest, shapes, add, Counter)


def _rolled(dimensions, finest, shapes, add, empty) -> dict[Key, object]:
    shapes = sorted(set(shapes), key=len, reverse=True)
    base: dict[Shape, dict[Key, object]] = {}  # per shape, at the leaf level
    cells: dict[Key, object] = {}
    for shape in shapes:
        wider = [s for s in base if shape < s]
        source = min((base[s] for s in wider), key=len) if wider else finest
        projected: dict[Key, object] = {}
        for key, counts in source.items():
            add(projected, tuple(v if i in shape else ALL for i, v in enumerate(key)), counts)
        base[shape] = projected
        for key, counts in projected.items():
            for full in _levels(dimensions, key, shape):
                add(cells, full, counts)
    if frozenset() in shapes:
        # The grand total is always published, so every cell below it is too, zero when
        # no enrolment falls in it: a table never lacks a row because nobody is in it.
        cells.setdefault(tuple(ALL for _ in dimensions), empty())
    _fill_zeros_shaped(dimensions, cells, frozenset(shapes), empty)
    return cells


def _levels(dimensions, key: Key, shape: Shape) -> Iterator[Key]:
    """The key at its leaf values and at every ancestor of them short of ALL (ALL belongs
    to the narrower shape)."""
    options = [
        [value, *(a for a in dimension.ancestors(value) if a != ALL)] if i in shape else [value]
        for i, (dimension, value) in enumerate(zip(dimensions, key, strict=True))
    ]
    yield from _product(options)


def _fill_zeros_shaped(dimensions, cells: dict[Key, object], shapes, empty) -> None:
    """As _fill_zeros, asking first whether a child would be published at all, so the
    hundreds of offices are not walked for every cell of the geography."""
    pending = list(cells)
    while pending:
        key = pending.pop()
        shape = frozenset(i for i, v in enumerate(key) if v != ALL)
        for axis, dimension in enumerate(dimensions):
            if (shape | {axis}) not in shapes:
                continue
            for child in dimension.children(key[axis]):
                part = (*key[:axis], child, *key[axis + 1 :])
                if part not in cells:
                    cells[part] = empty()
                    pending.append(part)
