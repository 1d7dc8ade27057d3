"""2.1.4 Number of digital services developed for an equal use of benefits.

Definition: items of internal reporting of that kind and theme, counted per year; a year
with no such item counts as zero.
"""

from indikatorbok import counts
from indikatorbok.counts import CountSeries
from indikatorbok.indicators import Context

SOURCE = "internal_reporting"
SPEC = counts.CountIndicator(
    series=(
        CountSeries("antal", "Utvecklade e-tjänster för jämställt uttag", SOURCE,
                    counts.of_kind("e_tjanst", "jamstallt_uttag")),
    ),
    noun="digitala tjänster med syfte att främja ett jämställt uttag",
    verb="utvecklades eller lanserades",
    title="Antal e-tjänster som har utvecklats för ett jämställt uttag",
    source_text="Intern rapportering från Försäkringskassans IT- och kommunikationsavdelning.",
    method=(
        "Räknar de tjänster i den interna rapporteringen som har utvecklats eller lanserats "
        "under året och som helt eller delvis syftar till ett jämställt uttag."
    ),
)


def compute(ctx: Context):
    return counts.count_indicator(ctx, SPEC)
