"""3.7.2 Number of reports from the agency to the police when a child is suspected of being
harmed.

Definition: reports to the police registered in the agency's diary, per year.
"""

from indikatorbok import counts
from indikatorbok.indicators import Context

SPEC = counts.child_reports("anmalan_polis", "polisen")


def compute(ctx: Context):
    return counts.count_indicator(ctx, SPEC)
