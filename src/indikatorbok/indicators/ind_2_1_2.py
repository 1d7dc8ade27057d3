"""2.1.2 Caseworkers state that they encourage an equal use of the benefit when they meet
parents.

Definition: per benefit, among caseworkers handling it who answered the question, the share
who encourage an equal use in all or most of their contacts (answer 1 or 2 of 5).
"""

from indikatorbok import survey
from indikatorbok.indicators import Context
from indikatorbok.indicators.ind_2_1_1 import FEW, TOP, caseworkers

BENEFITS = (("tfp", "Tillfällig föräldrapenning"), ("fp", "Föräldrapenning"))

SPEC = survey.SeriesIndicator(
    series=tuple(
        survey.SurveySeries(
            key, f"{label}: uppmuntrar i alla eller de flesta kontakter",
            f"encourage_equal_{key}", TOP, f"handläggarna inom {label.lower()}", short=label,
            population=caseworkers,
            also=(survey.Share("fa", FEW, f"{label}: uppmuntrar i få kontakter eller aldrig",
                               "att de sällan eller aldrig gör det"),))
        for key, label in BENEFITS),
    title="Andel som i alla eller de flesta kontakter uppmuntrar föräldrarna att dela "
          "jämställt",
    phrase="att de i alla eller de flesta kontakter uppmuntrar föräldrarna att dela "
           "jämställt på ersättningen",
    row_header="Förmån",
)


def compute(ctx: Context):
    return survey.series_indicator(ctx, SPEC)
