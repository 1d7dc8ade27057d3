"""1.1.1: who counts as answering, and who counts as seeing a risk (multi-select)."""

import pandas as pd
import pytest

from tests.conftest import analysis_on


@pytest.fixture(scope="module")
def options(fk):
    return list(fk.schema("staff_survey").questions["risk_areas"].options)


def respondent(options, role="handläggare", **ticked):
    row = {"year": 2025, "respondent_id": "x", "sex": "K", "role": role,
           "department": "sjukförsäkring", "discretion": "stort"}
    row.update({c: ticked.get(c, 0) for c in options})
    return row


def frame(options, *rows):
    df = pd.DataFrame(rows)
    df[options] = df[options].astype("Int64")
    return df


def counted(fk, df) -> tuple[int, int]:
    """(respondents, who see a risk) in 2025, as the definition counts them."""
    analysis = analysis_on(fk, "1.1.1", {"staff_survey": {2025: df}})
    analysis.count()
    p = analysis.props[None][("", 2025)]
    return p.n, p.successes


class TestSeesRisk:
    @pytest.mark.parametrize(("ticked", "sees"), [
        ({"risk_contact": 1}, 1),
        ({"risk_none": 1}, 0),
        ({"risk_dont_know": 1}, 0),
        ({"risk_none": 1, "risk_dont_know": 1}, 0),
        # At least one risk area ticked is the report's rule, whatever else is ticked.
        ({"risk_none": 1, "risk_other": 1}, 1),
    ])
    def test_what_counts_as_a_risk(self, fk, options, ticked, sees):
        assert counted(fk, frame(options, respondent(options, **ticked))) == (1, sees)


class TestRespondents:
    def test_nothing_ticked_is_not_an_answer(self, fk, options):
        df = frame(options, respondent(options), respondent(options, risk_capacity=1))
        assert counted(fk, df) == (1, 1)

    def test_empty_cells_are_not_an_answer(self, fk, options):
        df = frame(options, respondent(options, risk_contact=1), respondent(options))
        df.loc[1, options] = pd.NA
        assert counted(fk, df) == (1, 1)

    def test_only_caseworkers_are_in_the_population(self, fk, options):
        df = frame(options, respondent(options, "chef", risk_contact=1),
                   respondent(options, "övrig", risk_contact=1),
                   respondent(options, "specialist", risk_contact=1))
        analysis = analysis_on(fk, "1.1.1", {"staff_survey": {2025: df}})
        shown = analysis.select()
        assert analysis.frames[2025]["role"].tolist() == ["specialist"]
        assert shown.table[["Rader", "Har svarat", "I populationen"]].iloc[0].tolist() == \
            [3, 3, 1]

    def test_share_is_among_those_who_answered(self, fk, options):
        df = frame(options, respondent(options, risk_contact=1),
                   respondent(options, risk_none=1), respondent(options, risk_dont_know=1),
                   respondent(options))
        assert counted(fk, df) == (3, 1)
