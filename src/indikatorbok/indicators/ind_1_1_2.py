"""1.1.2 Caseworkers state that they know what to do to avoid unwarranted gender differences.

Definition: among caseworkers and specialists who answered the staff-survey question
``knows_what_to_do``, the share who answered "Ja".
"""

from indikatorbok import survey
from indikatorbok.indicators import Context
from indikatorbok.indicators.ind_1_1_1 import in_population

SPEC = survey.ShareQuestion(
    question="knows_what_to_do",
    main=survey.Share("andel", ("ja",),
                      "Vet hur de kan motverka osakliga könsskillnader",
                      "att de vet hur de i sina ärenden kan förebygga osakliga "
                      "könsskillnader"),
    subject="de svarande handläggarna",
    population=in_population,
    groupings=("sex", "discretion"),
    also=(survey.Share("nej", ("nej",),
                       "Vet inte hur de kan motverka osakliga könsskillnader",
                       "att de saknar den kunskapen"),),
)


def compute(ctx: Context):
    return survey.share_indicator(ctx, SPEC)
