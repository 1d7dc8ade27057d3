"""1.1.1: who counts as answering, and who counts as seeing a risk (multi-select)."""

import pandas as pd

from indikatorbok.indicators import ind_1_1_1 as ind

OPTIONS = list(ind.options())


def respondent(role="handläggare", **ticked):
    row = {"year": 2025, "respondent_id": "x", "sex": "K", "role": role,
           "department": "sjukförsäkring", "discretion": "stort"}
    row.update({c: ticked.get(c, 0) for c in OPTIONS})
    return row


def frame(*rows):
    df = pd.DataFrame(rows)
    df[OPTIONS] = df[OPTIONS].astype("Int64")
    return df


class TestSeesRisk:
    def test_one_risk_area_counts(self):
        df = frame(respondent(risk_contact=1))
        assert ind.sees_risk(ind.respondents(df)).tolist() == [True]

    def test_no_risk_only_does_not_count(self):
        df = frame(respondent(risk_none=1))
        assert ind.sees_risk(ind.respondents(df)).tolist() == [False]

    def test_dont_know_only_does_not_count(self):
        df = frame(respondent(risk_dont_know=1))
        assert ind.sees_risk(ind.respondents(df)).tolist() == [False]

    def test_no_risk_and_dont_know_does_not_count(self):
        df = frame(respondent(risk_none=1, risk_dont_know=1))
        assert ind.sees_risk(ind.respondents(df)).tolist() == [False]

    def test_contradictory_answer_counts_as_risk(self):
        # At least one risk area ticked is the report's rule, whatever else is ticked.
        df = frame(respondent(risk_none=1, risk_other=1))
        assert ind.sees_risk(ind.respondents(df)).tolist() == [True]


class TestRespondents:
    def test_nothing_ticked_is_not_an_answer(self):
        df = frame(respondent(), respondent(risk_capacity=1))
        assert len(ind.respondents(df)) == 1

    def test_empty_cells_are_not_an_answer(self):
        df = frame(respondent(risk_contact=1), respondent())
        df.loc[1, OPTIONS] = pd.NA
        assert len(ind.respondents(df)) == 1

    def test_only_caseworkers_are_in_the_population(self):
        df = frame(respondent("chef", risk_contact=1), respondent("övrig", risk_contact=1),
                   respondent("specialist", risk_contact=1))
        assert ind.respondents(df)["role"].tolist() == ["specialist"]

    def test_share_is_among_those_who_answered(self):
        df = frame(respondent(risk_contact=1), respondent(risk_none=1),
                   respondent(risk_dont_know=1), respondent())
        r = ind.respondents(df)
        assert (len(r), int(ind.sees_risk(r).sum())) == (3, 1)
