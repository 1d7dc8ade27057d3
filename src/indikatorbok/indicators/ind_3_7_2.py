"""3.7.2 Number of reports from the agency to the police when a child is suspected of being
harmed.

Definition: reports to the police registered in the agency's diary, per year.
"""

from indikatorbok import counts
from indikatorbok.counts import CountSeries
from indikatorbok.indicators import Context

SPEC = counts.CountIndicator(
    series=(CountSeries("antal", "Anmälningar till polisen", "internal_reporting",
                        counts.of_kind("anmalan_polis")),),
    noun="anmälningar till polisen om barn som misstänktes fara illa",
    verb="gjordes",
    title="Antal anmälningar till polisen om barn som misstänks fara illa",
    source_text="Intern data från Försäkringskassans diarium.",
    method="Räknar de anmälningar till polisen som har registrerats i diariet under året.",
    period="Anmälningar till polisen",
)


def compute(ctx: Context):
    return counts.count_indicator(ctx, SPEC)
