"""The ``facts`` builder: indicators followed up through studies rather than data. The
facts live in the indicator's file (``facts``: title, source, year, text in our own words,
key figures)."""

from __future__ import annotations

import pandas as pd

from indikatorbok.kit import (
    Analysis,
    IndicatorResult,
    MethodInfo,
    NoMeasurement,
    Row,
    Shown,
    Table,
    step,
    text,
    tidy_rows,
)


def known(ctx) -> list[dict]:
    """The indicator's facts from studies published by the edition's year."""
    return [f for f in ctx.indicator.facts if int(f["year"]) <= ctx.year]


def paragraph(fact: dict) -> str:
    """A fact as a paragraph: bold title, source and year, then the text."""
    origin = f"{fact['source']}, {fact['year']}" if fact.get("source") else str(fact["year"])
    return f"**{fact['title']}.** {origin}. {fact['text']}"


class Facts(Analysis):
    """Results of studies, as the indicator's file gives them (nothing is computed).

    The facts are the indicator's ``facts`` (see the module docstring); the kind takes no
    parameters. Example::

        builder: facts
    """

    kind = "facts"

    @step("Studier")
    def studies(self) -> Shown:
        ind = self.ctx.indicator
        if not ind.facts:
            raise ValueError(f"{ind.id}: the indicator's file gives no facts")
        if not known(self.ctx):
            raise NoMeasurement(f"{ind.id}: no study published by {self.ctx.year}")
        rows = [{"Studie": f["title"], "År": f["year"], "Uppgifter": len(f.get("figures", ()))}
                for f in known(self.ctx)]
        return Shown("", pd.DataFrame(rows), ["Uppgifterna räknas inte om från data."])

    def build(self) -> IndicatorResult:
        return facts_indicator(self.ctx)


def facts_indicator(ctx) -> IndicatorResult:
    ind, facts = ctx.indicator, known(ctx)
    parts, tables, narrative = [], [], []
    for i, fact in enumerate(facts, start=1):
        year = int(fact["year"])
        narrative.append(paragraph(fact))
        rows: dict[str, list[Row]] = {"count": [], "percent": []}
        for j, figure in enumerate(fact.get("figures", ()), start=1):
            key = f"studie{i}_{j}"
            parts.append(tidy_rows(ind.id, key, figure["label"], figure["unit"],
                                   {year: (float(figure["value"]), None)},
                                   counted=figure.get("counted", "")))
            rows[figure["unit"]].append(Row(key, label=figure["label"]))
        for unit, shown in rows.items():
            if shown:
                tables.append(Table(f"{fact['title']}: underlag", shown, unit, [year],
                                    "Uppgift"))
    tidy = pd.concat(parts, ignore_index=True)
    years = sorted({int(f["year"]) for f in facts})
    method = MethodInfo(
        source=text.join([f["source"] for f in facts]) + ".",
        paragraphs=["Indikatorn följs upp genom studier. Resultaten återges här med egna "
                    "ord; uppgifterna om studiernas underlag kommer från studierna och "
                    "räknas inte om från data i boken."],
    )
    studies = "en studie" if len(facts) == 1 else f"{text.in_words(len(facts))} studier"
    return IndicatorResult(indicator=ind, year=ctx.year, synthetic=ctx.synthetic,
                           programme=ctx.programme, tidy=tidy, tables=tables,
                           narrative=narrative, method=method, measured_years=set(years),
                           headline=tidy.series_key.iloc[0], summary=f"resultat från {studies}")
