"""3.2.3 Staff and managers take part in training on men's violence against women and
violence in close relationships.

Definition: the number of participations per year in the web and teacher-led courses on
violence (HR records; a person on both courses counts twice), rounded to the nearest
hundred; and, from the staff survey, the share of managers and of other staff who ticked
"Mäns våld mot kvinnor och våld i nära relationer" among the topics discussed at workplace
meetings during the last year.
"""

from indikatorbok import survey, training
from indikatorbok.indicators import Context
from indikatorbok.result import IndicatorResult, combine

COURSES = training.Training(
    web=("vald_webb",),
    teacher_led=("vald_larledd",),
    topic="mäns våld mot kvinnor och våld i nära relationer",
    label="Deltagare i utbildning om våld",
    period_labels=("Deltagare i webbutbildning om våld",
                   "Deltagare i lärarledd utbildning om våld"),
    method=(
        "Antalet deltaganden i webbutbildningen och den lärarledda utbildningen om mäns våld "
        "mot kvinnor och våld i nära relationer enligt HR-avdelningens uppgifter. Den som har "
        "gått båda utbildningarna samma år räknas två gånger. Antalen avrundas till närmaste "
        "hundratal; uppdelningen på typ av utbildning till närmaste tiotal.",
    ),
)

MEETINGS = survey.SeriesIndicator(
    series=(
        survey.SurveySeries(
            "apt_chefer", "Chefer: har pratat om våld på APT eller annat möte", "apt_topics",
            ("apt_violence",), "cheferna", short="Chefer",
            population=lambda d: d["role"].isin(["chef"])),
        survey.SurveySeries(
            "apt_medarbetare", "Medarbetare: har pratat om våld på APT eller annat möte",
            "apt_topics", ("apt_violence",), "medarbetarna", short="Medarbetare",
            population=lambda d: ~d["role"].isin(["chef"])),
    ),
    title="Andel som har pratat om mäns våld mot kvinnor och våld i nära relationer på APT "
          "eller i annat möte",
    phrase="att de under det senaste året har pratat om mäns våld mot kvinnor och våld i nära "
           "relationer på en arbetsplatsträff eller i ett annat möte",
    groupings=(),
    headcounts=(("svarande", "Svarande medarbetare och chefer", None),),
)


def compute(ctx: Context) -> IndicatorResult:
    return combine(training.training_indicator(ctx, COURSES),
                   survey.series_indicator(ctx, MEETINGS))
