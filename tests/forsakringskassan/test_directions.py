"""The synthetic data shows the group patterns the report describes in words: a direction
where it states one, no significant difference where it states none."""

import pytest

from indikatorbok import builders
from tests.conftest import RULES


@pytest.fixture(scope="module")
def results(synthetic_dir):
    ids = ("1.1.1", "2.2.1", "2.2.2", "3.1.1", "3.1.2", "3.1.3", "3.2.1", "3.2.2", "3.5.1",
           "1.3.2")
    return {i: builders.compute(i, 2025, synthetic_dir, "forsakringskassan") for i in ids}


def _group(result, series_key, group_key, year=2025):
    return result.value(series_key, year, group_key)


@pytest.mark.parametrize(("indicator", "series", "higher", "lower"), [
    ("1.1.1", "andel", "K", "M"),            # women see risks more often
    ("3.1.1", "andel", "K", "M"),            # women more often asked about violence
    ("3.1.1", "andel", "inrikes", "utrikes"),  # people born in Sweden more often asked
    ("3.2.2", "alla", "M", "K"),             # men more often say their manager follows up
])
def test_stated_directions(results, indicator, series, higher, lower):
    r = results[indicator]
    assert _group(r, series, higher) > _group(r, series, lower)


@pytest.mark.parametrize(("indicator", "series"), [
    ("3.5.1", "alla_department"),       # the sickness-insurance department is highest
    ("3.2.1", "handlaggare_department"),
    ("3.1.3", "misstanke_department"),
])
def test_sickness_insurance_department_is_highest(fk, results, indicator, series):
    r = results[indicator]
    shown = {code: _group(r, series, code) for code in fk.groupings["department"].labels}
    shown = {c: v for c, v in shown.items() if v == v}
    assert max(shown, key=shown.get) == "sjukförsäkring"


def test_psychiatric_diagnoses_most_often_asked_about_violence(fk, results):
    r = results["3.1.1"]
    diag = {c: _group(r, "andel", c) for c in fk.groupings["diagnosis_group"].labels}
    assert max(diag, key=diag.get) == "psykiatrisk"


@pytest.mark.parametrize(("indicator", "series"), [
    ("2.2.1", "handlaggare"),  # "Kvinnor och män uppger i lika stor utsträckning"
    ("3.1.2", "sjukpenning"),  # "ingen tydlig skillnad"
    ("3.1.3", "misstanke"),    # "ingen skillnad mellan kvinnor och män"
    ("3.2.1", "handlaggare"),  # "ingen tydlig skillnad"
    ("3.5.1", "alla"),         # "inga tydliga skillnader"
])
def test_no_difference_between_women_and_men_where_the_report_finds_none(
        fk, synthetic_dir, indicator, series):
    from indikatorbok.builders.survey import counted

    analysis = builders.analysis(indicator, 2025, synthetic_dir, fk.name)
    analysis.select()
    s = next(x for x in analysis.series if x["key"] == series)
    base = analysis.frames[series][2025]
    success = counted(s["counts"], analysis.s_question(s))(base)
    women, men = (RULES.proportion(int(success[base.sex == g].sum()), int((base.sex == g).sum()))
                  for g in ("K", "M"))
    assert not RULES.compare(women, men).significant


def test_rejection_difference_disappears_with_diagnosis(results):
    r = results["1.3.2"]
    assert r.value("sig_ojusterad", 2024) == 1
    assert r.value("sig_diagnos", 2024) == 0


def test_women_with_psychiatric_diagnoses_are_rejected_more_often(results):
    r = results["1.3.2"]
    assert r.value("avslag_psykiatrisk", 2024, "K") > r.value("avslag_psykiatrisk", 2024, "M")
