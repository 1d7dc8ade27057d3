"""Keyword reviews of documents: which reviewed documents mention a theme."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from indikatorbok import sources, text
from indikatorbok.result import IndicatorResult, MethodInfo, Row, Table, tidy_rows

SOURCE = "documents"
# Document type -> (plural, definite plural), for tables and sentences.
PLURALS = {"vagledning": ("vägledningar", "vägledningarna"),
           "verksamhetsplan": ("verksamhetsplaner", "verksamhetsplanerna"),
           "kvalitetsanalys": ("kvalitetsanalyser", "kvalitetsanalyserna")}


@dataclass(frozen=True)
class Review:
    """A keyword review: the theme's keywords (regular expressions, case-insensitive), which
    documents it covers per review year (document type -> owners), and how the text names
    the theme ("information om våld")."""

    theme: str
    keywords: tuple[str, ...]
    scope: dict[int, dict[str, tuple[str, ...]]]

    @property
    def pattern(self) -> re.Pattern:
        return re.compile("|".join(self.keywords), re.IGNORECASE)

    def mentions(self, document_text: str) -> bool:
        return bool(self.pattern.search(document_text or ""))


def review_indicator(ctx, spec: Review) -> IndicatorResult:
    ind = ctx.indicator
    schema = sources.schema(SOURCE)
    types, owners = schema.columns["doc_type"].codes, schema.columns["owner"].codes
    frames = {y: df for y, df in ctx.load(SOURCE).items() if y in spec.scope}
    if not frames:
        raise sources.DataError(f"{ind.id}: source '{SOURCE}' has no review year "
                                f"{text.join([str(y) for y in spec.scope])}.")
    parts, missing, found = [], [], {}
    for year, df in sorted(frames.items()):
        for doc_type, members in spec.scope[year].items():
            for owner in members:
                docs = df[(df["doc_type"] == doc_type) & (df["owner"] == owner)]
                if docs.empty:
                    missing.append(f"{types[doc_type].lower()} för {owners[owner]} ({year})")
                    continue
                hit = any(spec.mentions(t) for t in docs["text"])
                found.setdefault((year, doc_type), []).append((owner, hit))
                parts.append(tidy_rows(ind.id, f"{doc_type}_{owner}",
                                       f"{types[doc_type]}: {owners[owner]}", "flag",
                                       {year: (float(hit), None)}, group_key=doc_type,
                                       group=types[doc_type]))
    if missing:
        raise sources.DataError(f"{ind.id}: the review covers documents that are missing in "
                                f"source '{SOURCE}': {text.join(missing)}.")
    tidy = pd.concat(parts, ignore_index=True)
    years = sorted(frames)
    tables = []
    for doc_type in types:
        keys = list(dict.fromkeys(k for k in tidy[tidy.group_key == doc_type].series_key))
        if keys:
            tables.append(Table(
                f"{PLURALS[doc_type][0].capitalize()} som innehåller {spec.theme}, efter "
                f"granskningsår",
                [Row(k, doc_type, owners[k.split("_", 1)[1]]) for k in keys], "flag", years,
                "Förmån eller avdelning",
                notes=["Ja: dokumentet innehåller minst ett av nyckelorden; .. : dokumentet "
                       "ingick inte i granskningen det året."]))
    narrative = []
    for (year, doc_type), results in sorted(found.items()):
        hits = [owners[o] for o, h in results if h]
        plural, definite = PLURALS[doc_type]
        if len(hits) == len(results) > 1:
            narrative.append(f"År {year} innehöll samtliga {len(results)} granskade {plural} "
                             f"{spec.theme}.")
        elif not hits:
            narrative.append(f"År {year} innehöll ingen av de {len(results)} granskade "
                             f"{definite} {spec.theme}.")
        else:
            names = text.join([text.lower_first(h) if h.startswith("Avdelningen")
                               else h.lower() for h in hits])
            narrative.append(f"År {year} innehöll {len(hits)} av {len(results)} granskade "
                             f"{plural} {spec.theme}: {names}.")
    method = MethodInfo(
        source="Försäkringskassans vägledningar, verksamhetsplaner och kvalitetsanalyser, "
               "granskade de år som anges.",
        paragraphs=[
            "Dokumentens text söks efter nyckelord för temat (stora och små bokstäver "
            "likställs): " + text.join([f"”{k}”" for k in spec.keywords]) + ". Ett dokument "
            "räknas som integrerat med temat om minst ett nyckelord förekommer. En "
            "maskinell sökning ersätter inte en läsning: ett nyckelord kan förekomma i ett "
            "annat sammanhang, och temat kan beskrivas med andra ord.",
            "Vilka dokument som granskas bestäms av indikatorns definition, efter "
            "handläggarnas bedömningsutrymme, målgruppens storlek och temats koppling till "
            "förmånen.",
        ],
    )
    latest = [hit for (y, _), results in found.items() if y == years[-1] for _, hit in results]
    summary = f"{sum(latest)} av {len(latest)} granskade dokument innehåller {spec.theme}"
    return IndicatorResult(ind, ctx.year, tidy, tables, [], narrative, method, ctx.synthetic,
                           set(years), tidy.series_key.iloc[0], summary=summary)
