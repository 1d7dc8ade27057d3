"""Statistics used by the indicators: rounding as the report rounds, proportions, group tests,
under a programme's disclosure rules (:class:`Rules`).

A group with fewer than ``min_group`` respondents is never shown or compared;
:meth:`Rules.proportion` and :meth:`Rules.compare` enforce it. Register tables also withhold
small cells (fewer than ``min_cell`` persons or cases), and as many other cells as it takes
for none of them to follow from a published total: :meth:`Rules.withheld_cells`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import cache

import pandas as pd


def round_half_up(value: float, step: float = 1) -> float:
    """Round to the nearest multiple of ``step``, halves away from zero (as the report does).

    >>> round_half_up(20.5), round_half_up(1849, 100), round_half_up(1850, 100)
    (21.0, 1800.0, 1900.0)
    """
    if value is None or math.isnan(value):
        return float("nan")
    d = Decimal(repr(float(value))) / Decimal(repr(float(step)))
    return float(d.quantize(Decimal(1), rounding=ROUND_HALF_UP) * Decimal(repr(float(step))))


@dataclass(frozen=True)
class Proportion:
    """A share of ``n`` respondents, in percent; not shown when n < ``min_group`` or, in a
    register table, when its cells are withheld (see :meth:`Rules.withheld_shares`)."""

    successes: int
    n: int
    withheld: bool = False
    min_group: int = 1

    @property
    def shown(self) -> bool:
        return self.n >= self.min_group and not self.withheld

    @property
    def too_few(self) -> bool:
        """Not shown because the group is under the smallest group shown."""
        return self.n < self.min_group

    @property
    def percent(self) -> float:
        return 100.0 * self.successes / self.n if self.n else float("nan")

    @property
    def rounded(self) -> float:
        """The share as published: whole percent, halves up."""
        return round_half_up(self.percent)

    def confint(self, alpha: float = 0.05) -> tuple[float, float]:
        """Wilson interval in percent."""
        from statsmodels.stats.proportion import proportion_confint  # slow import: on use

        lo, hi = proportion_confint(self.successes, self.n, alpha=alpha, method="wilson")
        return 100.0 * lo, 100.0 * hi


@dataclass(frozen=True)
class Comparison:
    """Two-proportion z-test of ``a`` against ``b``; ``significant`` is False when not testable."""

    a: Proportion
    b: Proportion
    p_value: float | None
    alpha: float
    statistic: float | None = None  # z

    @property
    def testable(self) -> bool:
        return self.p_value is not None

    @property
    def significant(self) -> bool:
        return self.p_value is not None and self.p_value < self.alpha

    @property
    def direction(self) -> int:
        """+1 if ``a`` is significantly higher than ``b``, -1 if lower, 0 otherwise."""
        if not self.significant:
            return 0
        return 1 if self.a.percent > self.b.percent else -1


@dataclass(frozen=True)
class Moments:
    """What a test of means needs of a group's values: how many, their mean and their
    sample variance (``n - 1`` in the denominator). A register's are computed where its
    rows are (e.g. ``count(x), avg(x), var_samp(x)`` in SQL), so its rows never need to be
    in memory.

    >>> Moments.of([1, 2, 3, 6])
    Moments(n=4, mean=3.0, variance=4.666666666666667)
    """

    n: int
    mean: float
    variance: float

    @staticmethod
    def of(values) -> Moments:
        """The moments of ``values`` (returned as they are if already moments)."""
        if isinstance(values, Moments):
            return values
        values = pd.Series(values, dtype=float)  # a missing value: no mean (NaN), no test
        return Moments(len(values), float(values.mean(skipna=False)),
                       float(values.var(skipna=False)))


@dataclass(frozen=True)
class Rules:
    """A programme's disclosure rules and significance level, applied to counts and shares.

    >>> rules = Rules(min_group=50, min_cell=5, alpha=0.05)
    >>> rules.proportion(10, 49).shown, rules.proportion(10, 50).shown
    (False, True)
    """

    min_group: int
    min_cell: int
    alpha: float

    @staticmethod
    def of(policy) -> Rules:
        return _rules(policy.min_group, policy.min_cell, policy.alpha)

    @property
    def level(self) -> int:
        """The confidence level of intervals, in percent (95 at the significance level
        0.05)."""
        return round((1 - self.alpha) * 100)

    def proportion(self, successes: int, n: int) -> Proportion:
        if successes < 0 or n < 0 or successes > n:
            raise ValueError(f"invalid proportion {successes}/{n}")
        return Proportion(int(successes), int(n), min_group=self.min_group)

    def compare(self, a: Proportion, b: Proportion) -> Comparison:
        """Compare two groups, only when both are shown."""
        if not (a.shown and b.shown):
            return Comparison(a, b, None, self.alpha)
        if a.successes + b.successes in (0, a.n + b.n):  # no variation: no evidence
            return Comparison(a, b, 1.0, self.alpha)
        from statsmodels.stats.proportion import proportions_ztest  # slow import: on use

        z, p = proportions_ztest([a.successes, b.successes], [a.n, b.n])
        return Comparison(a, b, float(p), self.alpha, float(z))

    def count_cell(self, n: int) -> tuple:
        """A register count as a tidy cell (value, n, withheld): withheld when 1 to
        ``min_cell - 1``."""
        return (float("nan"), None, True) if 0 < n < self.min_cell else (float(n), None)

    def welch(self, a, b) -> tuple[float, float] | None:
        """Welch's t-test of two groups (their values, or their :class:`Moments`): (t, p);
        None when a group is under the smallest group shown (never tested). Without spread
        in either group the means are the values: p is 1 when they are equal, else 0."""
        a, b = Moments.of(a), Moments.of(b)
        if min(a.n, b.n) < self.min_group:
            return None
        if a.variance == 0 and b.variance == 0:
            return (0.0, 1.0) if a.mean == b.mean else (math.inf, 0.0)
        from scipy import stats as sps

        test = sps.ttest_ind_from_stats(a.mean, math.sqrt(a.variance), a.n,
                                        b.mean, math.sqrt(b.variance), b.n, equal_var=False)
        return float(test.statistic), float(test.pvalue)

    def compare_means(self, a, b) -> int | None:
        """:meth:`welch` as a direction: +1 if ``a``'s mean is significantly higher, -1 if
        lower, 0 if the difference is not significant, None when not tested."""
        a, b = Moments.of(a), Moments.of(b)
        tested = self.welch(a, b)
        if tested is None:
            return None
        if not tested[1] < self.alpha:
            return 0
        return 1 if a.mean > b.mean else -1

    def withheld_cells(self, counts: pd.DataFrame, column_totals: bool = False
                       ) -> pd.DataFrame:
        """Which cells of a table of register counts to withhold (True).

        Each row adds up to a published total (and each column too, when
        ``column_totals``). Primary suppression: cells of 1 to ``min_cell - 1``. Secondary
        suppression: a row or column with exactly one withheld cell would give it away by
        subtraction from its total, so its smallest other cell (a non-zero one when there
        is one) is withheld too, until no row or column has exactly one.

        >>> t = pd.DataFrame({"a": [2, 40], "b": [30, 50], "c": [60, 70]})
        >>> rules = Rules(min_group=50, min_cell=5, alpha=0.05)
        >>> rules.withheld_cells(t).to_numpy().tolist()  # 2 is small; 30 the row's smallest
        [[True, True, False], [False, False, False]]
        >>> int(rules.withheld_cells(t, column_totals=True).to_numpy().sum())  # and 40, 50
        4
        """
        values = counts.to_numpy(dtype=float)
        mask = (values > 0) & (values < self.min_cell)
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

    def register_proportion(self, successes: int, n: int) -> Proportion:
        """A share of a register's persons or cases: withheld when it or its complement is
        a small cell (the complement follows from the share and n)."""
        return self.withheld_shares({0: self.proportion(successes, n)})[0]

    def withheld_shares(self, props: dict, column_totals: bool = False) -> dict:
        """Register shares (:class:`Proportion` by key) with ``withheld`` set where the
        share, or the number of persons or cases without the trait, is a withheld cell of
        the table (one row per share: successes and the rest). ``column_totals``: the
        shares partition a published total (e.g. women and men, beside a share for all)."""
        if not props:
            return {}
        table = pd.DataFrame({"ja": [p.successes for p in props.values()],
                              "nej": [p.n - p.successes for p in props.values()]},
                             index=list(props))
        hidden = self.withheld_cells(table, column_totals).any(axis=1)
        return {k: replace(p, withheld=p.withheld or bool(hidden[k])) for k, p in props.items()}


    def complement_groups(self, props: dict) -> dict:
        """Groups that partition a shown total (:class:`Proportion` by key), with
        ``withheld`` set so that no group that is not shown (too small, or withheld) can be
        recovered from the total and the other groups: when exactly one group is not shown,
        the smallest shown one is withheld too (both groups, when there are two).

        >>> rules = Rules(min_group=50, min_cell=5, alpha=0.05)
        >>> out = rules.complement_groups({"K": Proportion(130, 189, min_group=50),
        ...                                "M": Proportion(35, 42, min_group=50)})
        >>> [(k, p.shown, p.withheld) for k, p in out.items()]
        [('K', False, True), ('M', False, False)]
        """
        hidden = [k for k, p in props.items() if p.n > 0 and not p.shown]
        shown = [k for k, p in props.items() if p.shown]
        if len(hidden) != 1 or not shown:
            return props
        smallest = min(shown, key=lambda k: (props[k].n, str(k)))
        return {k: replace(p, withheld=True) if k == smallest else p for k, p in props.items()}

    def withheld_mean_groups(self, ns: dict) -> set:
        """The groups of a survey mean (n by key, partitioning a shown total) not to show:
        those under the smallest group shown and, as for shares, a complement."""
        props = self.complement_groups({k: Proportion(0, n, min_group=self.min_group)
                                        for k, n in ns.items()})
        return {k for k, p in props.items() if not p.shown}


@cache
def _rules(min_group: int, min_cell: int, alpha: float) -> Rules:
    return Rules(min_group, min_cell, alpha)


def calibrate(n: int, targets: dict[str, float | None]) -> dict[str, int]:
    """Counts of mutually exclusive categories summing to ``n`` whose shares round (half up,
    to whole percent) to the targets. ``None`` marks the category that takes the remainder.

    >>> calibrate(4000, {"equal": 20, "man": 5, "woman": 74})
    {'equal': 814, 'man': 213, 'woman': 2973}
    """
    half = Fraction(1, 2)
    bounds = {}
    for key, t in targets.items():
        if t is None:
            bounds[key] = (0, n)
        else:  # k/n*100 rounds half up to t  <=>  t - 1/2 <= 100k/n < t + 1/2
            t = Fraction(int(round_half_up(t)))
            bounds[key] = (math.ceil((t - half) * n / 100), math.ceil((t + half) * n / 100) - 1)
    counts = {k: (lo + hi) // 2 if targets[k] is not None else lo
              for k, (lo, hi) in bounds.items()}
    free = [k for k, t in targets.items() if t is None]
    if free:
        counts[free[0]] = n - sum(v for k, v in counts.items() if k != free[0])
    diff = n - sum(counts.values())
    movable = [k for k in bounds if targets[k] is not None] or list(bounds)
    while diff:  # spread the rest one at a time, each category within its interval
        moved = False
        for key in movable:
            lo, hi = bounds[key]
            step = 1 if diff > 0 else -1
            if diff and lo <= counts[key] + step <= hi:
                counts[key] += step
                diff -= step
                moved = True
        if not moved:
            break
    if diff or any(not lo <= counts[k] <= hi for k, (lo, hi) in bounds.items()):
        raise ValueError(f"no counts of {n} round to {targets}")
    return counts
