"""Property-based tests: every kind of computation on small random extracts that the
synthetic generator would never make (groups at and under the thresholds, ties, zeros,
shares at the 40/60 edges and at x.5, the same person many times, a year with nothing),
checked against invariants rather than hand-picked answers:

- every surface states the same finding (the answer box and the narrative state the
  change and the difference between women and men as the findings do);
- no withheld cell can be worked out from what is published (the edition's audit);
- no share is shown for a group under the smallest group shown, and shares lie in 0-100;
- counts add up to their totals where all are shown;
- direction words follow the tests; the even-division reading follows the published share;
- counts of persons are never more than the records they come from.

Seeded (``derandomize``), so a failure is the same on every machine.
"""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indikatorbok import audit, findings, programme, report, stats
from tests.conftest import analysis_on

PM = programme.load("pensionsmyndigheten")
POLICY = PM.policy
YEARS = (2017, 2018)
SETTINGS = settings(max_examples=12, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])

# Counts that probe the thresholds: zero, the small cells (1-4), the smallest cell shown,
# around the smallest group shown, and larger groups.
SMALL = st.sampled_from([0, 1, 2, 3, 4, 5, 6, 10, 25, 49, 50, 51, 80, 200])
SEXES = ("K", "M")


def run(indicator: str, frames: dict[str, dict[int, pd.DataFrame]]):
    return analysis_on(PM, indicator, frames).result()


def repeat(n: int, **columns) -> list[dict]:
    return [dict(columns) for _ in range(n)]


# --------------------------------------------------------------------------- invariants


def first_paragraph(result) -> str:
    return result.narrative[0] if result.narrative else ""


CHANGE_WORDS = {"up": ("ökning", "fler"), "down": ("minskning", "färre"),
                "uncertain": ("ingen statistiskt säkerställd förändring",),
                "same": ("oförändrat", "lika många"), "rounded_same": ("Avrundat",),
                "not_compared": ("Jämförs inte", "görs inte")}


def check(result, indicator: str) -> findings.Findings:
    """The invariants every result keeps; returns its findings."""
    found = result.statement()
    t = result.tidy
    # Shares in 0-100, and never for a group under the smallest group shown.
    shares = t[(t.unit == "percent") & t.value.notna()]
    assert ((shares.value >= 0) & (shares.value <= 100)).all()
    assert not (shares.n.notna() & (shares.n < POLICY.min_group)).any()
    # Nothing withheld follows from what is published.
    exposed = [w for w in audit.audit({indicator: found}) if w.exposed]
    assert exposed == []
    # The box says what the findings say; the narrative says nothing else of the change.
    box = report.at_a_glance(result).data
    if found.change is not None:
        assert _html(found.change.sentence()) in box
        change = found.change
        # The narrative's sentences on the headline's change: a share's "jämfört med"
        # (a count's "än" or "som"; other sentences may compare other figures).
        about = (rf"(?:än|som) {change.previous_year}" if change.unit == "count"
                 else rf"jämfört med {change.previous_year}")
        said = re.findall(rf"[^.]*{about}[^.]*\.", first_paragraph(result))
        for sentence in said:
            assert any(w in sentence for w in CHANGE_WORDS[change.kind]), (sentence, change)
        # Direction words follow the test.
        if change.test is not None and change.kind in ("up", "down"):
            assert change.test.significant
        if change.kind == "up":
            assert change.current > change.previous
        if change.kind == "down":
            assert change.current < change.previous
    if found.difference is not None:
        assert _html(found.difference.brief()) in box
        d = found.difference
        if d.kind in ("first_higher", "second_higher") and d.test is not None:
            assert d.test.significant
        if d.kind == "none":
            assert d.test is not None and not d.test.significant
    if found.balance is not None:
        b = found.balance
        assert b.even == (b.low <= b.share <= b.high)
        assert _html(b.brief()) in box
    return found


def _html(text: str) -> str:
    import html

    return html.escape(text)


def totals_add_up(result, key: str) -> None:
    """Where a count's total and both sexes are shown unrounded, they add up."""
    t = result.tidy
    for year in set(t.year):
        cells = {g: result.value(key, year, g) for g in ("", *SEXES)}
        if not any(math.isnan(v) for v in cells.values()):
            assert cells[""] == cells["K"] + cells["M"]


# --------------------------------------------------------------------------- composition


