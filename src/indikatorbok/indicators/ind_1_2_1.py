"""1.2.1 Staff and managers feel they have sufficient prerequisites to counteract unwarranted
gender differences.

Definition: among caseworkers, specialists and managers who answered the staff-survey
question ``prerequisites_unwarranted`` (a 1–5 scale), the share who answered 4 or 5.
"""

from indikatorbok import survey
from indikatorbok.indicators import Context

SPEC = survey.ShareQuestion(
    question="prerequisites_unwarranted",
    main=survey.Share("andel", (4, 5),
                      "Har förutsättningar att motverka osakliga könsskillnader (4 eller 5)",
                      "4 eller 5 (på en skala från 1 till 5) när de bedömde sina "
                      "förutsättningar att bidra till arbetet mot osakliga könsskillnader"),
    subject="medarbetarna och cheferna",
    groupings=("sex", "role_group"),
)


def compute(ctx: Context):
    return survey.share_indicator(ctx, SPEC)
