"""2.1.3 Number of communication efforts on the theme of equal use.

Definition: communication efforts aimed at the public that wholly or partly concern an
equal use of the benefits, as reported by the communication department, per year.
"""

from indikatorbok import counts
from indikatorbok.indicators import Context

SPEC = counts.communication_efforts("jamstallt_uttag", "Kommunikationsinsatser om jämställt uttag",
                                    "jämställt uttag")


def compute(ctx: Context):
    return counts.count_indicator(ctx, SPEC)
