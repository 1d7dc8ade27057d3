"""Pensionsmyndigheten's indicators on small hand-made extracts with known answers: the
satisfaction index (NKI), a share of decisions changed to the individual's favour, a sex
distribution against the population it should reach, cases past their target, and
complaints over categories."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from indikatorbok import programme
from tests.conftest import analysis_on

YEAR = 2018


@pytest.fixture(scope="module")
def pm() -> programme.Programme:
    return programme.load("pensionsmyndigheten")


def rows(n: int, **columns) -> list[dict]:
    return [dict(columns) for _ in range(n)]


def run(pm, indicator: str, frames: dict[str, pd.DataFrame]):
    return analysis_on(pm, indicator, {s: {YEAR: df} for s, df in frames.items()}).result()


# --------------------------------------------------------------------------- NKI (3.2.1)

def satisfaction(women_high=30, women_low=30, men=60) -> pd.DataFrame:
    """Women: half answer 10 on every item (index 100), half 1 (index 0): mean 50. Men: 10,
    10 and 1 (index 66.7 each). Ignored: other channels and incomplete answers."""
    df = pd.DataFrame(
        rows(women_high, sex="K", overall=10, expectations=10, ideal=10)
        + rows(women_low, sex="K", overall=1, expectations=1, ideal=1)
        + rows(men, sex="M", overall=10, expectations=10, ideal=1)
        + rows(7, sex="K", overall=10, expectations=None, ideal=10)        # incomplete
        + [dict(r, channel="kundservice_telefon") for r in rows(40, sex="M", overall=1,
                                                                  expectations=1, ideal=1)])
    df["channel"] = df.get("channel").fillna("webb")
    df["respondent_id"] = [f"r{i}" for i in range(len(df))]
    return df


def test_nki_is_the_mean_index_with_interval_and_test(pm):
    result = run(pm, "3.2.1", {"customer_satisfaction": satisfaction()})
    assert result.value("index", YEAR, "K") == 50
    assert result.value("index", YEAR, "M") == 67
    assert result.value("index", YEAR) == 58  # (60 x 50 + 60 x 66.7) / 120
    n = result.tidy.set_index(["series_key", "group_key"]).loc[("index", ""), "n"]
    assert int(n) == 120
    # Women's interval: 50 +/- t(59) x 50.4 / sqrt(60); men answer alike (no spread).
    half = 2.0010 * 50.4219 / math.sqrt(60)
    assert result.value("nedre", YEAR, "K") == 37 == round(50 - half)
    assert result.value("ovre", YEAR, "K") == 63 == round(50 + half)
    assert result.value("nedre", YEAR, "M") == result.value("ovre", YEAR, "M") == 67
    # Significant (Welch's t-test): said without qualification, as for shares.
    assert "Indexet är högre bland män (67) än bland kvinnor (50)." in result.narrative


def test_nki_group_under_the_minimum_is_neither_shown_nor_compared(pm):
    """Men are too few; women are withheld too, or the men's index would follow from the
    total and the women's (both n are published)."""
    result = run(pm, "3.2.1", {"customer_satisfaction": satisfaction(men=49)})
    assert math.isnan(result.value("index", YEAR, "M"))
    assert math.isnan(result.value("index", YEAR, "K"))
    assert result.value("index", YEAR) == 57  # (60 x 50 + 49 x 66.7) / 109 = 57.5
    assert not any("högre bland" in p for p in result.narrative)


# --------------------------------------------------------------------------- 1.1.1

def reconsiderations(women_changed=12, women=60, men_changed=30, men=60) -> pd.DataFrame:
    df = pd.DataFrame(
        rows(women_changed, sex="K", changed_in_favour=1)
        + rows(women - women_changed, sex="K", changed_in_favour=0)
        + rows(men_changed, sex="M", changed_in_favour=1)
        + rows(men - men_changed, sex="M", changed_in_favour=0)
        + rows(30, sex="K", changed_in_favour=1, procedure="overklagande"))  # not counted
    df["procedure"] = df.get("procedure").fillna("omprovning")
    df["benefit"] = "bostadstillagg"
    df["case_id"] = [f"c{i}" for i in range(len(df))]
    return df


def test_share_of_reconsiderations_changed_in_favour(pm):
    result = run(pm, "1.1.1", {"reconsidered_decisions": reconsiderations()})
    assert result.value("andel", YEAR, "K") == 20  # 12 of 60
    assert result.value("andel", YEAR, "M") == 50  # 30 of 60
    assert result.value("andel", YEAR) == 35       # 42 of 120; appeals are another indicator
    assert "Andelen är högre bland män (50 procent) än bland kvinnor (20 procent)." in \
        result.narrative  # significant: 12 of 60 against 30 of 60


def test_small_register_cells_are_withheld_with_their_complement(pm):
    result = run(pm, "1.1.1", {"reconsidered_decisions": reconsiderations(
        women_changed=3, women=60)})
    assert math.isnan(result.value("andel", YEAR, "K"))   # 3 changed: a cell under 5
    # Men's share would give the women's away through the total: withheld too.
    assert math.isnan(result.value("andel", YEAR, "M"))
    assert result.value("andel", YEAR) == 28               # 33 of 120
    assert not any("högre bland" in p for p in result.narrative)


