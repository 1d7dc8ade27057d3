"""1.4.2 Caseworkers state that they have not suspected discrimination on the grounds of sex
or transgender identity or expression.

Definition: among caseworkers who answered ``discrimination_risk``, the share who answered
"Ja" and then ticked the ground "Kön" (respectively "Könsöverskridande identitet eller
uttryck") in ``discrimination_grounds``. The survey asks about risks, not suspicions; the
page says so.
"""

from indikatorbok import survey
from indikatorbok.indicators import Context
from indikatorbok.indicators.ind_1_1_1 import in_population


def ticked(column: str):
    return lambda d: d[column].eq(1)


SPEC = survey.ShareQuestion(
    question="discrimination_risk",
    main=survey.Share("andel", ticked("ground_sex"), "Ser risk för diskriminering utifrån kön",
                      "att de i försäkringsärendena ser en risk att enskilda diskrimineras "
                      "på grund av kön"),
    subject="de svarande handläggarna",
    population=in_population,
    groupings=("sex", "discretion"),
    also=(survey.Share("konsoverskridande", ticked("ground_transgender"),
                       "Ser risk för diskriminering utifrån könsöverskridande identitet eller "
                       "uttryck",
                       "att de ser risk för diskriminering utifrån könsöverskridande identitet "
                       "eller uttryck"),),
)


def compute(ctx: Context):
    return survey.share_indicator(ctx, SPEC)
