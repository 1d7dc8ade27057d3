"""What an intruder can work out from published figures, and the suppression that stops it.

Published figures are tied together: a table's cells add up to its totals, a share is a
count divided by its n, the same population is counted on several pages, and last year's
edition published some of this year's figures too. A withheld cell is protected only if
no combination of what is published pins it down. This module states those ties as linear
relations between cells (:class:`Sum`, :class:`Ratio`), finds each withheld cell's feasible
interval by linear programming (as statistical offices' audits do, e.g. tau-Argus'), and
chooses complementary suppression until no withheld cell can be worked out exactly.

A cell is any hashable key. Published cells are known within an interval (exactly, or
within half a rounding step); withheld cells are unknown and non-negative.

>>> table = {"K": 3, "M": 40, "T": 43}
>>> tie = [Sum("T", ("K", "M"))]
>>> exposed({"K"}, published(table, {"K"}), tie)  # 43 - 40
{'K': (3.0, 3.0)}
>>> sorted(protect(table, {"K"}, tie))  # the other part goes too
['K', 'M']
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass

Key = Hashable
Interval = tuple[float, float]


@dataclass(frozen=True)
class Sum:
    """``total`` equals the sum of ``parts``."""

    total: Key
    parts: tuple[Key, ...]

    @property
    def cells(self) -> tuple[Key, ...]:
        return (self.total, *self.parts)


@dataclass(frozen=True)
class Ratio:
    """``numerator`` is ``low`` to ``high`` percent of ``denominator`` (a share published
    rounded to whole percent: its value ± 0.5)."""

    numerator: Key
    denominator: Key
    low: float
    high: float

    @property
    def cells(self) -> tuple[Key, ...]:
        return (self.numerator, self.denominator)


@dataclass(frozen=True)
class Same:
    """Two cells count the same thing (one population on two pages, or two editions)."""

    a: Key
    b: Key

    @property
    def cells(self) -> tuple[Key, ...]:
        return (self.a, self.b)


@dataclass(frozen=True)
class ShareOf:
    """A published share (the cell ``share``, in percent) is ``numerator`` of
    ``denominator``: once the share is published, a :class:`Ratio` within its rounding."""

    share: Key
    numerator: Key
    denominator: Key

    @property
    def cells(self) -> tuple[Key, ...]:
        return (self.numerator, self.denominator)

    def ratio(self, value: float) -> Ratio:
        return Ratio(self.numerator, self.denominator, *share_bounds(value))


Relation = Sum | Ratio | Same | ShareOf


def as_dict(relation: Relation) -> dict:
    """A relation as JSON can hold it (cells as lists)."""
    if isinstance(relation, Sum):
        return {"sum": list(relation.total), "parts": [list(p) for p in relation.parts]}
    if isinstance(relation, Same):
        return {"same": [list(relation.a), list(relation.b)]}
    if isinstance(relation, ShareOf):
        return {"share": list(relation.share), "of": [list(relation.numerator),
                                                      list(relation.denominator)]}
    return {"ratio": [list(relation.numerator), list(relation.denominator)],
            "percent": [relation.low, relation.high]}


def from_dict(raw: dict) -> Relation:
    if "sum" in raw:
        return Sum(tuple(raw["sum"]), tuple(tuple(p) for p in raw["parts"]))
    if "same" in raw:
        return Same(*(tuple(c) for c in raw["same"]))
    if "share" in raw:
        return ShareOf(tuple(raw["share"]), *(tuple(c) for c in raw["of"]))
    return Ratio(*(tuple(c) for c in raw["ratio"]), *raw["percent"])


def share_bounds(value: float) -> tuple[float, float]:
    """The unrounded percentages a share published as ``value`` (whole percent, halves up)
    can stand for."""
    return max(value - 0.5, 0.0), min(value + 0.5, 100.0)


def published(values: Mapping[Key, float], hidden: Iterable[Key], rounding: int = 1
              ) -> dict[Key, Interval]:
    """What readers know of each cell that is shown: its value, within half a rounding
    step when counts are rounded."""
    hidden = set(hidden)
    half = rounding / 2 if rounding > 1 else 0.0
    return {k: (max(float(v) - half, 0.0), float(v) + half) for k, v in values.items()
            if k not in hidden and not math.isnan(float(v))}


def exposed(hidden: Iterable[Key], known: Mapping[Key, Interval],
            relations: Iterable[Relation]) -> dict[Key, Interval]:
    """The withheld cells whose value follows exactly from the published ones: key -> the
    interval an intruder can narrow it to (one whole number)."""
    return {k: interval for k, interval in feasible(hidden, known, relations).items()
            if exact(interval)}


def exact(interval: Interval) -> bool:
    """Whether an interval holds one whole number only (a count is pinned down)."""
    low, high = interval
    return not math.isinf(high) and math.floor(high + 1e-6) == math.ceil(low - 1e-6)


def feasible(hidden: Iterable[Key], known: Mapping[Key, Interval],
             relations: Iterable[Relation]) -> dict[Key, Interval]:
    """Each withheld cell's feasible interval given the published cells and the relations
    (unbounded above: ``inf``). Cells in no relation are unconstrained. Each group of
    cells tied together is solved on its own."""
    relations = [r for r in relations if not isinstance(r, ShareOf)]  # resolved: Ratio
    hidden = list(dict.fromkeys(hidden))
    return {key: interval for group, tied in _components(hidden, relations)
            for key, interval in _solve(group, set(hidden), known, tied)}


def _components(hidden: list[Key], relations: list[Relation]
                ) -> list[tuple[list[Key], list[Relation]]]:
    """The withheld cells grouped by the relations that tie them (directly or through
    other cells), each group with its relations."""
    by_cell: dict[Key, list[int]] = {}
    for n, r in enumerate(relations):
        for c in r.cells:
            by_cell.setdefault(c, []).append(n)
    seen_relations: set[int] = set()
    placed: set[Key] = set()
    out = []
    for start in hidden:
        if start in placed:
            continue
        cells, todo, tied = {start}, [start], []
        while todo:
            for n in by_cell.get(todo.pop(), ()):
                if n not in seen_relations:
                    seen_relations.add(n)
                    tied.append(relations[n])
                    new = set(relations[n].cells) - cells
                    cells |= new
                    todo += list(new)
        group = [k for k in hidden if k in cells]
        placed |= set(group)
        out.append((group, tied))
    return out


def _solve(targets: list[Key], hidden: set[Key], known: Mapping[Key, Interval],
           relations: list[Relation]) -> Iterator[tuple[Key, Interval]]:
    import numpy as np
    from scipy.optimize import linprog

    cells = list(dict.fromkeys([*targets, *(c for r in relations for c in r.cells)]))
    at = {k: i for i, k in enumerate(cells)}
    bounds = [(0.0, None) if k in hidden else known.get(k, (0.0, None)) for k in cells]
    eq_rows, ub_rows = [], []
    for r in relations:
        row = np.zeros(len(cells))
        if isinstance(r, Sum):
            row[at[r.total]] = 1.0
            for part in r.parts:
                row[at[part]] -= 1.0
            eq_rows.append(row)
        elif isinstance(r, Same):
            row[at[r.a]], row[at[r.b]] = 1.0, -1.0
            eq_rows.append(row)
        else:  # low% of denominator <= numerator <= high% of denominator
            upper = np.zeros(len(cells))
            upper[at[r.numerator]], upper[at[r.denominator]] = 1.0, -r.high / 100
            lower = np.zeros(len(cells))
            lower[at[r.numerator]], lower[at[r.denominator]] = -1.0, r.low / 100
            ub_rows += [upper, lower]
    constraints = {"A_eq": np.array(eq_rows) if eq_rows else None,
                   "b_eq": np.zeros(len(eq_rows)) if eq_rows else None,
                   "A_ub": np.array(ub_rows) if ub_rows else None,
                   "b_ub": np.zeros(len(ub_rows)) if ub_rows else None}
    for key in targets:
        objective = np.zeros(len(cells))
        objective[at[key]] = 1.0
        ends = []
        for sign in (1.0, -1.0):
            solved = linprog(sign * objective, bounds=bounds, method="highs", **constraints)
            if solved.status == 3:  # unbounded
                ends.append(math.inf if sign < 0 else 0.0)
            elif solved.status != 0:  # infeasible: the published figures contradict
                raise ValueError(f"the published figures around {key!r} are inconsistent "
                                 f"({solved.message})")
            else:
                ends.append(sign * solved.fun)
        yield key, (ends[0], ends[1])


def protect(values: Mapping[Key, float], primary: Iterable[Key],
            relations: Iterable[Relation], rounding: int = 1,
            known: Mapping[Key, Interval] | None = None,
            keep: Iterable[Key] = ()) -> dict[Key, Key | None]:
    """The cells to withhold: the ``primary`` ones and, one at a time, complementary cells
    until no withheld cell can be worked out exactly from the shown ones. A complement is
    the smallest shown cell (a non-zero one first) tied to an exposed cell; ``keep`` are
    never chosen (their value is published elsewhere already); ``known``: what is known
    of cells beside ``values`` (e.g. from another page). Returns each withheld cell and
    the cell it protects (None for a primary one).

    >>> values = {"K1": 2, "M1": 30, "T1": 32, "K2": 40, "M2": 50, "T2": 90,
    ...           "K": 42, "M": 80, "T": 122}
    >>> ties = [Sum("T1", ("K1", "M1")), Sum("T2", ("K2", "M2")), Sum("T", ("T1", "T2")),
    ...         Sum("K", ("K1", "K2")), Sum("M", ("M1", "M2"))]
    >>> sorted(protect(values, {"K1"}, ties))
    ['K1', 'K2', 'M1', 'M2']
    """
    relations = list(relations)
    keep = set(keep)
    totals = {r.total for r in relations if isinstance(r, Sum)}
    withheld: dict[Key, Key | None] = {k: None for k in primary}
    while True:
        shown = {**(known or {}), **published(values, withheld, rounding)}
        found = exposed(withheld, shown, relations)
        if not found:
            return withheld
        # The smallest shown cell tied to an exposed one: inner cells before totals,
        # non-zero before zero (a withheld zero protects nothing).
        ties = {c: target for target in found for r in relations if target in r.cells
                for c in r.cells}
        candidates = [c for c in ties if c not in withheld and c not in keep and c in values]
        if not candidates:
            raise ValueError(f"cells {', '.join(map(repr, found))} cannot be protected: every "
                             f"cell tied to them is withheld or published elsewhere")
        chosen = min(candidates, key=lambda c: (c in totals, values[c] == 0, values[c],
                                                str(c)))
        withheld[chosen] = ties[chosen]
