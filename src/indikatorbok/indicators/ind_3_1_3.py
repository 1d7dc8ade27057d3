"""3.1.3 Caseworkers state that they ask about violence when there are signs of it.

Definition: among caseworkers (outside maintenance support, activity compensation and the
return-to-work investigation in sickness benefit) who have suspected violence, the share
asking always or in most cases (answer 1 or 2); those who have never been in that situation
are left out. Among caseworkers in activity compensation, the share asking in all or most
cases (1 or 2 of 5), and the share who never ask.
"""

from indikatorbok import survey
from indikatorbok.indicators import Context
from indikatorbok.indicators.ind_3_1_2 import CASEWORKERS, TOP

NEVER_FACED = 0
NEVER = 5


def caseworkers(df):
    return df["role"].isin(CASEWORKERS)


SPEC = survey.SeriesIndicator(
    series=(
        survey.SurveySeries(
            "misstanke", "Ställer frågor om våld vid misstanke alltid eller i de flesta fall",
            "violence_on_suspicion", TOP,
            "de handläggare som någon gång har misstänkt våld mot en försäkrad",
            short="Vid misstanke om våld", population=caseworkers, excluded=(NEVER_FACED,)),
        survey.SurveySeries(
            "aktivitetsersattning", "Aktivitetsersättning: ställer frågor om våld i alla eller "
            "de flesta ärenden", "violence_frequency_ae", TOP,
            "handläggarna inom aktivitetsersättning", short="Aktivitetsersättning",
            population=caseworkers,
            also=(survey.Share("aldrig", (NEVER,), "Aktivitetsersättning: ställer aldrig "
                                                   "frågor om våld",
                               "att de aldrig ställer frågor om våld"),)),
    ),
    title="Andel som ställer frågor om våld alltid eller i de flesta fall",
    phrase="att de ställer frågor om våld alltid eller i de flesta fall",
    breakdown="department",
)


def compute(ctx: Context):
    return survey.series_indicator(ctx, SPEC)
