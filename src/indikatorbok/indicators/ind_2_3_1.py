"""2.3.1 Number of proposals for rule or law changes aimed at an equal use of benefits.

Definition: items of internal reporting of that kind and theme, counted per year; a year
with no such item counts as zero.
"""

from indikatorbok import counts
from indikatorbok.counts import CountSeries
from indikatorbok.indicators import Context

SOURCE = "internal_reporting"
SPEC = counts.CountIndicator(
    series=(
        CountSeries("antal", "Lämnade förslag på regeländringar för jämställt uttag", SOURCE,
                    counts.of_kind("regelforslag", "jamstallt_uttag")),
    ),
    noun="förslag på regel- eller lagändringar som syftar till ett mer jämställt uttag",
    verb="lämnades",
    title="Antal lämnade förslag på regel- eller lagändringar som syftar till jämställt uttag",
    source_text="Intern rapportering från Försäkringskassans rättsavdelning.",
    method=(
        "Räknar de förslag på regel- eller lagändringar i den interna rapporteringen som "
        "syftar till ett jämställt uttag. Förslag inom andra områden räknas inte."
    ),
)


def compute(ctx: Context):
    return counts.count_indicator(ctx, SPEC)
