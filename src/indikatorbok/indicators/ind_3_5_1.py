"""3.5.1 Caseworkers state that they have detected violence during the last year.

Definition: among caseworkers who ask about violence at least sometimes and answered the
question, the share answering "Ja"; for all such caseworkers (outside maintenance support)
and for the return-to-work investigators in sickness benefit (2024 from the targeted
survey, asked to all of them).
"""

from indikatorbok import survey
from indikatorbok.indicators import Context
from indikatorbok.indicators.ind_3_1_2 import SURVEYS, return_to_work
from indikatorbok.indicators.ind_3_1_3 import caseworkers

SPEC = survey.SeriesIndicator(
    series=(
        survey.SurveySeries(
            "alla", "Alla handläggare: har identifierat våld genom att fråga",
            "identified_violence", ("ja",), "handläggarna som frågar om våld",
            short="Alla handläggare",
            population=lambda d: caseworkers(d) & ~d["benefit"].isin(["underhållsstöd"]),
            valid=lambda f: bool((~return_to_work(f)).any())),
        survey.SurveySeries(
            "sjukpenning", "Sjukpenning, särskilt moment: har identifierat våld genom att fråga",
            "identified_violence", ("ja",),
            "handläggarna inom sjukpenning som har ett fast moment med frågor om våld",
            short="Sjukpenning, särskilt moment", population=return_to_work, sources=SURVEYS),
    ),
    title="Andel som har upptäckt att en försäkrad har erfarenhet av våld när de frågade "
          "om det",
    phrase="att deras frågor om våld under det senaste året har lett till att de upptäckt "
           "att en försäkrad har erfarenhet av våld",
    breakdown="department",
)


def compute(ctx: Context):
    return survey.series_indicator(ctx, SPEC)
