"""3.6.1 Individuals perceive that the agency informs about violence.

Followed up through an interview study; the facts are in the catalog."""

from indikatorbok import facts
from indikatorbok.indicators import Context


def compute(ctx: Context):
    return facts.facts_indicator(ctx)
