"""3.2.4 Priority documents include information on violence.

Definition: keyword review of the guidance documents (2023, 2025) and business plans (2023,
2025) listed in ``SPEC.scope``.
"""

from indikatorbok import reviews
from indikatorbok.indicators import Context
from indikatorbok.indicators.ind_1_2_4 import GUIDANCE_2023, GUIDANCE_2025, PLANS_2023, PLANS_2025

SPEC = reviews.Review(
    theme="information om mäns våld mot kvinnor och våld i nära relationer",
    keywords=(r"\bvåld", "kvinnofrid"),
    scope={2023: {"vagledning": GUIDANCE_2023, "verksamhetsplan": PLANS_2023},
           2025: {"vagledning": GUIDANCE_2025, "verksamhetsplan": PLANS_2025}},
)


def compute(ctx: Context):
    return reviews.review_indicator(ctx, SPEC)