@st.composite
def late_cases(draw) -> dict[int, pd.DataFrame]:
    """Decided cases per year, benefit and sex, some past their target time."""
    frames = {}
    decided = pd.Timestamp("2018-06-30")
    for year in YEARS:
        records = []
        for benefit in ("alderspension", "bostadstillagg", "efterlevandepension"):
            for sex in SEXES:
                n, late = draw(SMALL), draw(SMALL)
                records += repeat(n, sex=sex, benefit=benefit, days=20)
                records += repeat(late, sex=sex, benefit=benefit, days=90)
        df = pd.DataFrame(records, columns=["sex", "benefit", "days"])
        df["target_days"] = 60
        df["decided"] = decided
        df["received"] = decided - pd.to_timedelta(df.pop("days"), unit="D")
        df["paid_on_time"] = pd.array([1] * len(df), dtype="Int64")
        df["case_id"] = [f"{year}-{i}" for i in range(len(df))]
        frames[year] = df
    return frames


@SETTINGS
@given(late_cases())
def test_composition_of_cases_past_their_target(frames):
    if not any(len(df) for df in frames.values()):
        return
    result = run("1.2.1", {"case_processing": frames})
    found = check(result, "1.2.1")
    totals_add_up(result, "antal")
    totals_add_up(result, "urval_antal")
    latest = max(y for y, df in frames.items() if len(df))
    women = (frames[latest].sex == "K").sum()
    share = result.value("kvinnor", latest)
    if not math.isnan(share):  # x.5 rounds half up, as published
        assert share == stats.round_half_up(100 * women / len(frames[latest]))
    del found


@st.composite
def meetings(draw) -> dict[int, pd.DataFrame]:
    """Meetings with the attendees the informers counted, women and men apart."""
    frames = {}
    for year in YEARS:
        kinds = draw(st.lists(st.sampled_from(["informationstraff", "arbetsplatstraff",
                                                "event"]), min_size=1, max_size=5))
        frames[year] = pd.DataFrame({
            "meeting_id": [f"{year}-{i}" for i in range(len(kinds))], "kind": kinds,
            "target_group": [None] * len(kinds),
            "date": pd.Timestamp(f"{year}-03-01"),
            "attendees_women": [draw(SMALL) for _ in kinds],
            "attendees_men": [draw(SMALL) for _ in kinds]})
    return frames


@SETTINGS
@given(meetings())
def test_composition_of_attendees(frames):
    if not any(df[["attendees_women", "attendees_men"]].to_numpy().sum()
               for df in frames.values()):
        return
    population = {y: pd.DataFrame({"population": ["pensionssparare_18_65"] * 2,
                                   "sex": list(SEXES), "age_group": ["30-44"] * 2,
                                   "persons": [5_000, 5_000]}) for y in YEARS}
    result = run("2.2.1", {"information_meetings": frames,
                           "reference_population": population})
    check(result, "2.2.1")
    totals_add_up(result, "antal")


# --------------------------------------------------------------------------- counts of persons


@st.composite
def completions(draw) -> dict[int, pd.DataFrame]:
    """Course completions, the same person possibly many times in a year."""
    frames = {}
    for year in (2015, 2016):
        people = draw(st.lists(st.tuples(st.integers(0, 30), st.sampled_from(SEXES)),
                               max_size=60))
        frames[year] = pd.DataFrame({
            "participation_id": [f"{year}-{i}" for i in range(len(people))],
            "person_id": [f"p{p}" for p, _ in people],
            "sex": [f"{s}" for _, s in people], "employee_group": "medarbetare",
            "completed": pd.Timestamp(f"{year}-06-01")},
            columns=["participation_id", "person_id", "sex", "employee_group", "completed"])
        # A person keeps one sex.
        frames[year]["sex"] = frames[year].groupby("person_id")["sex"].transform("first")
    return frames


@SETTINGS
@given(completions())
def test_counts_of_persons_count_each_once(frames):
    result = run("4.1.1", {"krus_course": frames})
    check(result, "4.1.1")
    for year, df in frames.items():
        value = result.value("antal", year)
        if not math.isnan(value):
            assert value == df.person_id.nunique() <= len(df)
        for sex in SEXES:
            n = df[df.sex == sex].person_id.nunique()
            shown = result.value("antal", year, sex)
            if 0 < n < POLICY.min_cell:
                assert math.isnan(shown)  # a small cell is withheld
            elif not math.isnan(shown):
                assert shown == n


# --------------------------------------------------------------------------- register shares


@st.composite
def appeals(draw) -> dict[int, pd.DataFrame]:
    """Appealed decisions per year, benefit and sex, some changed in the person's favour."""
    frames = {}
    for year in YEARS:
        records = []
        for benefit in ("alderspension", "bostadstillagg", "premiepension"):
            for sex in SEXES:
                records += repeat(draw(SMALL), sex=sex, benefit=benefit, changed_in_favour=1)
                records += repeat(draw(SMALL), sex=sex, benefit=benefit, changed_in_favour=0)
        df = pd.DataFrame(records, columns=["sex", "benefit", "changed_in_favour"])
        df["procedure"] = "overklagande"
        df["decided"] = pd.Timestamp(f"{year}-05-01")
        df["case_id"] = [f"{year}-{i}" for i in range(len(df))]
        frames[year] = df
    return frames


