"""1.3.1: a gender difference counts as recurring only if significant in the same direction
every year of the window."""

import math

import numpy as np
import pandas as pd
import pytest

from tests.conftest import RULES


@pytest.fixture(scope="module")
def ind(fk):
    return fk.module(fk.indicators_dir / "1.3.1.py")


def test_recurring_needs_the_same_significant_direction_every_year(ind):
    assert ind.recurring([1, 1, 1]) == 1
    assert ind.recurring([-1, -1, -1]) == 1
    assert ind.recurring([1, -1, 1]) == 0
    assert ind.recurring([1, 0, 1]) == 0
    assert ind.recurring([0, 0, 0]) == 0
    assert math.isnan(ind.recurring([1, None, 1]))


def _frame(women: list[float], men: list[float], column: str) -> pd.DataFrame:
    return pd.DataFrame({"sex": ["K"] * len(women) + ["M"] * len(men),
                         column: pd.array(women + men, dtype="Float64")})


def test_difference_in_shares_and_its_direction(ind):
    women, men = [1.0] * 300 + [0.0] * 700, [1.0] * 200 + [0.0] * 800
    assert ind.difference(_frame(women, men, "rejected"), "rejected", "share", RULES) == 1
    assert ind.difference(_frame(men, women, "rejected"), "rejected", "share", RULES) == -1
    assert ind.difference(_frame(women, women, "rejected"), "rejected", "share", RULES) == 0


def test_processing_time_uses_a_t_test(ind):
    rng = np.random.default_rng(1)
    women, men = list(rng.normal(70, 10, 500)), list(rng.normal(60, 10, 500))
    df = _frame(women, men, "processing_days")
    assert ind.difference(df, "processing_days", "mean", RULES) == 1


def test_a_key_figure_without_data_is_missing_not_no(ind):
    df = pd.DataFrame({"sex": ["K", "M"], "rejected": pd.array([None, None], dtype="Int64")})
    assert ind.difference(df, "rejected", "share", RULES) is None
