"""3.7.3 In long cases where violence has occurred, the caseworker follows up whether the
person has received support.

Definition: among return-to-work investigators in sickness benefit who have identified
violence during the last year and answered the question, the share answering 4 or 5 on the
five-point scale.
"""

from indikatorbok import survey
from indikatorbok.indicators import Context
from indikatorbok.indicators.ind_3_1_2 import return_to_work

SPEC = survey.SeriesIndicator(
    series=(survey.SurveySeries(
        "andel", "Följer upp om den försäkrade fått stöd (4 eller 5)", "follow_up_support",
        (4, 5), "de handläggare inom sjukpenning som har identifierat våld", short="Sjukpenning",
        population=lambda d: return_to_work(d) & d["identified_violence"].eq("ja").fillna(False)),),
    title="Andel med svaret 4 eller 5 (av 5) om hur ofta de senare kontrollerar att en "
          "försäkrad med erfarenhet av våld har fått stöd",
    phrase="4 eller 5 (på en skala från 1 till 5) om hur ofta de i ett senare skede "
           "kontrollerar att personen har fått stöd",
    row_header="Förmån",
)


def compute(ctx: Context):
    return survey.series_indicator(ctx, SPEC)
