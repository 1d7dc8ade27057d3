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
            "cheferna inom förmåner som föräldrar och andra anhöriga kan dela på",
            short="Chefer", population=lambda d: shared_benefit(d) & d["role"].eq("chef")),
        survey.SurveySeries(
            "handlaggare", "Handläggare: har förutsättningar att bidra till jämställt "
            "användande (4 eller 5)", "prerequisites_equal_use", TOP,
            "handläggarna inom samma förmåner", short="Handläggare",
            population=lambda d: shared_benefit(d) & d["role"].isin(CASEWORKERS)),
    ),
    title="Andel som anger 4 eller 5 på en femgradig skala om i vilken utsträckning de har "
          "förutsättningar att bidra till ett mer jämställt användande",
    phrase="4 eller 5 på en femgradig skala om i vilken utsträckning de har förutsättningar "
           "att bidra till ett mer jämställt användande av ersättningen",
)


def compute(ctx: Context):
    return survey.series_indicator(ctx, SPEC)
