"""1.1.1 Caseworkers state that they know where risks of unwarranted gender differences are.

Definition: among caseworkers (handläggare, utredare, beslutsfattare, specialister) who
answered the multi-select question ``risk_areas`` of the staff survey, the share who ticked
at least one alternative naming a part of case handling. "Jag ser inte risk ..." and
"Vet ej/vill ej svara" are not risks; a respondent who ticked no option did not answer.
"""

from __future__ import annotations

import pandas as pd

from indikatorbok import sources, survey
from indikatorbok.indicators import Context

QUESTION = "risk_areas"
POPULATION = {"handläggare", "utredare", "beslutsfattare", "specialist"}
NO_RISK, DONT_KNOW = "risk_none", "risk_dont_know"


def options() -> dict[str, str]:
    """Option column -> response option as worded in the survey."""
    return sources.schema(survey.SOURCE).questions[QUESTION].options


def risk_columns() -> list[str]:
    return [c for c in options() if c not in (NO_RISK, DONT_KNOW)]


def in_population(df: pd.DataFrame) -> pd.Series:
    return df["role"].isin(POPULATION)


def respondents(df: pd.DataFrame) -> pd.DataFrame:
    """Caseworkers in the population who answered the question."""
    return df[in_population(df) & survey.answered(df, list(options()))]


def sees_risk(df: pd.DataFrame) -> pd.Series:
    return survey.ticked_any(df, risk_columns())


SPEC = survey.ShareQuestion(
    question=QUESTION,
    main=survey.Share("andel", sees_risk, "Ser risk för osakliga könsskillnader i enskildas "
                      "ärenden", "att de ser risk för osakliga könsskillnader i minst ett "
                      "moment av handläggningen av enskildas ärenden"),
    subject="de svarande handläggarna",
    population=in_population,
    groupings=("sex", "discretion"),
    also=(survey.Share("ser_inte_risk", lambda d: d[NO_RISK].eq(1),
                       "Jag ser inte risk för osakliga könsskillnader",
                       "att de inte ser någon risk för osakliga könsskillnader i enskilda "
                       "ärenden"),),
    ranked=tuple(risk_columns()),
    ranked_phrase="Oftast ser handläggarna risker",
)


def compute(ctx: Context):
    return survey.share_indicator(ctx, SPEC)
