"""4.3.1 Number of proposals for rule or law changes aimed at gender-equal health.

Definition: items of internal reporting of that kind and theme, counted per year; a year
with no such item counts as zero.
"""

from indikatorbok import counts
from indikatorbok.counts import CountSeries
from indikatorbok.indicators import Context

SOURCE = "internal_reporting"
SPEC = counts.CountIndicator(
    series=(
        CountSeries("antal", "Lämnade förslag på regeländringar för jämställd hälsa", SOURCE,
                    counts.of_kind("regelforslag", "jamstalld_halsa")),
    ),
    noun="förslag på regel- eller lagändringar som syftar till jämställd hälsa",
    verb="lämnades",
    title="Antal lämnade förslag på regel- eller lagändringar som syftar till jämställd hälsa",
    source_text="Intern rapportering från Försäkringskassans rättsavdelning.",
    method=(
        "Räknar de förslag på regel- eller lagändringar i den interna rapporteringen som "
        "syftar till jämställd hälsa. Förslag inom andra områden räknas inte."
    ),
)


def compute(ctx: Context):
    return counts.count_indicator(ctx, SPEC)
