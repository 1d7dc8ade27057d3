"""2.2.1 Staff and managers find that they have what they need to work for an equal use.

Definition: among managers, and among caseworkers, working with the benefits that parents
and other relatives can share (who answered), the share answering 4 or 5 on the five-point
scale.
"""

from indikatorbok import survey
from indikatorbok.indicators import Context

SHARED_BENEFITS = ("föräldrapenning", "tillfällig_föräldrapenning", "omvårdnadsbidrag_merkostnad",
                   "närståendepenning")
CASEWORKERS = ("handläggare", "utredare", "beslutsfattare")
TOP = (4, 5)


def shared_benefit(df):
    return df["benefit"].isin(SHARED_BENEFITS)


SPEC = survey.SeriesIndicator(
    series=(
        survey.SurveySeries(
            "chefer", "Chefer: har förutsättningar att bidra till jämställt användande "
            "(4 eller 5)", "prerequisites_equal_use", TOP,
            "cheferna för handläggningen av ersättningar som kan delas mellan föräldrar eller "
            "anhöriga",
            short="Chefer", population=lambda d: shared_benefit(d) & d["role"].eq("chef")),
        survey.SurveySeries(
            "handlaggare", "Handläggare: har förutsättningar att bidra till jämställt "
            "användande (4 eller 5)", "prerequisites_equal_use", TOP,
            "handläggarna inom samma förmåner", short="Handläggare",
            population=lambda d: shared_benefit(d) & d["role"].isin(CASEWORKERS)),
    ),
    title="Andel med svaret 4 eller 5 (av 5) om sina förutsättningar att bidra till ett "
          "jämställt uttag",
    phrase="4 eller 5 (på en skala från 1 till 5) när de bedömde sina förutsättningar att "
           "bidra till att ersättningen tas ut jämställt",
)


def compute(ctx: Context):
    return survey.series_indicator(ctx, SPEC)
