"""4.1.1 Caseworkers state that they know where risks of unwarranted gender differences linked
to unequal health are.

Definition: the 1.1.1 question and rule (at least one part of case handling ticked), for
caseworkers in sickness benefit, sickness compensation and activity compensation. The survey
has no question on unequal health as such.
"""

from indikatorbok import survey
from indikatorbok.indicators import Context, ind_1_1_1
from indikatorbok.indicators.ind_4_1_2 import HEALTH_BENEFITS

SPEC = survey.ShareQuestion(
    question=ind_1_1_1.QUESTION,
    main=survey.Share("andel", ind_1_1_1.sees_risk,
                      "Ser risk för osakliga könsskillnader (sjukpenning, sjukersättning, "
                      "aktivitetsersättning)",
                      "att de ser risk för osakliga könsskillnader i minst ett moment av "
                      "handläggningen av enskildas ärenden"),
    subject="de svarande handläggarna inom sjukpenning, sjukersättning och aktivitetsersättning",
    population=lambda d: ind_1_1_1.in_population(d) & d["benefit"].isin(HEALTH_BENEFITS),
    groupings=("sex",),
)


def compute(ctx: Context):
    return survey.share_indicator(ctx, SPEC)
