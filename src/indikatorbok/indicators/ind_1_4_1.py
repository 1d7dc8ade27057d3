"""1.4.1 Number of supervision decisions in which the Equality Ombudsman (DO) finds that the
agency has broken the prohibition of discrimination on the grounds of sex or transgender
identity or expression.

Definition: DO supervision decisions concerning the agency and those grounds, per year, as
reported internally; and of them, those in which DO found a violation.
"""

from indikatorbok import counts
from indikatorbok.counts import CountSeries
from indikatorbok.indicators import Context

SOURCE = "internal_reporting"
DECISIONS = counts.of_kind("do_tillsynsbeslut", "kon_diskriminering")
SPEC = counts.CountIndicator(
    series=(
        CountSeries("beslut", "Tillsynsbeslut från DO om Försäkringskassan, "
                    "diskrimineringsgrunden kön", SOURCE, DECISIONS),
        CountSeries("overtradelse", "Tillsynsbeslut där DO konstaterat överträdelse", SOURCE,
                    lambda d: DECISIONS(d) & d["outcome"].eq("overtradelse")),
    ),
    noun=(
        "tillsynsbeslut från Diskrimineringsombudsmannen om Försäkringskassan och "
        "diskrimineringsgrunderna kön eller könsöverskridande identitet eller uttryck"
    ),
    verb="fattades",
    title="Tillsynsbeslut från Diskrimineringsombudsmannen om diskriminering utifrån kön",
    row_header="Beslut",
    source_text="Diskrimineringsombudsmannens tillsynsbeslut, sammanställda i intern "
                "rapportering.",
    method=(
        "Räknar de tillsynsbeslut som gäller Försäkringskassan och diskrimineringsgrunderna kön "
        "eller könsöverskridande identitet eller uttryck, och av dem de beslut där DO har "
        "konstaterat en överträdelse av diskrimineringsförbudet."
    ),
)


def compute(ctx: Context):
    return counts.count_indicator(ctx, SPEC)
