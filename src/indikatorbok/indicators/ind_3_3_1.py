"""3.3.1 Number of communication efforts on the theme of violence in close relationships.

Definition: communication efforts aimed at the public that wholly or partly concern
violence in close relationships, as reported by the communication department, per year.
"""

from indikatorbok import counts
from indikatorbok.indicators import Context

SPEC = counts.communication_efforts("vald", "Kommunikationsinsatser om våld",
                                    "våld i nära relationer")


def compute(ctx: Context):
    return counts.count_indicator(ctx, SPEC)
