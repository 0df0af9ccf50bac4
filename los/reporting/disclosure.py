"""Disclosure control: which cells of a cube a reader beyond the producing service may see.

Every figure shown outside the service that produced it, and every download, is a cell of a
`Cube` (los/reporting/cube.py). A cell with fewer than MIN_CELL_SIZE enrolments is hidden
(primary suppression), and so are enough other cells that no hidden cell can be worked out,
or narrowed to a small range, from the published cells and totals of the same cube (secondary
suppression). The rules, their sources and what they do not protect are in
docs/disclosure-control.md.

The same cube always gives the same pattern: cells are visited in the order of their keys,
never in the order the counts arrived, so two tables cut from one cube never hide differently.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.utils.translation import gettext as _

from los.reporting.cube import Cube, Key

SUPPRESSED_MARK = "●"  # what a table shows in place of a hidden figure


def min_cell_size() -> int:
    """The smallest count shown: settings.MIN_CELL_SIZE (LOS_MIN_CELL_SIZE, default 5), read
    at call time so a test's override applies."""
    return settings.MIN_CELL_SIZE


def __getattr__(name: str):
    # `disclosure.MIN_CELL_SIZE` reads the one setting, never a copy taken at import.
    if name == "MIN_CELL_SIZE":
        return settings.MIN_CELL_SIZE
    raise AttributeError(name)


def footnote(threshold: int | None = None) -> str:
    """The sentence every table with disclosure control shows under it."""
    return _(
        "Tall under %(threshold)d er skjult (%(mark)s). Noen andre tall er også skjult, slik "
        "at de skjulte ikke kan regnes ut fra summene."
    ) % {"threshold": threshold or min_cell_size(), "mark": SUPPRESSED_MARK}


def is_small(count: int, threshold: int | None = None) -> bool:
    """The primary rule: a count of 1 to threshold − 1 is hidden. Zero is shown (no person is
    in an empty cell); docs/disclosure-control.md says why, and how rates protect a zero."""
    return 0 < count < (threshold or min_cell_size())


def suppress(cube: Cube, threshold: int | None = None) -> frozenset[Key]:
    """The keys of the cells to hide: the small cells and the secondary suppressions that
    protect them."""
    return _protect([cube], threshold or min_cell_size())


def suppress_rate(
    numerator: Cube, denominator: Cube, threshold: int | None = None
) -> frozenset[Key]:
    """The keys of the rate cells to hide: a rate is hidden where its numerator or its
    denominator is. Both cubes are protected together with one pattern, so a key hidden for
    the denominator's sake is hidden in the numerator too and cannot be worked out from the
    numerator's sums (that would show «0 of a few» for a small group)."""
    if numerator.dimensions != denominator.dimensions:
        raise ValueError("a rate's numerator and denominator must share their dimensions")
    return _protect([numerator, denominator], threshold or min_cell_size())


class _Table:
    """A cube as integer indices: cells in key order, each constraint as the index of its
    total followed by the indices of its parts."""

    def __init__(self, cube: Cube, index: dict[Key, int]):
        self.values = [0] * len(index)
        for key, count in cube.counts.items():
            if count < 0:
                raise ValueError(f"a count cannot be negative: {key} = {count}")
            self.values[index[key]] = count
        self.present = {index[key] for key in cube.counts}
        self.constraints = sorted(
            (index[total], *sorted(index[part] for part in parts))
            for total, parts in cube.constraints()
        )


def _protect(cubes: Sequence[Cube], threshold: int) -> frozenset[Key]:
    keys = sorted(set().union(*(cube.counts for cube in cubes)))
    index = {key: i for i, key in enumerate(keys)}
    tables = [_Table(cube, index) for cube in cubes]
    hidden: set[int] = {
        i for table in tables for i in table.present if is_small(table.values[i], threshold)
    }
    _secondary(tables, hidden, threshold)
    return frozenset(keys[i] for i in hidden)


def _secondary(tables: Sequence[_Table], hidden: set[int], threshold: int) -> None:
    """Hide more cells until every constraint that holds a hidden cell leaves it uncertain:
    a constraint never holds exactly one hidden cell (it would be the total minus the rest),
    and where its total is shown, its hidden parts add up to more than the threshold (else
    each lies in 0..that sum). Constraints are visited in a fixed order until nothing
    changes, so the pattern depends on the counts alone."""
    constraints = [(table, c) for table in tables for c in table.constraints]
    containing: dict[int, list[int]] = {}
    for number, (_table, members) in enumerate(constraints):
        for cell in members:
            containing.setdefault(cell, []).append(number)
    pending = sorted({n for cell in hidden for n in containing.get(cell, ())})
    heapq.heapify(pending)
    queued = set(pending)
    while pending:
        number = heapq.heappop(pending)
        queued.discard(number)
        table, members = constraints[number]
        cell = _needed(table.values, members, hidden, threshold)
        if cell is None:
            continue
        hidden.add(cell)
        for other in containing.get(cell, ()):
            if other not in queued:
                queued.add(other)
                heapq.heappush(pending, other)
        if number not in queued:  # it may need yet another cell
            queued.add(number)
            heapq.heappush(pending, number)


def _needed(values: list[int], members: Sequence[int], hidden: set[int], threshold: int):
    """The cell this constraint needs hidden next, or None when it protects its hidden cells.
    The smallest shown part that makes the hidden parts add up to more than the threshold
    (the cost is the figure lost; a zero only when nothing else will do: a hidden zero can
    only be thought larger, never smaller), else the total."""
    total, parts = members[0], members[1:]
    hidden_parts = [p for p in parts if p in hidden]
    hidden_count = len(hidden_parts) + (total in hidden)
    if hidden_count == 0:
        return None
    hidden_sum = sum(values[p] for p in hidden_parts)
    total_shown = total not in hidden
    if hidden_count > 1 and not (total_shown and hidden_sum <= threshold):
        return None
    shown = [p for p in parts if p not in hidden]
    if total_shown:
        useful = [p for p in shown if hidden_sum + values[p] > threshold]
        if useful:
            return min(useful, key=lambda p: (values[p] == 0, values[p], p))
        return total
    # The total is hidden alone: hide a part with it, preferring one that is not zero.
    return min(shown, key=lambda p: (values[p] == 0, values[p], p)) if shown else None


def hidden_in(keys: Iterable[Key], pattern: frozenset[Key]) -> list[Key]:
    """The keys among `keys` that the pattern hides, in their order (for the pages)."""
    return [key for key in keys if key in pattern]