# --------------------------------------------------------------------------- 2.2.1

def test_attendees_against_the_population_they_should_reach(pm):
    meetings = pd.DataFrame({
        "meeting_id": ["m1", "m2", "m3"], "kind": ["informationstraff", "arbetsplatstraff",
                                                   "informationstraff"],
        "target_group": [None, None, None],
        "date": pd.to_datetime(["2018-03-01", "2018-04-01", "2018-05-01"]),
        "attendees_women": [40, 20, 50], "attendees_men": [20, 40, 50]})
    population = pd.DataFrame({
        "population": ["pensionssparare_18_65"] * 2 + ["pensionsratt"] * 2,
        "sex": ["K", "M", "K", "M"], "age_group": ["30-44"] * 4,
        "persons": [4_800, 5_200, 1_000, 9_000]})
    result = run(pm, "2.2.1", {"information_meetings": meetings,
                               "reference_population": population})
    assert result.value("antal", YEAR) == 220
    assert result.value("antal", YEAR, "K") == 110
    assert result.value("kvinnor", YEAR) == 50            # 110 of 220 attendees
    assert result.value("referens_kvinnor", YEAR) == 48   # 4 800 of 10 000 savers
    assert result.value("kvinnor_informationstraff", YEAR) == 56  # 90 of 160
    assert result.value("kvinnor_arbetsplatstraff", YEAR) == 33   # 20 of 60
    assert any("2 procentenheter lägre" in p for p in result.narrative)


# --------------------------------------------------------------------------- 1.2.1

def test_women_among_cases_past_their_target(pm):
    decided = pd.Timestamp("2018-06-30")
    df = pd.DataFrame(
        rows(40, sex="K", days=90) + rows(10, sex="M", days=90)      # late: 80 % women
        + rows(60, sex="K", days=20) + rows(90, sex="M", days=20)    # on time
        + rows(10, sex="M", days=20, paid_on_time=0))                # paid late: late too
    df["benefit"] = "bostadstillagg"
    df["target_days"] = 60
    df["decided"] = decided
    df["received"] = decided - pd.to_timedelta(df.pop("days"), unit="D")
    df["paid_on_time"] = df["paid_on_time"].fillna(1).astype("Int64")
    df["case_id"] = [f"h{i}" for i in range(len(df))]
    result = run(pm, "1.2.1", {"case_processing": df})
    assert result.value("antal", YEAR) == 210
    assert result.value("kvinnor", YEAR) == 48           # 100 of 210
    assert result.value("urval_antal", YEAR) == 60       # 50 past 60 days, 10 paid late
    assert result.value("urval_kvinnor", YEAR) == 67     # 40 of 60
    assert result.value("urval_kvinnor_bostadstillagg", YEAR) == 67


# --------------------------------------------------------------------------- 3.3.1

def test_complaints_over_categories_by_sex(pm):
    df = pd.DataFrame(
        rows(45, sex="K", category="handlaggningstid") + rows(15, sex="K", category="bemotande")
        + rows(15, sex="M", category="handlaggningstid") + rows(45, sex="M", category="bemotande")
        + rows(3, sex=None, category="bemotande"))  # sex unknown: not in the division
    df["complaint_id"] = [f"k{i}" for i in range(len(df))]
    df["received"] = pd.Timestamp("2018-02-01")
    result = run(pm, "3.3.1", {"customer_complaints": df})
    assert result.value("antal", YEAR, "K") == 60
    assert result.value("andel_handlaggningstid", YEAR, "K") == 75
    assert result.value("andel_bemotande", YEAR, "M") == 75
    assert any("skiljer sig statistiskt säkerställt" in p for p in result.narrative)


# --------------------------------------------------------------------------- 4.1.1

def test_tables_leave_out_years_without_a_measurement(pm):
    """The course was followed 2015-2016: the 2018 page's tables have those years only, and
    a note says there were no measurements after."""
    from indikatorbok import report

    def course(year: int, n: int) -> pd.DataFrame:
        return pd.DataFrame({"participation_id": [f"{year}-{i}" for i in range(n)],
                             "person_id": [f"p{year}-{i}" for i in range(n)],
                             "sex": ["K", "M"] * (n // 2), "employee_group": "medarbetare",
                             "completed": pd.Timestamp(f"{year}-06-01")})

    result = analysis_on(pm, "4.1.1", {"krus_course": {2015: course(2015, 40),
                                                       2016: course(2016, 20)}}).result()
    html = report.table_html(result, result.tables[0])
    assert ">2015<" in html and ">2016<" in html and ">2017<" not in html
    assert "Inga mätningar 2017 och 2018." in html


def test_the_page_answers_first(pm):
    from indikatorbok import report

    result = run(pm, "3.2.1", {"customer_satisfaction": satisfaction()})
    box = report.at_a_glance(result).data
    assert ("<dt>Mäter</dt><dd>Nöjd kund-index för webbplatsen (index från 0 till 100).</dd>"
            "<dt>Senaste resultat</dt><dd>58 av 100 (2018).</dd>") in box
    assert "<dt>Bedömning</dt><dd>Delvis likvärdiga resultat. <a href=" in box  # 2018 file
    assert "<dt>Status</dt>" in box and "Förändring" not in box  # one year only
