"""Shared logic of the count indicators: how many items of a kind a source holds per year."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from indikatorbok import plots, stats, text
from indikatorbok.result import (
    Figure,
    IndicatorResult,
    MethodInfo,
    Row,
    Table,
    lookup,
    tidy_rows,
)


@dataclass(frozen=True)
class CountSeries:
    """Rows of ``source`` matching ``where`` per year (or the sum of column ``value``)."""

    key: str
    label: str
    source: str
    where: Callable[[pd.DataFrame], pd.Series] | None = None
    value: str | None = None
    short: str | None = None  # row label in tables and figures, when shorter than ``label``

    def measure(self, df: pd.DataFrame) -> float:
        """The count; for a summed column with no matching rows NaN (nothing to measure)."""
        sel = df if self.where is None else df[self.where(df)]
        if self.value:
            return float(sel[self.value].sum()) if len(sel) else float("nan")
        return float(len(sel))


@dataclass(frozen=True)
class CountIndicator:
    """Counts per year for one or more series. ``noun`` and ``verb`` make the sentences:
    "Under 2020–2025 {verb} sammanlagt N {noun}." ``period``: label of a published total
    over the years (the span is appended), rounded to ``period_rounding``."""

    series: tuple[CountSeries, ...]
    noun: str
    verb: str
    title: str
    source_text: str
    method: str
    rounding: int = 1
    period: str | None = None
    period_rounding: int = 1
    row_header: str = ""


def of_kind(kind: str, theme: str | None = None) -> Callable[[pd.DataFrame], pd.Series]:
    """Items of internal reporting of one kind (and theme)."""
    if theme is None:
        return lambda d: d["kind"].eq(kind)
    return lambda d: d["kind"].eq(kind) & d["theme"].eq(theme)


def communication_efforts(theme: str, label: str, topic: str) -> CountIndicator:
    """Communication efforts on a theme (internal reporting), per year."""
    return CountIndicator(
        series=(CountSeries("antal", label, "internal_reporting",
                            of_kind("kommunikationsinsats", theme)),),
        noun=f"kommunikationsinsatser som helt eller delvis handlade om {topic}",
        verb="genomfördes",
        title=f"Antal kommunikationsinsatser på temat {topic}",
        source_text="Intern rapportering från Försäkringskassans kommunikationsavdelning.",
        method=("En kommunikationsinsats består oftast av flera inlägg i sociala medier eller "
                "andra kanaler, eller av information på webbplatsen; den räknas en gång. "
                "Insatser om andra teman räknas inte."),
        period=label,
    )


def rule_proposals(theme: str, label: str, purpose: str) -> CountIndicator:
    """Proposals for rule or law changes on a theme (internal reporting), per year."""
    return CountIndicator(
        series=(CountSeries("antal", label, "internal_reporting",
                            of_kind("regelforslag", theme)),),
        noun=f"förslag på regel- eller lagändringar som syftar till {purpose}",
        verb="lämnades",
        title=f"Antal lämnade förslag på regel- eller lagändringar som syftar till {purpose}",
        source_text="Intern rapportering från Försäkringskassans rättsavdelning.",
        method=("Räknar de förslag på regel- eller lagändringar i den interna rapporteringen "
                f"som syftar till {purpose}. Förslag inom andra områden räknas inte."),
    )


def child_reports(kind: str, recipient: str, period_rounding: int = 1) -> CountIndicator:
    """Reports to ``recipient`` (social services, the police) about children suspected of
    being harmed, registered in the agency's diary, per year."""
    label = f"Anmälningar till {recipient}"
    return CountIndicator(
        series=(CountSeries("antal", label, "internal_reporting", of_kind(kind)),),
        noun=f"anmälningar till {recipient} om barn som misstänktes fara illa",
        verb="gjordes",
        title=f"Antal anmälningar till {recipient} om barn som misstänks fara illa",
        source_text="Intern data från Försäkringskassans diarium.",
        method=f"Räknar de anmälningar till {recipient} som har registrerats i diariet under året.",
        period=label,
        period_rounding=period_rounding,
    )


def count_indicator(ctx, spec: CountIndicator) -> IndicatorResult:
    ind = ctx.indicator
    raw = {s.key: {y: s.measure(df) for y, df in ctx.load(s.source).items()}
           for s in spec.series}
    years = sorted({y for per_year in raw.values() for y in per_year})
    parts = [tidy_rows(ind.id, s.key, s.label, "count",
                       {y: (stats.round_half_up(v, spec.rounding), None)
                        for y, v in raw[s.key].items() if y in years})
             for s in spec.series]
    span = text.year_span(years)
    first = spec.series[0]
    total = sum(v for v in raw[first.key].values() if v == v)
    if spec.period:
        parts.append(tidy_rows(ind.id, "perioden", f"{spec.period} {span}", "count",
                               {years[-1]: (stats.round_half_up(total, spec.period_rounding),
                                            None)}))
    tidy = pd.concat(parts, ignore_index=True)

    partial = {y: end for y in years for s in spec.series
               if (end := ctx.delivery(y).period_end_text(s.source))}
    notes = [f"{y} redovisas uppgifter till och med {end}." for y, end in partial.items()]
    if spec.rounding > 1:
        notes.append(f"Antalen är {text.rounded_to(spec.rounding)}.")
    tables = [Table(spec.title, [Row(s.key, label=s.short or s.label) for s in spec.series],
                    "count", ctx.years, spec.row_header, notes=notes)]

    if total == 0:
        narrative = [f"Under {span} {spec.verb} inga {spec.noun}."]
    else:
        latest = years[-1]
        narrative = [f"Under {span} {spec.verb} sammanlagt "
                     f"{_about(total, spec)}{text.number(_rounded(total, spec))} {spec.noun}. "
                     f"År {latest} var antalet {text.number(lookup(tidy, first.key, latest))}."]
        if len(years) > 1:
            narrative[0] += " " + text.count_change(lookup(tidy, first.key, latest),
                                                    lookup(tidy, first.key, years[-2]), years[-2])
    figures = []
    if total > 0:
        # With several series, the first is their total: plot the parts.
        shown = spec.series[1:] if len(spec.series) > 2 else spec.series
        values = {s.short or s.label: [lookup(tidy, s.key, y) for y in years] for s in shown}
        figures.append(Figure(
            plots.grouped_bars([str(y) for y in years], values, "count", "Antal"),
            f"{spec.title}, per år. Antal",
            "Stapeldiagram per år: " + "; ".join(
                f"{lab} " + text.join([f"{y} {text.number(v)}"
                                       for y, v in zip(years, vals, strict=True)])
                for lab, vals in values.items()) + "."))
    method = MethodInfo(source=spec.source_text, paragraphs=[spec.method])
    glue = {f"antal_{y}": text.number(lookup(tidy, first.key, y)) for y in years}
    return IndicatorResult(ind, ctx.year, tidy, tables, figures, narrative, method,
                           ctx.synthetic, set(years), first.key, glue)


def _rounded(total: int, spec: CountIndicator) -> float:
    return stats.round_half_up(total, spec.period_rounding)


def _about(total: int, spec: CountIndicator) -> str:
    return "cirka " if spec.period_rounding > 1 and _rounded(total, spec) != total else ""
