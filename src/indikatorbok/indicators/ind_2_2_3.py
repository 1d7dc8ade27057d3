"""2.2.3 Staff and managers take part in training on equal use.

There is no course on equal use; the indicator follows discussions at workplace meetings.
Definition: among staff and managers handling parental benefit or temporary parental
benefit who answered the question, the share who ticked "Jämställdhet".
"""

from indikatorbok import survey
from indikatorbok.indicators import Context

PARENTAL = ("föräldrapenning", "tillfällig_föräldrapenning")

SPEC = survey.SeriesIndicator(
    series=(survey.SurveySeries(
        "andel", "Har pratat om jämställdhet på APT eller annat möte", "apt_topics",
        ("apt_equality",), "medarbetarna och cheferna inom föräldrapenning och tillfällig "
        "föräldrapenning", short="Medarbetare och chefer",
        population=lambda d: d["benefit"].isin(PARENTAL) & ~d["role"].isin(["övrig"])),),
    title="Andel som har pratat om jämställdhet på APT eller i annat möte",
    phrase="att de under det senaste året har pratat om jämställdhet på en arbetsplatsträff "
           "eller i ett annat möte",
    groupings=("sex", "role_group"),
)


def compute(ctx: Context):
    return survey.series_indicator(ctx, SPEC)
