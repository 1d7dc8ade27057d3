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
                               "att de uppmuntrar i få kontakter eller aldrig"),))
        for key, label in BENEFITS),
    title="Andel som uppmuntrar till ett jämställt användande i alla eller de flesta av sina "
          "kontakter",
    phrase="att de uppmuntrar till ett jämställt användande av ersättningen i alla eller de "
           "flesta av sina kontakter",
    row_header="Förmån",
)


def compute(ctx: Context):
    return survey.series_indicator(ctx, SPEC)
