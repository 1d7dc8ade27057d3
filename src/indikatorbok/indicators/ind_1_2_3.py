"""1.2.3 Staff and managers take part in training on gender equality.

Definition: the number of participations per year in the agency's gender-equality courses
(the web course on gender mainstreaming, the agency's own until 2021 and the one shared by
all agencies after that, and the teacher-led course), from HR records. A person who takes
both courses counts twice. Published rounded to the nearest hundred, as in the report.
"""

from __future__ import annotations

import pandas as pd

from indikatorbok import text, training
from indikatorbok.indicators import Context
from indikatorbok.result import IndicatorResult


def _course_sentence(frames: dict[int, pd.DataFrame]) -> str:
    own = sorted(y for y, df in frames.items() if df["course"].eq("jam_webb_fk").any())
    shared = sorted(y for y, df in frames.items() if df["course"].eq("jam_webb_jamy").any())
    parts = []
    if own:
        parts.append(f"Försäkringskassans egen webbutbildning användes {text.year_span(own)}")
    if shared:
        parts.append(f"den myndighetsgemensamma webbutbildningen från Jämställdhetsmyndigheten "
                     f"{text.year_span(shared)}")
    sentence = text.join(parts)
    return sentence[:1].upper() + sentence[1:] + "." if sentence else ""


SPEC = training.Training(
    web=("jam_webb_fk", "jam_webb_jamy"),
    teacher_led=("jam_larledd",),
    topic="jämställdhet",
    label="Deltagare i utbildning om jämställdhet",
    period_labels=("Deltagare i webbutbildning", "Deltagare i lärarledd utbildning"),
    method=(
        "Indikatorn räknar deltaganden i webbutbildningen om jämställdhetsintegrering och i "
        "den lärarledda utbildningen om jämställdhet, osakliga könsskillnader och "
        "bemötande. Den som har gått båda utbildningarna under samma år räknas två gånger. "
        "Utbildningar om mäns våld mot kvinnor ingår inte.",
        "Antalen avrundas eftersom de beskriver storleksordningen; mindre skillnader "
        "mellan åren ska inte övertolkas.",
    ),
    courses_sentence=_course_sentence,
)


def compute(ctx: Context) -> IndicatorResult:
    return training.training_indicator(ctx, SPEC)
