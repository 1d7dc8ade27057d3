"""4.3.1 Number of proposals for rule or law changes aimed at gender-equal health.

Definition: items of internal reporting of that kind and theme, counted per year; a year
with no such item counts as zero.
"""

from indikatorbok import counts
from indikatorbok.indicators import Context

SPEC = counts.rule_proposals("jamstalld_halsa",
                             "Lämnade förslag på regeländringar för jämställd hälsa",
                             "jämställd hälsa")


def compute(ctx: Context):
    return counts.count_indicator(ctx, SPEC)
