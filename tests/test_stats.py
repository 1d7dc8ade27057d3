import math

import pytest

from indikatorbok import stats
from tests.conftest import RULES


class TestRoundHalfUp:
    @pytest.mark.parametrize(("value", "step", "expected"), [
        (20.5, 1, 21), (20.49, 1, 20), (0.5, 1, 1), (2.5, 1, 3), (74.5, 1, 75),
        (1849, 100, 1800), (1850, 100, 1900), (45, 10, 50),
    ])
    def test_halves_go_up(self, value, step, expected):
        assert stats.round_half_up(value, step) == expected

    def test_nan_stays_nan(self):
        assert math.isnan(stats.round_half_up(float("nan")))


class TestProportion:
    def test_percent_and_interval(self):
        p = RULES.proportion(33, 100)
        assert p.percent == 33
        lo, hi = p.confint()
        assert lo < 33 < hi

    def test_groups_under_50_are_not_shown(self):
        assert not RULES.proportion(10, 49).shown
        assert RULES.proportion(10, 50).shown

    def test_rejects_impossible_counts(self):
        with pytest.raises(ValueError):
            RULES.proportion(5, 4)


class TestCompareProportions:
    def test_small_group_is_never_compared(self):
        cmp = RULES.compare(RULES.proportion(40, 49), RULES.proportion(5, 500))
        assert not cmp.testable and cmp.direction == 0

    def test_clear_difference_is_significant(self):
        cmp = RULES.compare(RULES.proportion(420, 1000), RULES.proportion(310, 1000))
        assert cmp.significant and cmp.direction == 1

    def test_small_difference_is_not(self):
        cmp = RULES.compare(RULES.proportion(52, 100), RULES.proportion(50, 100))
        assert not cmp.significant and cmp.direction == 0