@SETTINGS
@given(appeals())
def test_register_shares_by_benefit(frames):
    if not all(len(df) for df in frames.values()):
        return
    result = run("1.1.2", {"reconsidered_decisions": frames})
    check(result, "1.1.2")


# --------------------------------------------------------------------------- survey shares


@st.composite
def knowledge(draw) -> dict[int, pd.DataFrame]:
    """Survey answers (1-5) per year and sex, from groups around the smallest shown."""
    frames = {}
    for year in YEARS:
        records = []
        for sex in SEXES:
            for answer in (1, 3, 4, 5):
                records += repeat(draw(SMALL), sex=sex, predictable=answer)
        df = pd.DataFrame(records, columns=["sex", "predictable"])
        df["status"], df["age_group"] = "sparare", "30-44"
        df["respondent_id"] = [f"{year}-{i}" for i in range(len(df))]
        frames[year] = df
    return frames


@SETTINGS
@given(knowledge())
def test_survey_shares(frames):
    if not all(len(df) for df in frames.values()):
        return
    result = run("2.3.1", {"knowledge_survey": frames})
    found = check(result, "2.3.1")
    if found.change is not None and found.change.kind != "not_compared":
        assert found.change.test is not None  # a survey's change is always tested


# --------------------------------------------------------------------------- index means


@st.composite
def satisfaction(draw) -> dict[int, pd.DataFrame]:
    frames = {}
    for year in YEARS:
        records = []
        for sex in SEXES:
            for level in (1, 6, 10):
                records += repeat(draw(SMALL), sex=sex, overall=level, expectations=level,
                                  ideal=level)
        df = pd.DataFrame(records, columns=["sex", "overall", "expectations", "ideal"])
        df["channel"] = "webb"
        df["respondent_id"] = [f"{year}-{i}" for i in range(len(df))]
        frames[year] = df
    return frames


@SETTINGS
@given(satisfaction())
def test_index_means(frames):
    if not all(len(df) for df in frames.values()):
        return
    result = run("3.2.1", {"customer_satisfaction": frames})
    check(result, "3.2.1")


# --------------------------------------------------------------------------- categories


@st.composite
def complaints(draw) -> dict[int, pd.DataFrame]:
    frames = {}
    for year in YEARS:
        records = []
        for category in ("handlaggningstid", "beslut", "bemotande"):
            for sex in SEXES:
                records += repeat(draw(SMALL), sex=sex, category=category)
        df = pd.DataFrame(records, columns=["sex", "category"])
        df["received"] = pd.Timestamp(f"{year}-02-01")
        df["complaint_id"] = [f"{year}-{i}" for i in range(len(df))]
        frames[year] = df
    return frames


@SETTINGS
@given(complaints())
def test_complaints_over_categories(frames):
    if not any(len(df) for df in frames.values()):
        return
    result = run("3.3.1", {"customer_complaints": frames})
    check(result, "3.3.1")
    totals_add_up(result, "antal")


# --------------------------------------------------------------------------- findings


@given(st.integers(0, 5000), st.integers(0, 5000),
       st.sampled_from([1, 10, 100, 1000]), st.booleans())
@settings(max_examples=200, derandomize=True)
def test_a_count_change_follows_the_published_counts(current, previous, rounding, part):
    """Counts rounded for publication, and part of a year against a whole one."""
    shown = (stats.round_half_up(current, rounding), stats.round_half_up(previous, rounding))
    change = findings.change("count", 2025, 2024, *shown, raw=(current, previous),
                             rounding=rounding,
                             part_year="1 januari–30 november" if part else None)
    if part and shown[0] <= shown[1]:
        assert change.kind == "not_compared"  # the year is not over
    elif shown[0] == shown[1]:
        assert change.kind == ("rounded_same" if current != previous else "same")
    else:
        assert change.kind == ("up" if shown[0] > shown[1] else "down")
    assert "procentenhet" not in change.sentence()


@given(st.integers(0, 1000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
@settings(max_examples=200, derandomize=True)
def test_the_even_division_reads_the_published_share(women_n):
    women, n = women_n
    if n == 0:
        return
    share = stats.round_half_up(100 * women / n)
    reading = findings.balance(2025, share, POLICY.even_range)
    assert reading.even == (40 <= share <= 60)


@pytest.mark.parametrize(("value", "published"), [(12.5, 13), (40.5, 41), (59.5, 60),
                                                  (60.5, 61), (0.5, 1)])
def test_halves_round_up(value, published):
    assert stats.round_half_up(value) == published
