"""1.2.3 Staff and managers take part in training on gender equality.

Definition: the number of participations per year in the agency's gender-equality courses
(the web course on gender mainstreaming, the agency's own until 2021 and the one shared by
all agencies after that, and the teacher-led course), from HR records. A person who takes
both courses counts twice. Published rounded to the nearest hundred, as in the report.
"""

from __future__ import annotations

import pandas as pd

from indikatorbok import plots, sources, stats, text
from indikatorbok.indicators import Context
from indikatorbok.result import Figure, IndicatorResult, MethodInfo, Row, Table, lookup, tidy_rows

SOURCE = "hr_training"
WEB = ("jam_webb_fk", "jam_webb_jamy")
TEACHER_LED = ("jam_larledd",)
SERIES = {
    "deltagare": "Deltagare i utbildning om jämställdhet",
    "webb": "Varav webbutbildning",
    "lararledd": "Varav lärarledd utbildning",
}
PERIOD_SERIES = {
    "deltagare": "Deltagare i utbildning om jämställdhet",
    "webb": "Deltagare i webbutbildning",
    "lararledd": "Deltagare i lärarledd utbildning",
}
SPLIT_ROUNDING = 10


def participations(df: pd.DataFrame) -> dict[str, int]:
    """Participations in the gender-equality courses, in total and by kind of course."""
    web = int(df["course"].isin(WEB).sum())
    teacher = int(df["course"].isin(TEACHER_LED).sum())
    return {"deltagare": web + teacher, "webb": web, "lararledd": teacher}


def compute(ctx: Context) -> IndicatorResult:
    ind = ctx.indicator
    frames = ctx.load(SOURCE)
    if not frames:
        raise sources.DataError(f"1.2.3: source '{SOURCE}' has no file for "
                                f"{ctx.years[0]}–{ctx.year}.")
    counts = {y: participations(df) for y, df in frames.items()}
    years = sorted(counts)
    rounding = {"deltagare": ind.rounding, "webb": SPLIT_ROUNDING, "lararledd": SPLIT_ROUNDING}
    span = text.year_span(years)
    tidy = pd.concat(
        [tidy_rows(ind.id, key, label, "count",
                   {y: (stats.round_half_up(counts[y][key], rounding[key]), None) for y in years})
         for key, label in SERIES.items()]
        + [tidy_rows(ind.id, f"{key}_perioden", f"{label} {span}", "count",
                     {years[-1]: (stats.round_half_up(sum(c[key] for c in counts.values()),
                                                      ind.rounding), None)})
           for key, label in PERIOD_SERIES.items()],
        ignore_index=True,
    )
    partial = {y: end for y in years if (end := ctx.delivery(y).period_end_text(SOURCE))}
    notes = [f"För {y} redovisas deltagare 1 januari–{end}." for y, end in partial.items()]
    notes.append(f"Antal deltagare är {text.rounded_to(ind.rounding)}, uppdelningen på typ "
                 f"av utbildning {text.rounded_to(SPLIT_ROUNDING)}.")
    tables = [
        Table("Antal deltagare i utbildningar inom jämställdhet",
              [Row("deltagare", label="Samtliga utbildningar"), Row("webb"), Row("lararledd")],
              "count", ctx.years, "Utbildning", notes=notes),
    ]

    latest = years[-1]
    narrative = [_level_sentence(counts, latest, ind.rounding, partial.get(latest))]
    if len(years) > 1:
        prev = years[-2]
        narrative[0] += " " + text.change_phrase(
            lookup(tidy, "deltagare", latest), lookup(tidy, "deltagare", prev), prev,
            significant=None, unit=("deltagare", "deltagare"))
    narrative.append(_period_sentence(tidy, years))
    narrative.append(_course_sentence(frames))

    web = [lookup(tidy, "webb", y) for y in years]
    teacher = [lookup(tidy, "lararledd", y) for y in years]
    fig = plots.grouped_bars([str(y) for y in years],
                             {"Webbutbildning": web, "Lärarledd utbildning": teacher},
                             "count", "Antal deltagare")
    alt = ("Stapeldiagram över antal deltagare per år och typ av utbildning: " + "; ".join(
        f"{y}: webbutbildning {text.number(w)}, lärarledd {text.number(t)}"
        for y, w, t in zip(years, web, teacher, strict=True)) + ".")
    figures = [Figure(fig, "Antal deltagare i utbildningar inom jämställdhet, efter typ av "
                           "utbildning och år", alt)]

    method = MethodInfo(
        source="Uppgifter från Försäkringskassans HR-avdelning om deltagande i utbildningar.",
        paragraphs=[
            "Indikatorn räknar deltaganden i webbutbildningen om jämställdhetsintegrering och i "
            "den lärarledda utbildningen om jämställdhet, osakliga könsskillnader och "
            "bemötande. Den som har gått båda utbildningarna under samma år räknas två gånger. "
            "Utbildningar om mäns våld mot kvinnor ingår inte.",
            "Antalen avrundas eftersom de beskriver storleksordningen; mindre skillnader "
            "mellan åren ska inte övertolkas.",
        ],
    )
    glue = {f"antal_{y}": text.number(lookup(tidy, "deltagare", y)) for y in years}
    glue["antal_perioden"] = text.number(lookup(tidy, "deltagare_perioden", latest))
    return IndicatorResult(ind, ctx.year, tidy, tables, figures, narrative, method,
                           ctx.synthetic, set(years), "deltagare", glue)


def _level_sentence(counts: dict, year: int, rounding: int, partial: str | None) -> str:
    n = text.number(stats.round_half_up(counts[year]["deltagare"], rounding))
    period = f" (till och med {partial})" if partial else ""
    return (f"Under {year}{period} registrerades cirka {n} deltaganden i Försäkringskassans "
            f"utbildningar om jämställdhet.")


def _period_sentence(tidy: pd.DataFrame, years: list[int]) -> str:
    total, web, teacher = (text.number(lookup(tidy, f"{k}_perioden", years[-1]))
                           for k in PERIOD_SERIES)
    return (f"Sammanlagt för {text.year_span(years)} handlar det om cirka {total} deltaganden, "
            f"varav cirka {web} i webbutbildningen och cirka {teacher} i den lärarledda "
            f"utbildningen.")


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
