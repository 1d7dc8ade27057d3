"""2.1.3 Number of communication efforts on the theme of equal use.

Definition: communication efforts aimed at the public that wholly or partly concern an
equal use of the benefits, as reported by the communication department, per year.
"""

from indikatorbok import counts
from indikatorbok.counts import CountSeries
from indikatorbok.indicators import Context

SPEC = counts.CountIndicator(
    series=(CountSeries("antal", "Kommunikationsinsatser om jämställt uttag",
                        "internal_reporting",
                        counts.of_kind("kommunikationsinsats", "jamstallt_uttag")),),
    noun="kommunikationsinsatser som helt eller delvis handlade om jämställt uttag",
    verb="genomfördes",
    title="Antal kommunikationsinsatser på temat jämställt uttag",
    source_text="Intern rapportering från Försäkringskassans kommunikationsavdelning.",
    method=(
        "En kommunikationsinsats består oftast av flera inlägg i sociala medier eller andra "
        "kanaler, eller av information på webbplatsen; den räknas en gång. Insatser om andra "
        "teman räknas inte."
    ),
    period="Kommunikationsinsatser om jämställt uttag",
)


def compute(ctx: Context):
    return counts.count_indicator(ctx, SPEC)
