"""1.3.1: a gender difference counts as recurring only if significant in the same direction
every year of the window."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indikatorbok import scan
from tests.conftest import RULES


@pytest.fixture(scope="module")
def ind(fk):
    return fk.module(fk.kinds_dir / "recurring_difference.py")


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


def difference_of(ind, df: pd.DataFrame, column: str, kind: str):
    """The difference as the kind finds it: summarised in SQL, then tested."""
    summary = scan.from_frame(df.assign(benefit="b")).df(ind.summary_query("sex", [column]))
    found, test = ind.difference(*(ind.group(summary, "b", s, column) for s in ("K", "M")),
                                 kind, RULES)
    assert (found is None) == (test is None)
    return found, test


def direction(ind, df: pd.DataFrame, column: str, kind: str) -> int | None:
    return difference_of(ind, df, column, kind)[0]


def test_difference_in_shares_and_its_direction(ind):
    women, men = [1.0] * 300 + [0.0] * 700, [1.0] * 200 + [0.0] * 800
    assert direction(ind, _frame(women, men, "rejected"), "rejected", "share") == 1
    assert direction(ind, _frame(men, women, "rejected"), "rejected", "share") == -1
    assert direction(ind, _frame(women, women, "rejected"), "rejected", "share") == 0


def test_processing_time_uses_a_t_test(ind):
    rng = np.random.default_rng(1)
    women, men = list(rng.normal(70, 10, 500)), list(rng.normal(60, 10, 500))
    df = _frame(women, men, "processing_days")
    assert direction(ind, df, "processing_days", "mean") == 1
    _, test = difference_of(ind, df, "processing_days", "mean")
    assert test.name == "Welchs t-test" and test.n == (500, 500) and test.statistic > 0


def test_a_key_figure_without_data_is_missing_not_no(ind):
    df = pd.DataFrame({"sex": ["K", "M"], "rejected": pd.array([None, None], dtype="Int64")})
    assert direction(ind, df, "rejected", "share") is None


def test_groups_under_the_minimum_are_never_tested(ind):
    """Two women against two men: no test, a missing value (not "Nej")."""
    df = _frame([10.0, 90.0], [100.0, 120.0], "processing_days")
    assert direction(ind, df, "processing_days", "mean") is None
    assert direction(ind, _frame([1.0, 1.0], [0.0, 0.0], "rejected"), "rejected",
                     "share") is None
    assert math.isnan(ind.recurring([1, None, 1]))


def test_a_benefit_with_few_decisions_shows_no_count_and_no_test(fk):
    """A benefit with four decisions a year: its counts are withheld, its key figures not
    tested (shown as missing)."""
    from tests.conftest import analysis_on

    def year(y):
        rng = np.random.default_rng(y)
        n = 400
        big = pd.DataFrame({
            "benefit": "sjukpenning", "sex": rng.choice(["K", "M"], n),
            "processing_days": rng.normal(60, 10, n),
            "changed_after_reconsideration": rng.integers(0, 2, n),
            "incorrect_payment_agency": rng.integers(0, 2, n),
            "rejected": rng.integers(0, 2, n)})
        small = pd.DataFrame({"benefit": "bostadsbidrag", "sex": ["K", "K", "M", "M"],
                              "processing_days": [10.0, 90.0, 100.0, 120.0],
                              "changed_after_reconsideration": [1, 1, 0, 0],
                              "incorrect_payment_agency": [0, 0, 0, 0],
                              "rejected": [1, 1, 0, 0]})
        return pd.concat([big, small], ignore_index=True)

    source = fk.catalog["1.3.1"].parts[0].parameters["source"]
    analysis = analysis_on(fk, "1.3.1", {f"scan:{source}": {
        y: scan.from_frame(year(y)) for y in (2022, 2023, 2024)}}, year=2024)
    result = analysis.result()
    assert math.isnan(result.value("bostadsbidrag_beslut", 2024))
    flags = result.tidy[(result.tidy.series_key == "bostadsbidrag")]
    assert len(flags) and flags.value.isna().all()


values = st.lists(st.one_of(st.none(), st.integers(0, 400)), max_size=120)


@settings(max_examples=60, deadline=None)
@given(women=values, men=values)
def test_tested_in_the_register_as_on_the_rows(ind, women, men):
    """Summarised in SQL (count, sum, variance), a key figure gets the same test as on its
    rows in memory: groups at and under the minimum, ties, zeros and missing values."""
    rules = RULES.__class__(min_group=3, min_cell=5, alpha=0.05)
    df = pd.DataFrame({"sex": ["K"] * len(women) + ["M"] * len(men),
                       "processing_days": pd.array(women + men, dtype="Int64")})
    summary = scan.from_frame(df.assign(benefit="b")).df(
        ind.summary_query("sex", ["processing_days"]))
    moments = [ind.group(summary, "b", s, "processing_days") for s in ("K", "M")]
    rows = [df.loc[df.sex == s, "processing_days"].dropna().astype(float) for s in ("K", "M")]
    assert [m.n for m in moments] == [len(r) for r in rows]
    on_rows, in_register = rules.welch(*rows), rules.welch(*moments)
    assert (on_rows is None) == (in_register is None)
    if on_rows is not None:
        assert on_rows == pytest.approx(in_register, rel=1e-6, abs=1e-9, nan_ok=True)
        assert rules.compare_means(*rows) == rules.compare_means(*moments)
