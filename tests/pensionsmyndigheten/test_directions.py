"""Pensionsmyndigheten's synthetic data hold every direction the plan and the agency's
earlier reporting state (the levels themselves are assumptions; see the programme's
README)."""

from __future__ import annotations

import pandas as pd
import pytest

from indikatorbok import builders

NAME, YEARS = "pensionsmyndigheten", (2015, 2016, 2017, 2018)


@pytest.fixture(scope="module")
def data(synthetic):
    return synthetic(NAME, "default")  # shares do not depend on the registers' volume


def compute(indicator: str, year: int, data):
    return builders.compute(indicator, year, data, NAME)


@pytest.mark.parametrize("year", YEARS)
def test_more_men_than_women_are_registered_on_minpension(data, year):
    assert compute("2.1.2", year, data).value("kvinnor", year) < 50


@pytest.mark.parametrize("year", YEARS)
def test_the_agency_meets_more_women_than_men(data, year):
    assert compute("2.2.1", year, data).value("kvinnor", year) > 50


@pytest.mark.parametrize("year", YEARS)
def test_four_times_as_many_women_as_men_hit_by_housing_supplement_delays(data, year):
    df = pd.read_csv(data / str(year) / "case_processing.csv",
                     parse_dates=["received", "decided"])
    late = df[(df.benefit == "bostadstillagg")
              & (((df.decided - df.received).dt.days > df.target_days)
                 | (df.paid_on_time == 0))]
    women, men = (late.sex == "K").sum(), (late.sex == "M").sum()
    assert 3.5 < women / men < 4.5
    result = compute("1.2.1", year, data)
    assert result.value("urval_kvinnor_bostadstillagg", year) == pytest.approx(
        100 * women / (women + men), abs=0.5)


@pytest.mark.parametrize("indicator", ["1.1.1", "1.1.2"])
@pytest.mark.parametrize("year", YEARS)
def test_no_difference_by_sex_in_reconsiderations_and_appeals(data, indicator, year):
    narrative = compute(indicator, year, data).narrative
    assert any(p.startswith("Det finns ingen statistiskt säkerställd skillnad mellan "
                            "kvinnor") for p in narrative), narrative
