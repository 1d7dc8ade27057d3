"""2.1.1 Caseworkers state that they inform parents and other relatives that the benefit
can be shared.

Definition: per benefit, among caseworkers (handläggare, utredare, beslutsfattare) handling
it who answered the question, the share who inform in all or most of their contacts or
cases (answer 1 or 2 of 5).
"""

from indikatorbok import survey
from indikatorbok.indicators import Context

CASEWORKERS = ("handläggare", "utredare", "beslutsfattare")
TOP, FEW = (1, 2), (4, 5)
BENEFITS = (  # (question suffix, label, subject)
    ("tfp", "Tillfällig föräldrapenning", "handläggarna inom tillfällig föräldrapenning"),
    ("fp", "Föräldrapenning", "handläggarna inom föräldrapenning"),
    ("ob", "Omvårdnadsbidrag", "handläggarna inom omvårdnadsbidrag"),
    ("meb", "Merkostnadsersättning för barn", "handläggarna inom merkostnadsersättning för barn"),
)


def caseworkers(df):
    return df["role"].isin(CASEWORKERS)


SPEC = survey.SeriesIndicator(
    series=tuple(
        survey.SurveySeries(
            key, f"{label}: informerar i alla eller de flesta ärenden", f"inform_split_{key}",
            TOP, subject, short=label, population=caseworkers,
            also=((survey.Share("fa", FEW, f"{label}: informerar i få ärenden eller aldrig",
                                "att de sällan eller aldrig tar upp det"),)
                  if key in ("fp", "tfp") else ()))
        for key, label, subject in BENEFITS),
    title="Andel som i alla eller de flesta kontakter och ärenden berättar att ersättningen "
          "går att dela",
    phrase="att de i alla eller de flesta kontakter och ärenden berättar att ersättningen går "
           "att dela",
    row_header="Förmån",
)


def compute(ctx: Context):
    return survey.series_indicator(ctx, SPEC)
