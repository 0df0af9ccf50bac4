"""The proof of a suppression pattern: how far a reader can narrow each hidden cell.

For every hidden cell, two linear programmes (scipy's HiGHS): the smallest and the largest
value the cell can take, subject to every additive relation of the cube
(`Cube.constraints()`), with the shown cells fixed at their figures and every cell ≥ 0. The
pattern is safe when each hidden cell's range is wider than the threshold:
max − min > threshold (docs/disclosure-control.md). The tests run it on every pattern they
make, and on random cubes.

scipy is a development dependency: the audit proves the rule, the pages only apply it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from los.reporting.cube import Cube, Key


@dataclass(frozen=True)
class Range:
    cube: int  # which of the audited cubes (0 for a single cube)
    key: Key
    value: int
    low: float
    high: float  # float("inf") when nothing bounds the cell from above

    @property
    def width(self) -> float:
        return self.high - self.low


def feasible_ranges(
    cubes: Cube | Sequence[Cube], hidden: frozenset[Key], *, ordered: bool = False
) -> list[Range]:
    """Every hidden cell's feasible range. Several cubes are audited together (a rate's
    numerator and denominator); with `ordered`, the first cube's cells are at most the
    second's (a numerator never exceeds its denominator), which a reader knows too."""
    import numpy as np
    from scipy.optimize import linprog
    from scipy.sparse import coo_matrix

    cubes = [cubes] if isinstance(cubes, Cube) else list(cubes)
    variables: dict[tuple[int, Key], int] = {}
    for number, cube in enumerate(cubes):
        for key in sorted(cube.counts):
            if key in hidden:
                variables[(number, key)] = len(variables)
    rows: list[tuple[dict[int, float], float]] = []  # Σ coefficient·x = right-hand side
    for number, cube in enumerate(cubes):
        for total, parts in cube.constraints():
            coefficients: dict[int, float] = {}
            right = 0.0
            for cell, sign in [(total, 1.0)] + [(part, -1.0) for part in parts]:
                variable = variables.get((number, cell))
                if variable is None:
                    right -= sign * cube.counts[cell]
                else:
                    coefficients[variable] = coefficients.get(variable, 0.0) + sign
            if coefficients:
                rows.append((coefficients, right))
    inequalities: list[tuple[dict[int, float], float]] = []  # Σ coefficient·x ≤ rhs
    if ordered:
        smaller, larger = cubes[0], cubes[1]
        for key in smaller.counts:
            coefficients = {}
            right = 0.0
            for number, sign, cube in ((0, 1.0, smaller), (1, -1.0, larger)):
                variable = variables.get((number, key))
                if variable is None:
                    right -= sign * cube.counts[key]
                else:
                    coefficients[variable] = sign
            if coefficients:
                inequalities.append((coefficients, right))

    named = list(variables)  # variable → (cube, key)
    ranges = []
    for component in _components(len(variables), [c for c, _r in rows + inequalities]):
        local = {variable: i for i, variable in enumerate(component)}
        equality = _matrix(rows, local, coo_matrix)
        inequality = _matrix(inequalities, local, coo_matrix)
        for variable in component:
            objective = np.zeros(len(component))
            objective[local[variable]] = 1.0
            low = _solve(linprog, objective, equality, inequality)
            high = -_solve(linprog, -objective, equality, inequality)
            number, key = named[variable]
            ranges.append(Range(number, key, cubes[number].counts[key], low, high))
    return ranges


def unsafe(
    cubes: Cube | Sequence[Cube],
    hidden: frozenset[Key],
    threshold: int,
    *,
    ordered: bool = False,
) -> list[Range]:
    """The hidden cells a reader can narrow to `threshold` or less (empty: the pattern is
    safe)."""
    return [r for r in feasible_ranges(cubes, hidden, ordered=ordered) if r.width <= threshold]


def _components(count: int, relations: list[dict[int, float]]) -> list[list[int]]:
    """Variables that share no relation are independent: solve each group on its own."""
    parent = list(range(count))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for coefficients in relations:
        first, *rest = coefficients
        for other in rest:
            parent[find(other)] = find(first)
    groups: dict[int, list[int]] = {}
    for variable in range(count):
        groups.setdefault(find(variable), []).append(variable)
    return list(groups.values())


def _matrix(relations, local, coo_matrix):
    data, row_index, column_index, right = [], [], [], []
    for coefficients, rhs in relations:
        if not all(v in local for v in coefficients):
            continue
        for variable, coefficient in coefficients.items():
            data.append(coefficient)
            row_index.append(len(right))
            column_index.append(local[variable])
        right.append(rhs)
    if not right:
        return None
    return coo_matrix((data, (row_index, column_index)), shape=(len(right), len(local))), right


def _solve(linprog, objective, equality, inequality) -> float:
    result = linprog(
        objective,
        A_eq=equality[0] if equality else None,
        b_eq=equality[1] if equality else None,
        A_ub=inequality[0] if inequality else None,
        b_ub=inequality[1] if inequality else None,
        bounds=(0, None),
        method="highs",
    )
    if result.status == 3:  # unbounded: nothing limits the cell from above
        return float("-inf")
    if result.status != 0:
        raise ValueError(f"the audit's linear programme failed: {result.message}")
    return float(result.fun)
