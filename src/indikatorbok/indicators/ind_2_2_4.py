"""2.2.4 Priority documents include information on equal use.

Definition: keyword review (2025) of the guidance documents of the benefits that parents
and other relatives can share, and of the business plans of their departments and of the
agency as a whole.
"""

from indikatorbok import reviews
from indikatorbok.indicators import Context

SPEC = reviews.Review(
    theme="information om jämställt uttag",
    keywords=("jämställt uttag", "jämställt användande", "den andra föräldern",
              "fördela föräldraledigheten"),
    scope={2025: {
        "vagledning": ("barnbidrag", "foraldrapenning", "merkostnadsersattning",
                       "narstaendepenning", "omvardnadsbidrag", "tillfallig_foraldrapenning"),
        "verksamhetsplan": ("avd_barn_familj", "avd_funktionsnedsattning", "myndigheten"),
    }},
)


def compute(ctx: Context):
    return reviews.review_indicator(ctx, SPEC)
