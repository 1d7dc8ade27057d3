"""1.2.4 Priority documents for governance, support, planning and follow-up include
information on unwarranted gender differences.

Definition: keyword review of the quality analyses (2021), the benefits' guidance documents
(2023, 2025) and the business plans (2023, 2025) listed in ``SPEC.scope``.
"""

from indikatorbok import reviews
from indikatorbok.indicators import Context

GUIDANCE_2023 = ("aktivitetsersattning", "assistansersattning", "sjukpenning", "sjukersattning",
                 "underhallsstod")
GUIDANCE_2025 = ("aktivitetsersattning", "assistansersattning", "barnbidrag", "bostadsbidrag",
                 "foraldrapenning", "merkostnadsersattning", "narstaendepenning",
                 "omvardnadsbidrag", "sjukersattning", "sjukpenning",
                 "tillfallig_foraldrapenning", "underhallsstod")
PLANS_2023 = ("avd_sjukforsakring", "avd_funktionsnedsattning")
PLANS_2025 = ("avd_barn_familj", "avd_funktionsnedsattning", "avd_sjukforsakring",
              "avd_gemensamma", "avd_tandvard_arbetsmarknad", "myndigheten")

SPEC = reviews.Review(
    theme="information om osakliga könsskillnader",
    keywords=("könsskillnad", "stereotyp", "föreställningar om kön", "likvärdig",
              "jämställdhetspolitisk"),
    scope={
        2021: {"kvalitetsanalys": ("aktivitetsersattning", "arbetsmarknad",
                                   "arbetsskadelivranta", "assistansersattning", "bilstod",
                                   "foraldrapenning", "merkostnadsersattning",
                                   "omvardnadsbidrag", "rehabiliteringsersattning",
                                   "sjukersattning", "sjukpenning", "underhallsstod")},
        2023: {"vagledning": GUIDANCE_2023, "verksamhetsplan": PLANS_2023},
        2025: {"vagledning": GUIDANCE_2025, "verksamhetsplan": PLANS_2025},
    },
)


def compute(ctx: Context):
    return reviews.review_indicator(ctx, SPEC)
