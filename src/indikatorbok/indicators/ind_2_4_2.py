"""2.4.2 Conversations with parents are judged to help them make informed, more equal choices.

Followed up through a literature review of two studies; the facts are in the catalog."""

from indikatorbok import facts
from indikatorbok.indicators import Context


def compute(ctx: Context):
    return facts.facts_indicator(ctx)
