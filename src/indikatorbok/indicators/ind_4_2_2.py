"""4.2.2 Priority documents include information on equal health.

Definition: keyword review (2023, 2025) of the guidance documents of activity compensation,
sickness benefit and sickness compensation, and the business plans of the departments
handling them and of the agency as a whole.
"""

from indikatorbok import reviews
from indikatorbok.indicators import Context

GUIDANCE = ("aktivitetsersattning", "sjukpenning", "sjukersattning")
PLANS = ("avd_sjukforsakring", "avd_funktionsnedsattning")

SPEC = reviews.Review(
    theme="information om jämställd hälsa",
    keywords=("jämställd hälsa", "ojämställd hälsa", "kvinnors och mäns hälsa"),
    scope={2023: {"vagledning": GUIDANCE, "verksamhetsplan": PLANS},
           2025: {"vagledning": GUIDANCE, "verksamhetsplan": (*PLANS, "myndigheten")}},
)


def compute(ctx: Context):
    return reviews.review_indicator(ctx, SPEC)
