"""1.2.2 Staff and managers feel that their immediate manager asks for results of the work
against unwarranted gender differences.

Definition: among caseworkers, specialists and managers who answered the staff-survey
question ``manager_follows_unwarranted`` (a 1–5 scale), the share who answered 4 or 5.
"""

from indikatorbok import survey
from indikatorbok.indicators import Context

SPEC = survey.ShareQuestion(
    question="manager_follows_unwarranted",
    main=survey.Share("andel", (4, 5),
                      "Närmsta chefen följer upp arbetet mot osakliga könsskillnader (4 eller 5)",
                      "4 eller 5 (på en skala från 1 till 5) när de bedömde hur mycket deras "
                      "närmsta chef följer upp deras arbete mot osakliga könsskillnader"),
    subject="medarbetarna och cheferna",
    groupings=("sex", "role_group"),
)


def compute(ctx: Context):
    return survey.share_indicator(ctx, SPEC)
