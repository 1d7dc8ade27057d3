"""The survey builders: who is in the base, when a series has a break, the significance of
the headline's change, and the response rate."""

from types import SimpleNamespace

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indikatorbok import builders, sources, text
from indikatorbok.builders import shares
from indikatorbok.builders.shares import Shares
from tests.conftest import RULES, analysis_on


def test_excluded_answers_leave_the_base(fk):
    df = pd.DataFrame({"role": ["handläggare"] * 4, "sex": ["K", "M", "K", "M"],
                       "department": "sjukförsäkring", "violence_on_suspicion": [0, 1, 2, 5]})
    analysis = analysis_on(fk, "3.1.3", {"staff_survey": {2025: df}})
    analysis.count()
    p = analysis.props["misstanke"][("", 2025)]
    assert (p.n, p.successes) == (3, 2)  # "never been in that situation" is left out


def series_with(fk, indicator_id: str, key: str, years: tuple[int, ...]):
    analysis = analysis_on(fk, indicator_id, {})
    analysis.frames = {s["key"]: {y: pd.DataFrame({"role": ["handläggare"]}) for y in years}
                       for s in analysis.series}
    analysis.origin = {(s["key"], y): "staff_survey" for s in analysis.series for y in years}
    return analysis, next(s for s in analysis.series if s["key"] == key)


def test_a_reworded_question_is_a_break_in_the_series(fk):
    analysis, series = series_with(fk, "2.2.2", "andel", (2022, 2025))
    assert any("formulerades om" in b for b in analysis._breaks(series))


def test_the_same_population_and_wording_is_no_break(fk):
    analysis, series = series_with(fk, "3.1.3", "aktivitetsersattning", (2021, 2022))
    assert analysis._breaks(series) == []


def test_the_headline_change_carries_its_test(fk):
    from types import SimpleNamespace

    shares = Shares(SimpleNamespace(stats=RULES, programme=fk))
    p = RULES.proportion

    def change(a, b):
        return shares.latest_change({("", 2022): a, ("", 2025): b}, [2022, 2025])

    big, small, few = (change(p(270, 500), p(335, 500)), change(p(70, 500), p(55, 500)),
                       change(p(10, 40), p(30, 40)))  # 54 → 67 %, 14 → 11 %, under 50
    assert (big.kind, small.kind, few.kind) == ("up", "uncertain", "not_compared")
    assert big.test.significant and big.test.n == (500, 500) and few.test is None
    assert shares.latest_change({("", 2025): p(1, 60)}, [2025]) is None


@pytest.mark.parametrize(("indicator", "kind", "tested"), [
    ("2.1.1", "uncertain", True), ("4.2.1", "up", True), ("3.7.1", "not_compared", False)])
def test_survey_pages_state_the_change_with_its_test_and_registers_without(
        synthetic_dir, indicator, kind, tested):
    change = builders.compute(indicator, 2025, synthetic_dir,
                                "forsakringskassan").statement().change
    assert change.kind == kind and (change.test is not None) is tested


def test_a_step_shows_its_counts_in_a_notebook(synthetic_dir):
    analysis = builders.analysis("2.1.1", 2025, synthetic_dir, "forsakringskassan")
    shown = analysis.select()
    assert {"Serie", "År", "Rader", "Har svarat", "I populationen"} <= set(shown.table.columns)
    html = shown._repr_html_()
    assert html.startswith("<h4>Urval") and "<table" in html
    counts = analysis.count().table
    assert {"Täljare", "Nämnare", "Andel (%)", "Visas"} <= set(counts.columns)


def test_a_changed_parameter_changes_the_result(synthetic_dir, fk):
    """A reviewer's variant of the definition (here: 'always' only) gives another share."""
    import copy

    definition = copy.deepcopy(fk.catalog["2.1.1"].parts[0].parameters)
    before = builders.analysis("2.1.1", 2025, synthetic_dir, fk.name).result()
    definition["series"][0]["counts"] = [1]
    after = builders.analysis("2.1.1", 2025, synthetic_dir, fk.name, definition).result()
    assert after.value("tfp", 2025) < before.value("tfp", 2025)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.integers(2020, 2025),
                       st.tuples(st.integers(0, 400), st.none() | st.integers(1, 400)),
                       min_size=1))
def test_a_response_rate_is_the_answered_of_the_invited_where_a_delivery_says(years):
    """Each year's rate is everyone who answered (rows in the year's file) of those the
    delivery says were invited; a year without that number shows ``..``; no number in any
    year, no column; more answers than invitations, a clear error."""
    frames = {y: pd.DataFrame({"x": range(a)}) for y, (a, _) in years.items()}
    deliveries = {y: sources.Delivery(y, invited={} if i is None else {"staff_survey": i})
                  for y, (_, i) in years.items()}
    ctx = SimpleNamespace(load=lambda source: frames, delivery=deliveries.__getitem__)
    if any(i is not None and a > i for a, i in years.values()):
        with pytest.raises(sources.DataError, match="invited"):
            shares.response_rates(ctx, "staff_survey", sorted(years))
        return
    rates = shares.response_rates(ctx, "staff_survey", sorted(years))
    if all(i is None for _, i in years.values()):
        assert rates is None
        return
    assert rates == {y: text.MISSING if i is None else text.percent(100 * a / i)
                     for y, (a, i) in years.items()}
