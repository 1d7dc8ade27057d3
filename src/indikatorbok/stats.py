"""Statistics used by the indicators: rounding as the report rounds, proportions, group tests.

The report's rule is that a group with fewer than ``MIN_GROUP`` respondents is never shown
or compared; :func:`proportion` and :func:`compare_proportions` enforce it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

MIN_GROUP = 50
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
    """A share of ``n`` respondents, in percent; ``None`` values when suppressed (n < 50)."""

    successes: int
    n: int

    @property
    def shown(self) -> bool:
        return self.n >= MIN_GROUP

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
