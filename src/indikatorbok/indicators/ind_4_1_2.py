"""4.1.2 Caseworkers state that they know what to do to avoid unwarranted gender differences
linked to unequal health.

Definition: as 1.1.2, for caseworkers in sickness benefit, sickness compensation and
activity compensation.
"""

from dataclasses import replace

from indikatorbok import survey
from indikatorbok.indicators import Context, ind_1_1_2

HEALTH_BENEFITS = ("sjukpenning", "sjukersättning", "aktivitetsersättning")

SPEC = replace(
    ind_1_1_2.SPEC,
    main=replace(ind_1_1_2.SPEC.main, label="Vet hur de kan motverka osakliga könsskillnader "
                 "(sjukpenning, sjukersättning, aktivitetsersättning)"),
    subject="de svarande handläggarna inom sjukpenning, sjukersättning och aktivitetsersättning",
    population=lambda d: ind_1_1_2.SPEC.population(d) & d["benefit"].isin(HEALTH_BENEFITS),
    groupings=("sex",),
    also=(),
)


def compute(ctx: Context):
    return survey.share_indicator(ctx, SPEC)
