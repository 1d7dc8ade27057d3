"""The survey series builder: who is in the base, and when a series has a break."""

import pandas as pd

from indikatorbok import stats, survey
from indikatorbok.indicators import ind_2_2_2, ind_3_1_3


def test_excluded_answers_leave_the_base():
    series = ind_3_1_3.SPEC.series[0]
    df = pd.DataFrame({"role": ["handläggare"] * 4, "violence_on_suspicion": [0, 1, 2, 5]})
    base = survey._respondents(df, series, "staff_survey")
    assert len(base) == 3  # "never been in that situation" is left out
    assert survey._counted(series, series.counts)(base).sum() == 2


def test_a_reworded_question_is_a_break_in_the_series():
    series = ind_2_2_2.SPEC.series[0]
    frames = {y: pd.DataFrame({"role": ["handläggare"]}) for y in (2022, 2025)}
    origin = {(series.key, y): "staff_survey" for y in frames}
    assert any("formulerades om" in b for b in survey._breaks(series, frames, origin))


def test_the_same_population_and_wording_is_no_break():
    series = ind_3_1_3.SPEC.series[1]
    frames = {y: pd.DataFrame({"role": ["handläggare"]}) for y in (2021, 2022)}
    origin = {(series.key, y): "staff_survey" for y in frames}
    assert survey._breaks(series, frames, origin) == []


def test_the_headline_change_carries_its_significance():
    big = survey.latest_change_significance(
        {("", 2022): stats.proportion(270, 500), ("", 2025): stats.proportion(335, 500)},
        [2022, 2025])
    small = survey.latest_change_significance(
        {("", 2022): stats.proportion(70, 500), ("", 2025): stats.proportion(55, 500)},
        [2022, 2025])
    few = survey.latest_change_significance(
        {("", 2022): stats.proportion(10, 40), ("", 2025): stats.proportion(30, 40)},
        [2022, 2025])
    assert (big, small, few) == (True, False, None)  # 54 → 67 %, 14 → 11 %, under 50
    assert survey.latest_change_significance({("", 2025): stats.proportion(1, 60)},
                                             [2025]) is None


def test_survey_pages_publish_the_significance_and_registers_none(synthetic_dir):
    from indikatorbok import indicators

    assert indicators.compute("2.1.1", 2025, synthetic_dir).significant is False
    assert indicators.compute("4.2.1", 2025, synthetic_dir).significant is True
    assert indicators.compute("3.7.1", 2025, synthetic_dir).significant is None
