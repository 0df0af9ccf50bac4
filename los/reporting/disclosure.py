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

import hashlib
import heapq
import math
import threading
from collections import OrderedDict
from collections.abc import MutableMapping, Sequence

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


# Patterns already made, by digest (`pattern_digest`): what `store=` takes. The report's figure
# sets pass the patterns kept in the database (models.StoredPattern), and collect the new.
PatternStore = MutableMapping[str, frozenset[Key]]


def suppress(
    cube: Cube, threshold: int | None = None, *, store: PatternStore | None = None
) -> frozenset[Key]:
    """The keys of the cells to hide: the small cells and the secondary suppressions that
    protect them."""
    return _protect([cube], threshold or min_cell_size(), store=store)


def suppress_rate(
    numerator: Cube,
    denominator: Cube,
    threshold: int | None = None,
    *,
    store: PatternStore | None = None,
) -> frozenset[Key]:
    """The keys of the rate cells to hide: a rate is hidden where its numerator or its
    denominator is. Both cubes are protected together with one pattern, so a key hidden for
    the denominator's sake is hidden in the numerator too and cannot be worked out from the
    numerator's sums (that would show «0 of a few» for a small group)."""
    if numerator.dimensions != denominator.dimensions:
        raise ValueError("a rate's numerator and denominator must share their dimensions")
    over = [
        key for key, count in numerator.counts.items() if count > denominator.counts.get(key, count)
    ]
    if over:  # the reader is told a share; a share over 100 % is a fault in the figures
        raise ValueError(f"the numerator exceeds the denominator in {len(over)} cells: {over[:3]}")
    return _protect(
        [numerator, denominator], threshold or min_cell_size(), ordered=True, store=store
    )


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
        # In key order, so the rules visit them in an order that does not depend on the
        # order the counts arrived in (ties between parts are broken by index, not position).
        position = index.__getitem__
        self.constraints = sorted(
            tuple(map(position, (total, *parts))) for total, parts in cube.constraints()
        )
        keys = list(index)
        for total, *parts in self.constraints:
            if self.values[total] != sum(self.values[part] for part in parts):
                raise ValueError(
                    f"the cube does not add up: {keys[total]} is {self.values[total]}, its "
                    f"parts {sum(self.values[part] for part in parts)}"
                )


def _protect(
    cubes: Sequence[Cube],
    threshold: int,
    *,
    ordered: bool = False,
    measure: bool = True,
    store: PatternStore | None = None,
) -> frozenset[Key]:
    """`measure=False` stops after the rules: only for the tests that show the linear
    programmes are needed. `store`: patterns made before, by digest; a pattern made here is
    added to it."""
    keys = sorted(set().union(*(cube.counts for cube in cubes)))
    # The pattern depends on the counts alone, so a report seen again (a closed quarter
    # rarely changes) reuses it. The cache key holds every count: equal keys, equal cubes.
    cache_key = (
        threshold,
        ordered,
        measure,
        tuple(_dimensions_key(cube.dimensions) for cube in cubes),
        tuple(keys),
        tuple(tuple(cube.counts.get(key) for key in keys) for cube in cubes),
    )
    with _patterns_lock:
        pattern = _patterns.get(cache_key)
        if pattern is not None:
            _patterns.move_to_end(cache_key)
    digest = pattern_digest(cache_key) if store is not None and measure else None
    if pattern is not None:
        if digest is not None and digest not in store:
            store[digest] = pattern  # the same counts in another period: kept for this one
        return pattern
    if digest is not None and digest in store:
        pattern = store[digest]
        _keep(cache_key, pattern)
        return pattern
    index = {key: i for i, key in enumerate(keys)}
    protection = _Protection([_Table(cube, index) for cube in cubes], threshold, ordered)
    pattern = frozenset(keys[i] for i in protection.run(measure=measure))
    if digest is not None:
        store[digest] = pattern
    _keep(cache_key, pattern)
    return pattern


