"""3.1.4 Number of digital services developed to ask about violence.

Definition: items of internal reporting of that kind and theme, counted per year; a year
with no such item counts as zero.
"""

from indikatorbok import counts
from indikatorbok.counts import CountSeries
from indikatorbok.indicators import Context

SOURCE = "internal_reporting"
SPEC = counts.CountIndicator(
    series=(
        CountSeries("antal", "Digitala tjänster för att fråga om våld", SOURCE,
                    counts.of_kind("e_tjanst", "vald")),
    ),
    noun="digitala tjänster för att fråga om våld i nära relationer",
    verb="togs fram",
    title="Antal digitala tjänster som har tagits fram för att fråga om våld",
    source_text="Intern rapportering från Försäkringskassans IT- och kommunikationsavdelning.",
    method=(
        "Räknar de tjänster i den interna rapporteringen som har tagits fram under året och "
        "som ska hjälpa till att fråga om våld i nära relationer."
    ),
)


def compute(ctx: Context):
    return counts.count_indicator(ctx, SPEC)
