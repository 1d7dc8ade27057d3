"""4.2.1 Staff and managers take part in training on equal health.

Definition: among managers, and among other staff, of the sickness-insurance department who
answered the question on workplace meetings, the share who ticked "Jämställdhet".
"""

from indikatorbok import survey
from indikatorbok.indicators import Context


def sickness_department(df):
    return df["department"].eq("sjukförsäkring")


SPEC = survey.SeriesIndicator(
    series=(
        survey.SurveySeries(
            "chefer", "Chefer: har pratat om jämställdhet på APT eller annat möte", "apt_topics",
            ("apt_equality",), "cheferna inom avdelningen för sjukförsäkring", short="Chefer",
            population=lambda d: sickness_department(d) & d["role"].eq("chef")),
        survey.SurveySeries(
            "medarbetare", "Medarbetare: har pratat om jämställdhet på APT eller annat möte",
            "apt_topics", ("apt_equality",), "medarbetarna inom avdelningen för sjukförsäkring",
            short="Medarbetare",
            population=lambda d: sickness_department(d) & ~d["role"].isin(["chef"])),
    ),
    title="Andel inom avdelningen för sjukförsäkring som har pratat om jämställdhet på APT "
          "eller i annat möte",
    phrase="att de under det senaste året har pratat om jämställdhet på en arbetsplatsträff "
           "eller i ett annat möte",
    headcounts=(("svarande", "Svarande inom avdelningen för sjukförsäkring",
                 sickness_department),),
)


def compute(ctx: Context):
    return survey.series_indicator(ctx, SPEC)