def pattern_digest(cache_key: tuple) -> str:
    """The pattern's name in a store: SHA-256 of everything the pattern depends on (the
    threshold, the options, the dimensions with their labels and hierarchy, every published
    key and its count in each cube). Equal digests, equal inputs, equal patterns."""
    return hashlib.sha256(repr(cache_key).encode()).hexdigest()


def _keep(cache_key: tuple, pattern: frozenset[Key]) -> None:
    with _patterns_lock:
        _patterns[cache_key] = pattern
        while len(_patterns) > _PATTERNS_KEPT:
            _patterns.popitem(last=False)


# The last patterns made in this process: a report has about twenty indicator patterns for
# its period and six for each of its eight trend quarters, and a county's report is cut from
# the national cube, so it shares its patterns.
_PATTERNS_KEPT = 96
_patterns: OrderedDict[tuple, frozenset[Key]] = OrderedDict()
_patterns_lock = threading.Lock()


def _dimensions_key(dimensions) -> tuple:
    return tuple((d.name, tuple(d.labels), tuple(sorted(d.parents.items()))) for d in dimensions)


class _Protection:
    """One suppression: the rules first (cheap, and enough for most cells), then linear
    programmes that measure each hidden cell's range and widen the pattern where a range is
    too narrow, until none is. `ordered`: the first table's cells never exceed the second's
    (a rate's numerator and denominator), which a reader knows and may use."""

    def __init__(self, tables: Sequence[_Table], threshold: int, ordered: bool):
        self.tables = tables
        self.threshold = threshold
        self.ordered = ordered
        self.constraints = [(t, members) for t, table in enumerate(tables) for members in
                            table.constraints]  # fmt: skip
        self.containing: dict[int, list[int]] = {}
        for number, (_t, members) in enumerate(self.constraints):
            for cell in members:
                self.containing.setdefault(cell, []).append(number)
        self.hidden: set[int] = {
            cell
            for table in tables
            for cell in table.present
            if is_small(table.values[cell], threshold)
        }
        # The lowest and highest value each hidden (table, cell) takes in any solution found
        # so far. Hiding more cells keeps every solution a solution, so these only widen.
        self.seen: dict[tuple[int, int], list[float]] = {}

    def run(self, *, measure: bool = True) -> set[int]:
        pending = {n for cell in self.hidden for n in self.containing.get(cell, ())}
        while True:
            self._apply_rules(pending)
            narrow = self._narrow_cells() if measure else []
            if not narrow:
                return self.hidden
            pending = set()
            for cell in narrow:
                widening = self._widening(cell)
                if widening is not None and widening not in self.hidden:
                    self.hidden.add(widening)
                    pending.update(self.containing.get(widening, ()))
            if not pending:  # cannot happen for a cube that adds up: say so, never loop
                raise RuntimeError("disclosure control found no cell to hide for a narrow one")

    def _apply_rules(self, pending: set[int]) -> None:
        """Hide more cells until every constraint that holds a hidden cell leaves it
        uncertain: a constraint never holds exactly one hidden cell (it would be the total
        minus the rest), and where its total is shown, its hidden parts add up to more than
        the threshold (else each lies in 0..that sum). Constraints are visited in a fixed
        order until nothing changes, so the pattern depends on the counts alone."""
        queue = sorted(pending)
        heapq.heapify(queue)
        queued = set(queue)
        while queue:
            number = heapq.heappop(queue)
            queued.discard(number)
            t, members = self.constraints[number]
            cell = _needed(self.tables[t].values, members, self.hidden, self.threshold)
            if cell is None:
                continue
            self.hidden.add(cell)
            for other in [*self.containing.get(cell, ()), number]:  # it may need yet another
                if other not in queued:
                    queued.add(other)
                    heapq.heappush(queue, other)

    def _narrow_cells(self) -> list[int]:
        """The hidden cells whose range (smallest to largest value a reader can give them
        from the shown cells) is no wider than the threshold. A cell whose solutions found
        so far already span more needs no programme of its own, and a group of linked
        hidden cells that are all proven is not looked at again."""
        unproven = []
        for cell in sorted(self.hidden):
            for t, table in enumerate(self.tables):
                if cell in table.present:
                    bound = self.seen.setdefault((t, cell), [table.values[cell]] * 2)
                    if _width(bound) <= self.threshold:
                        unproven.append(cell)
        visited: set[int] = set()
        narrow: list[int] = []
        for start in unproven:
            if start in visited:
                continue
            cells, numbers, stack = [], set(), [start]
            visited.add(start)
            while stack:  # the hidden cells linked to `start` through relations
                cell = stack.pop()
                cells.append(cell)
                for number in self.containing.get(cell, ()):
                    if number in numbers:
                        continue
                    numbers.add(number)
                    for other in self.constraints[number][1]:
                        if other in self.hidden and other not in visited:
                            visited.add(other)
                            stack.append(other)
            narrow.extend(self._measure(sorted(cells), sorted(numbers)))
        return sorted(set(narrow))

    def _measure(self, cells: list[int], numbers: list[int]) -> list[int]:
        """Solve for the smallest and largest value of each not yet proven cell of one
        group of linked hidden cells; return those whose range is too narrow. Every solution
        also widens what is known of the other cells, which spares most solves."""
        import highspy
        import numpy as np

        variables = [
            (t, cell)
            for cell in cells
            for t, table in enumerate(self.tables)
            if cell in table.present
        ]
        local = {variable: i for i, variable in enumerate(variables)}
        # A total with one part (a municipality with one service) is that part: both always
        # take the same value, so one's minimum and maximum are the other's.
        same = list(range(len(variables)))
        lower, upper, starts, columns, coefficients = [], [], [], [], []

        def add_row(low: float, high: float, terms: dict[int, float]) -> None:
            lower.append(low)
            upper.append(high)
            starts.append(len(columns))
            columns.extend(terms)
            coefficients.extend(terms.values())

        for number in numbers:
            t, members = self.constraints[number]
            values = self.tables[t].values
            terms: dict[int, float] = {}
            right = 0.0
            for position, cell in enumerate(members):
                sign = -1.0 if position else 1.0
                variable = local.get((t, cell))
                if variable is None:
                    right -= sign * values[cell]
                else:
                    terms[variable] = sign
            add_row(right, right, terms)
            if len(members) == 2 and len(terms) == 2 and right == 0:
                first, second = sorted(terms)
                same[second] = same[first]
        if self.ordered:  # numerator − denominator ≤ 0, cell by cell
            smaller, larger = self.tables
            for cell in cells:
                if cell in smaller.present and cell in larger.present:
                    add_row(
                        -highspy.kHighsInf, 0.0, {local[(0, cell)]: 1.0, local[(1, cell)]: -1.0}
                    )

        size = len(variables)
        model = highspy.Highs()
        model.setOptionValue("output_flag", False)
        model.setOptionValue("presolve", "off")  # small models, re-solved from the last basis
        # Only the costs change between solves, so the last basis stays feasible and the
        # primal simplex goes on from it; the default (dual) simplex took 2 to 5 times as
        # long on the national cubes. The optimum is the same whichever method finds it,
        # and so is every pattern (docs/disclosure-control.md, «Speed»).
        model.setOptionValue("simplex_strategy", _PRIMAL_SIMPLEX)
        model.addVars(size, np.zeros(size), np.full(size, highspy.kHighsInf))
        model.addRows(
            len(lower),
            np.array(lower, dtype=float),
            np.array(upper, dtype=float),
            len(columns),
            np.array(starts, dtype=np.int32),
            np.array(columns, dtype=np.int32),
            np.array(coefficients, dtype=float),
        )
        low = np.array([self.seen[v][0] for v in variables], dtype=float)
        high = np.array([self.seen[v][1] for v in variables], dtype=float)
        everything = np.arange(size, dtype=np.int32)
        limit = self.threshold + _TOLERANCE

        def solve(costs) -> bool:
            """Solve with these costs and widen every cell's known range by the solution;
            False when the costs have no optimum (a cell can grow without bound)."""
            model.changeColsCost(size, everything, costs)
            model.run()
            status = model.getModelStatus()
            if status in (
                highspy.HighsModelStatus.kUnbounded,
                highspy.HighsModelStatus.kUnboundedOrInfeasible,  # feasible: the figures are
            ):
                return False
            if status != highspy.HighsModelStatus.kOptimal:
                raise RuntimeError(f"disclosure control: the solver stopped: {status}")
            solution = np.asarray(model.getSolution().col_value)
            np.minimum(low, solution, out=low)
            np.maximum(high, solution, out=high)
            return True

        # One cell at a time: pushing all unproven cells down (or up) together was tried
        # first and cost more solves than it spared.
        for i in range(size):  # the first of a chain of equal cells stands for them all
            same[i] = same[same[i]]
        narrow = []
        for i in np.flatnonzero(high - low <= limit):
            if same[i] == i:
                for sense in (1.0, -1.0):  # the smallest value, then the largest
                    if high[i] - low[i] > limit:
                        break
                    if sense > 0 and low[i] <= _TOLERANCE:
                        continue  # a solution reached 0 already: no cell is below 0
                    costs = np.zeros(size)
                    costs[i] = sense
                    if not solve(costs):
                        high[i] = math.inf
            else:  # solved as the cell it equals (every solution gives both one value)
                low[i], high[i] = low[same[i]], high[same[i]]
            if high[i] - low[i] <= limit:
                narrow.append(variables[i][1])
        for i, variable in enumerate(variables):
            self.seen[variable] = [low[i], high[i]]
        return narrow

    def _widening(self, cell: int) -> int | None:
        """The cell to hide next to a hidden cell whose range is too narrow: in the
        constraints that hold it, the smallest shown part of at least the threshold (it can
        give or take that much), else the smallest shown part that is not zero, else a
        shown total. When every cell around it is hidden already, the same choice one step
        further out, through the hidden cells."""
        reached, frontier = {cell}, [cell]
        while frontier:
            candidates = []
            for hidden_cell in frontier:
                for number in self.containing.get(hidden_cell, ()):
                    t, members = self.constraints[number]
                    values = self.tables[t].values
                    for position, other in enumerate(members):
                        if other in self.hidden:
                            continue
                        value = values[other]
                        if position == 0:
                            rank = 2
                        else:
                            rank = 0 if value >= self.threshold else 1 if value else 3
                        candidates.append((rank, value, other))
            if candidates:
                return min(candidates)[2]
            frontier = sorted(
                {
                    other
                    for hidden_cell in frontier
                    for number in self.containing.get(hidden_cell, ())
                    for other in self.constraints[number][1]
                }
                - reached
            )
            reached.update(frontier)
        return None


_PRIMAL_SIMPLEX = 4  # HiGHS's simplex_strategy for the primal simplex


# Solutions are exact to the solver's tolerance: a range of 5.0000001 is a range of 5.
_TOLERANCE = 1e-6


def _width(bound: list[float]) -> float:
    return bound[1] - bound[0] - _TOLERANCE


def _needed(values: list[int], members: Sequence[int], hidden: set[int], threshold: int):
    """The cell this constraint needs hidden next, or None when it protects its hidden cells.
    The smallest shown part that is not zero and makes the hidden parts add up to more than
    the threshold (the cost is the figure lost), else the total; a zero part only when the
    total is hidden too and nothing else is left (a hidden zero can only be thought larger,
    never smaller, so it protects little)."""
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
        useful = [p for p in shown if values[p] and hidden_sum + values[p] > threshold]
        if useful:
            return min(useful, key=lambda p: (values[p], p))
        return total
    # The total is hidden alone: hide a part with it, preferring one that is not zero.
    return min(shown, key=lambda p: (values[p] == 0, values[p], p)) if shown else None
