"""2.2.2 Staff and managers find that their closest manager asks for results of the work
for an equal use.

Definition: among managers and caseworkers working with the benefits that parents and other
relatives can share (who answered), the share answering "Ja". The question was reworded
after 2022, which the page marks as a break in the series.
"""

from indikatorbok import survey
from indikatorbok.indicators import Context
from indikatorbok.indicators.ind_2_2_1 import CASEWORKERS, shared_benefit

SPEC = survey.SeriesIndicator(
    series=(survey.SurveySeries(
        "andel", "Närmsta chefen följer upp arbetet med jämställt uttag",
        "manager_follows_equal_use", ("ja",),
        "medarbetarna och cheferna som handlägger ersättningar som kan delas mellan föräldrar "
        "eller anhöriga",
        short="Medarbetare och chefer",
        population=lambda d: shared_benefit(d) & d["role"].isin((*CASEWORKERS, "chef")),
        also=(survey.Share("vet_ej", ("vet_ej",), "Vet ej eller vill ej svara",
                           "att de inte vet eller avstår från att svara"),)),),
    title="Andel som anger att deras närmsta chef följer upp arbetet med jämställt uttag",
    phrase="att närmsta chef följer upp hur de arbetar för ett jämställt uttag",
    breakdown="department",
)


def compute(ctx: Context):
    return survey.series_indicator(ctx, SPEC)
