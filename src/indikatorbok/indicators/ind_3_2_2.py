"""3.2.2 Staff and managers find that their closest manager asks for results of the work
to detect and counter violence.

Definition: the share answering "Ja" among all caseworkers; among return-to-work
investigators in sickness benefit and caseworkers in maintenance support (who ask about
violence at a set step; 2024 from the targeted survey); and among managers for their
version of the question.
"""

from indikatorbok import survey
from indikatorbok.indicators import Context
from indikatorbok.indicators.ind_3_1_2 import (
    CASEWORKERS,
    SURVEYS,
    maintenance_support,
    return_to_work,
)

SPEC = survey.SeriesIndicator(
    series=(
        survey.SurveySeries(
            "alla", "Alla handläggare: närmsta chefen följer upp frågor om våld",
            "manager_follows_violence", ("ja",), "handläggarna", short="Alla handläggare",
            population=lambda d: d["role"].isin(CASEWORKERS)),
        survey.SurveySeries(
            "sjukpenning", "Sjukpenning, särskilt moment: närmsta chefen följer upp frågor om "
            "våld", "manager_follows_violence", ("ja",),
            "handläggarna som ska fråga om våld i ett särskilt moment inom sjukpenning",
            short="Sjukpenning, särskilt moment", population=return_to_work, sources=SURVEYS),
        survey.SurveySeries(
            "underhallsstod", "Underhållsstöd: närmsta chefen följer upp frågor om våld",
            "manager_follows_violence", ("ja",), "handläggarna inom underhållsstöd",
            short="Underhållsstöd", population=maintenance_support, sources=SURVEYS),
        survey.SurveySeries(
            "chefer", "Chefer: närmsta chefen efterfrågar resultat av arbetet mot våld",
            "manager_asks_violence_results", ("ja",), "cheferna", short="Chefer",
            phrase="att deras närmsta chef frågar efter vad arbetet mot våld har gett"),
    ),
    title="Andel som anger att närmsta chefen följer upp frågor om våld (handläggare) eller "
          "efterfrågar resultat av arbetet mot våld (chefer)",
    phrase="att deras närmsta chef följer upp om de ställer frågor om våld",
)


def compute(ctx: Context):
    return survey.series_indicator(ctx, SPEC)
