"""3.4.1 Number of proposals for rule or law changes on men's violence against women and
domestic violence.

Definition: items of internal reporting of that kind and theme, counted per year; a year
with no such item counts as zero.
"""

from indikatorbok import counts
from indikatorbok.counts import CountSeries
from indikatorbok.indicators import Context

SOURCE = "internal_reporting"
SPEC = counts.CountIndicator(
    series=(
        CountSeries("antal", "Lämnade förslag på regeländringar mot våld", SOURCE,
                    counts.of_kind("regelforslag", "vald")),
    ),
    noun=(
        "förslag på regel- eller lagändringar som syftar till att minska mäns våld mot kvinnor "
        "och våld i nära relationer"
    ),
    verb="lämnades",
    title="Antal lämnade förslag på regel- eller lagändringar med anledning av våld",
    source_text="Intern rapportering från Försäkringskassans rättsavdelning.",
    method=(
        "Räknar de förslag på regel- eller lagändringar i den interna rapporteringen som "
        "syftar till att minska våld. Förslag inom andra områden räknas inte."
    ),
)


def compute(ctx: Context):
    return counts.count_indicator(ctx, SPEC)
