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
                      "Vet vad de kan göra för att motverka osakliga könsskillnader",
                      "att de vet vad de kan göra för att motverka osakliga skillnader mellan "
                      "kvinnor och män i handläggningen"),
    subject="de svarande handläggarna",
    population=in_population,
    groupings=("sex", "discretion"),
    also=(survey.Share("nej", ("nej",),
                       "Vet inte vad de kan göra för att motverka osakliga könsskillnader",
                       "att de inte vet vad de kan göra"),),
)


def compute(ctx: Context):
    return survey.share_indicator(ctx, SPEC)
