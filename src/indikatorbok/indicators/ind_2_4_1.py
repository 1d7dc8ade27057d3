"""2.4.1 Use of the agency's services that aim at an equal use of parental benefits.

Definition: visits per year to each e-service, rounded to the nearest thousand as published;
the total over the years rounded to the nearest hundred thousand.
"""

from indikatorbok import counts, sources
from indikatorbok.counts import CountSeries
from indikatorbok.indicators import Context

SOURCE = "eservice_visits"


def _series() -> tuple[CountSeries, ...]:
    services = sources.schema(SOURCE).columns["service"].codes
    return tuple(CountSeries(code, f"Besök: {label}", SOURCE,
                             lambda d, c=code: d["service"].eq(c), value="visits", short=label)
                 for code, label in services.items())


def _all_services(df):
    return df["service"].notna()


SPEC = counts.CountIndicator(
    series=(CountSeries("alla", "Besök på e-tjänsterna", SOURCE, _all_services, value="visits",
                        short="Samtliga tjänster"),
            *_series()),
    noun="besök på de e-tjänster som ska främja ett jämställt uttag",
    verb="gjordes",
    title="Antal besök på e-tjänsterna för ett jämställt uttag",
    source_text="Intern data från Försäkringskassans IT- och kommunikationsavdelning.",
    method=(
        "Antalet besök per tjänst och år enligt webbstatistiken. Hur många unika personer som "
        "har använt tjänsterna följs inte upp. En tjänst som inte fanns ett år saknar värde det "
        "året."
    ),
    rounding=1000,
    period="Besök på e-tjänsterna",
    period_rounding=100000,
    row_header="Tjänst",
)


def compute(ctx: Context):
    return counts.count_indicator(ctx, SPEC)
