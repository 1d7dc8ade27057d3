"""3.2.1 Staff and managers find that they have what they need to help detect and counter
violence.

Definition: among caseworkers, and among managers, who answered their version of the
question, the share answering 4 or 5 on the five-point scale.
"""

from indikatorbok import survey
from indikatorbok.indicators import Context

TOP = (4, 5)

SPEC = survey.SeriesIndicator(
    series=(
        survey.SurveySeries(
            "handlaggare", "Handläggare: har förutsättningar att upptäcka och motverka våld "
            "(4 eller 5)", "prerequisites_violence", TOP, "handläggarna", short="Handläggare",
            phrase="4 eller 5 på en femgradig skala om sina förutsättningar att upptäcka och "
                   "motverka våld i kontakten med enskilda"),
        survey.SurveySeries(
            "chefer", "Chefer: har förutsättningar att bidra till arbetet mot våld (4 eller 5)",
            "prerequisites_violence_manager", TOP, "cheferna", short="Chefer",
            phrase="4 eller 5 på en femgradig skala om sina förutsättningar att bidra till "
                   "medarbetarnas arbete med att upptäcka och motverka våld"),
    ),
    title="Andel med svaret 4 eller 5 (av 5) om sina förutsättningar att upptäcka och "
          "motverka våld (handläggare) eller bidra till det arbetet (chefer)",
    phrase="4 eller 5 på en femgradig skala om sina förutsättningar att upptäcka och motverka "
           "våld, eller att bidra till medarbetarnas arbete med det",
    breakdown="department",
)


def compute(ctx: Context):
    return survey.series_indicator(ctx, SPEC)
