"""3.3.1 Number of communication efforts on the theme of violence in close relationships.

Definition: communication efforts aimed at the public that wholly or partly concern
violence in close relationships, as reported by the communication department, per year.
"""

from indikatorbok import counts
from indikatorbok.counts import CountSeries
from indikatorbok.indicators import Context

SPEC = counts.CountIndicator(
    series=(CountSeries("antal", "Kommunikationsinsatser om våld",
                        "internal_reporting",
                        counts.of_kind("kommunikationsinsats", "vald")),),
    noun="kommunikationsinsatser som helt eller delvis handlade om våld i nära relationer",
    verb="genomfördes",
    title="Antal kommunikationsinsatser på temat våld i nära relationer",
    source_text="Intern rapportering från Försäkringskassans kommunikationsavdelning.",
    method=(
        "En kommunikationsinsats består oftast av flera inlägg i sociala medier eller andra "
        "kanaler, eller av information på webbplatsen; den räknas en gång. Insatser om andra "
        "teman räknas inte."
    ),
    period="Kommunikationsinsatser om våld",
)


def compute(ctx: Context):
    return counts.count_indicator(ctx, SPEC)
