"""Statistics used by the indicators: rounding as the report rounds, proportions, group tests.

The report's rule is that a group with fewer than ``MIN_GROUP`` respondents is never shown
or compared; :func:`proportion` and :func:`compare_proportions` enforce it. Register tables
also withhold small cells (fewer than ``MIN_CELL`` persons or cases), and as many other
cells as it takes for none of them to follow from a published total: :func:`withheld_cells`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

MIN_GROUP = 50
MIN_CELL = 5  # register cells of 1 to 4 persons or cases are withheld
ALPHA = 0.05


def round_half_up(value: float, step: float = 1) -> float:
    """Round to the nearest multiple of ``step``, halves away from zero (as the report does).

    >>> round_half_up(20.5), round_half_up(1849, 100), round_half_up(1850, 100)
    (21.0, 1800.0, 1900.0)
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return float("nan")
    d = Decimal(repr(value)) / Decimal(repr(step))
    return float(d.quantize(Decimal(1), rounding=ROUND_HALF_UP) * Decimal(repr(step)))


@dataclass(frozen=True)
class Proportion:
    """A share of ``n`` respondents, in percent; not shown when n < 50 or, in a register
    table, when its cells are withheld (see :func:`withheld_shares`)."""

    successes: int
    n: int
    withheld: bool = False

    @property
    def shown(self) -> bool:
        return self.n >= MIN_GROUP and not self.withheld

    @property
    def percent(self) -> float:
        return 100.0 * self.successes / self.n if self.n else float("nan")

    @property
    def rounded(self) -> float:
        """The share as published: whole percent, halves up."""
        return round_half_up(self.percent)

    def confint(self, alpha: float = ALPHA) -> tuple[float, float]:
        """Wilson interval in percent."""
        from statsmodels.stats.proportion import proportion_confint  # slow import: on use

        lo, hi = proportion_confint(self.successes, self.n, alpha=alpha, method="wilson")
        return 100.0 * lo, 100.0 * hi


def proportion(successes: int, n: int) -> Proportion:
    if successes < 0 or n < 0 or successes > n:
        raise ValueError(f"invalid proportion {successes}/{n}")
    return Proportion(int(successes), int(n))


@dataclass(frozen=True)
class Comparison:
    """Two-proportion z-test of ``a`` against ``b``; ``significant`` is False when not testable."""

    a: Proportion
    b: Proportion
    p_value: float | None

    @property
    def testable(self) -> bool:
        return self.p_value is not None

    @property
    def significant(self) -> bool:
        return self.p_value is not None and self.p_value < ALPHA

    @property
    def direction(self) -> int:
        """+1 if ``a`` is significantly higher than ``b``, -1 if lower, 0 otherwise."""
        if not self.significant:
            return 0
        return 1 if self.a.percent > self.b.percent else -1


def compare_proportions(a: Proportion, b: Proportion) -> Comparison:
    """Compare two groups, only when both have at least ``MIN_GROUP`` respondents."""
    if not (a.shown and b.shown):
        return Comparison(a, b, None)
    if a.successes + b.successes in (0, a.n + b.n):  # no variation: no evidence of a difference
        return Comparison(a, b, 1.0)
    from statsmodels.stats.proportion import proportions_ztest  # slow import: on use

    _, p = proportions_ztest([a.successes, b.successes], [a.n, b.n])
    return Comparison(a, b, float(p))


def withheld_cells(counts: pd.DataFrame, column_totals: bool = False) -> pd.DataFrame:
    """Which cells of a table of register counts to withhold (True).

    Each row adds up to a published total (and each column too, when ``column_totals``).
    Primary suppression: cells of 1 to ``MIN_CELL - 1``. Secondary suppression: a row or
    column with exactly one withheld cell would give it away by subtraction from its
    total, so its smallest other cell (a non-zero one when there is one) is withheld too,
    until no row or column has exactly one.

    >>> t = pd.DataFrame({"a": [2, 40], "b": [30, 50], "c": [60, 70]})
    >>> withheld_cells(t).to_numpy().tolist()  # 2 is small; 30 is the row's smallest other
    [[True, True, False], [False, False, False]]
    >>> int(withheld_cells(t, column_totals=True).to_numpy().sum())  # and 40, 50 in row two
    4
    """
    values = counts.to_numpy(dtype=float)
    mask = (values > 0) & (values < MIN_CELL)
    lines = [*(("row", i) for i in range(values.shape[0])),
             *((("col", j) for j in range(values.shape[1])) if column_totals else ())]
    changed = True
    while changed:
        changed = False
        for kind, i in lines:
            cells = mask[i] if kind == "row" else mask[:, i]
            if cells.sum() != 1:
                continue
            line = values[i] if kind == "row" else values[:, i]
            # Smallest other cell, non-zero ones first (a withheld zero protects nothing).
            order = sorted((v == 0, v, j) for j, v in enumerate(line) if not cells[j])
            if not order:
                continue  # no other cell in the line
            j = order[0][2]
            if kind == "row":
                mask[i, j] = True
            else:
                mask[j, i] = True
            changed = True
    return pd.DataFrame(mask, index=counts.index, columns=counts.columns)


def register_proportion(successes: int, n: int) -> Proportion:
    """A share of a register's persons or cases: withheld when it or its complement is a
    small cell (the complement follows from the share and n)."""
    return withheld_shares({0: proportion(successes, n)})[0]


def withheld_shares(props: dict, column_totals: bool = False) -> dict:
    """Register shares (:class:`Proportion` by key) with ``withheld`` set where the share,
    or the number of persons or cases without the trait, is a withheld cell of the table
    (one row per share: successes and the rest). ``column_totals``: the shares partition a
    published total (e.g. women and men, beside a share for all)."""
    if not props:
        return {}
    table = pd.DataFrame({"ja": [p.successes for p in props.values()],
                          "nej": [p.n - p.successes for p in props.values()]},
                         index=list(props))
    hidden = withheld_cells(table, column_totals).any(axis=1)
    return {k: replace(p, withheld=p.withheld or bool(hidden[k])) for k, p in props.items()}
