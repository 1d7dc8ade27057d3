"""3.4.1 Number of proposals for rule or law changes on men's violence against women and
domestic violence.

Definition: items of internal reporting of that kind and theme, counted per year; a year
with no such item counts as zero.
"""

from indikatorbok import counts
from indikatorbok.indicators import Context

SPEC = counts.rule_proposals("vald", "Lämnade förslag på regeländringar mot våld",
                             "att minska mäns våld mot kvinnor och våld i nära relationer")


def compute(ctx: Context):
    return counts.count_indicator(ctx, SPEC)
