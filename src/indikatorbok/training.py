"""Training indicators: participations per year in a topic's courses, from HR records."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from indikatorbok import plots, stats, text
from indikatorbok.result import Figure, IndicatorResult, MethodInfo, Row, Table, lookup, tidy_rows

SOURCE = "hr_training"
SPLIT_ROUNDING = 10


@dataclass(frozen=True)
class Training:
    """The courses of a topic: web and teacher-led course codes, how the page names them,
    and an optional sentence on which courses ran when (from the data)."""

    web: tuple[str, ...]
    teacher_led: tuple[str, ...]
    topic: str  # "jämställdhet": completes "utbildningar om …"
    label: str  # series label, e.g. "Deltagare i utbildning om jämställdhet"
    period_labels: tuple[str, str]  # labels of the web and teacher-led totals over the years
    method: tuple[str, ...]
    courses_sentence: Callable[[dict[int, pd.DataFrame]], str] | None = None

    @property
    def series(self) -> dict[str, str]:
        return {"deltagare": self.label, "webb": "Varav webbutbildning",
                "lararledd": "Varav lärarledd utbildning"}

    @property
    def period_series(self) -> dict[str, str]:
        web, teacher = self.period_labels
        return {"deltagare": self.label, "webb": web, "lararledd": teacher}

    def participations(self, df: pd.DataFrame) -> dict[str, int]:
        """Participations in the topic's courses, in total and by kind of course."""
        web = int(df["course"].isin(self.web).sum())
        teacher = int(df["course"].isin(self.teacher_led).sum())
        return {"deltagare": web + teacher, "webb": web, "lararledd": teacher}


def training_indicator(ctx, spec: Training) -> IndicatorResult:
    ind = ctx.indicator
    frames = ctx.load_some(SOURCE)
    counts = {y: spec.participations(df) for y, df in frames.items()}
    years = sorted(counts)
    rounding = {"deltagare": ind.rounding, "webb": SPLIT_ROUNDING, "lararledd": SPLIT_ROUNDING}
    span = text.year_span(years)
    tidy = pd.concat(
        [tidy_rows(ind.id, key, label, "count",
                   {y: (stats.round_half_up(counts[y][key], rounding[key]), None) for y in years})
         for key, label in spec.series.items()]
        + [tidy_rows(ind.id, f"{key}_perioden", f"{label} {span}", "count",
                     {years[-1]: (stats.round_half_up(sum(c[key] for c in counts.values()),
                                                      ind.rounding), None)})
           for key, label in spec.period_series.items()],
        ignore_index=True,
    )
    partial = {y: end for y in years if (end := ctx.delivery(y).period_end_text(SOURCE))}
    notes = [f"För {y} redovisas deltagare 1 januari–{end}." for y, end in partial.items()]
    notes.append(f"Antal deltagare är {text.rounded_to(ind.rounding)}, uppdelningen på typ "
                 f"av utbildning {text.rounded_to(SPLIT_ROUNDING)}.")
    tables = [
        Table(f"Antal deltagare i utbildningar om {spec.topic}",
              [Row("deltagare", label="Samtliga utbildningar"), Row("webb"), Row("lararledd")],
              "count", ctx.years, "Utbildning", notes=notes),
    ]

    latest = years[-1]
    narrative = [_level_sentence(counts, latest, ind.rounding, partial.get(latest), spec)]
    if len(years) > 1:
        prev = years[-2]
        narrative[0] += " " + text.change_phrase(
            lookup(tidy, "deltagare", latest), lookup(tidy, "deltagare", prev), prev,
            significant=None, unit=("deltagare", "deltagare"))
    narrative.append(_period_sentence(tidy, years, spec))
    if spec.courses_sentence:
        narrative.append(spec.courses_sentence(frames))

    web = [lookup(tidy, "webb", y) for y in years]
    teacher = [lookup(tidy, "lararledd", y) for y in years]
    fig = plots.grouped_bars([str(y) for y in years],
                             {"Webbutbildning": web, "Lärarledd utbildning": teacher},
                             "count", "Antal deltagare")
    alt = ("Stapeldiagram över antal deltagare per år och typ av utbildning: " + "; ".join(
        f"{y}: webbutbildning {text.number(w)}, lärarledd {text.number(t)}"
        for y, w, t in zip(years, web, teacher, strict=True)) + ".")
    figures = [Figure(fig, f"Antal deltagare i utbildningar om {spec.topic}, efter typ av "
                           "utbildning och år", alt)]

    method = MethodInfo(
        source="Uppgifter från Försäkringskassans HR-avdelning om deltagande i utbildningar.",
        paragraphs=list(spec.method),
    )
    glue = {f"antal_{y}": text.number(lookup(tidy, "deltagare", y)) for y in years}
    glue["antal_perioden"] = text.number(lookup(tidy, "deltagare_perioden", latest))
    return IndicatorResult(ind, ctx.year, tidy, tables, figures, narrative, method,
                           ctx.synthetic, set(years), "deltagare", glue)


def _level_sentence(counts: dict, year: int, rounding: int, partial: str | None,
                    spec: Training) -> str:
    n = text.number(stats.round_half_up(counts[year]["deltagare"], rounding))
    period = f" (till och med {partial})" if partial else ""
    return (f"Under {year}{period} registrerades cirka {n} deltaganden i Försäkringskassans "
            f"utbildningar om {spec.topic}.")


def _period_sentence(tidy: pd.DataFrame, years: list[int], spec: Training) -> str:
    total, web, teacher = (text.number(lookup(tidy, f"{k}_perioden", years[-1]))
                           for k in spec.period_series)
    return (f"Sammanlagt för {text.year_span(years)} handlar det om cirka {total} deltaganden, "
            f"varav cirka {web} i webbutbildningen och cirka {teacher} i den lärarledda "
            f"utbildningen.")
