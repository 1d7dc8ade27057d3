"""The ``keyword_review`` builder: which reviewed documents mention a theme.

Parameters: ``source`` (documents, one row each, with ``type_column``, ``owner_column`` and
``text_column``; defaults ``doc_type``, ``owner``, ``text``); ``theme`` (e.g. "information om
våld"); ``keywords`` (regular expressions, case-insensitive); ``scope``: the documents each
review year covers (document type -> owners); ``owner_header``: what the owners are, as the
tables' first column says it; ``plurals`` of the document types (plural and definite plural,
for tables and sentences); ``source_text``.
"""

from __future__ import annotations

import re

import pandas as pd

from indikatorbok import sources
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


class Review(Analysis):
    """Which reviewed documents mention a theme (keywords per theme, documents per review
    year).

    Parameters: the module docstring. Example::

        builder: keyword_review
        parameters:
          source: documents
          theme: information om jämställt uttag
          keywords: [jämställt uttag, den andra föräldern]
          scope:
            2025:
              vagledning: [foraldrapenning, tillfallig_foraldrapenning]
              verksamhetsplan: [myndigheten]
          owner_header: Förmån eller avdelning
          plurals:
            vagledning: [vägledningar, vägledningarna]
            verksamhetsplan: [verksamhetsplaner, verksamhetsplanerna]
          source_text: Myndighetens vägledningar och verksamhetsplaner.
    """

    kind = "keyword_review"

    @property
    def pattern(self) -> re.Pattern:
        return re.compile("|".join(self.p("keywords")), re.IGNORECASE)

    def mentions(self, document_text: str) -> bool:
        return bool(self.pattern.search(document_text or ""))

    @property
    def scope(self) -> dict[int, dict[str, list[str]]]:
        return {int(y): dict(s) for y, s in self.p("scope").items()}

    def columns(self) -> tuple[str, str, str]:
        return (self.p("type_column", "doc_type"), self.p("owner_column", "owner"),
                self.p("text_column", "text"))

    @step("Data: granskade dokument per år")
    def read(self) -> Shown:
        source = self.p("source")
        self.frames = {y: df for y, df in self.ctx.load(source).items() if y in self.scope}
        if not self.frames:
            raise NoMeasurement(f"{self.ctx.indicator.id}: source '{source}' has no "
                                    f"review year {text.join([str(y) for y in self.scope])}.")
        rows = [{"År": y, "Dokument i underlaget": len(df),
                 "I granskningen": sum(len(v) for v in self.scope[y].values())}
                for y, df in sorted(self.frames.items())]
        return Shown("", pd.DataFrame(rows))

    @step("Granskning: nyckelord per dokument")
    def review(self) -> Shown:
        ind, spec = self.ctx.indicator, self.ctx.schema(self.p("source"))
        type_col, owner_col, text_col = self.columns()
        types, owners = spec.columns[type_col].codes, spec.columns[owner_col].codes
        parts, missing, found, shown = [], [], {}, []
        for year, df in sorted(self.frames.items()):
            for doc_type, members in self.scope[year].items():
                for owner in members:
                    docs = df[(df[type_col] == doc_type) & (df[owner_col] == owner)]
                    if docs.empty:
                        missing.append(f"{types[doc_type].lower()} för {owners[owner]} ({year})")
                        continue
                    hits = [m.group() for t in docs[text_col]
                            if (m := self.pattern.search(t or ""))]
                    hit = bool(hits)
                    shown.append({"År": year, "Typ": types[doc_type], "Ägare": owners[owner],
                                  "Träff": "ja" if hit else "nej",
                                  "Första träff": hits[0] if hits else ""})
                    found.setdefault((year, doc_type), []).append((owner, hit))
                    parts.append(tidy_rows(ind.id, f"{doc_type}_{owner}",
                                           f"{types[doc_type]}: {owners[owner]}", "flag",
                                           {year: (float(hit), None)}, group_key=doc_type,
                                           group=types[doc_type]))
        if missing:
            raise sources.DataError(f"{ind.id}: the review covers documents that are missing "
                                    f"in source '{self.p('source')}': {text.join(missing)}.")
        self.tidy, self.found = pd.concat(parts, ignore_index=True), found
        self.types, self.owners = types, owners
        return Shown("", pd.DataFrame(shown),
                     ["Nyckelord: " + "; ".join(self.p("keywords")) + "."])

    def build(self) -> IndicatorResult:
        tidy, found = self.tidy, self.found
        types, owners, plurals = self.types, self.owners, self.p("plurals")
        theme, keywords = self.p("theme"), self.p("keywords")
        years = sorted(self.frames)
        tables = []
        for doc_type in types:
            keys = list(dict.fromkeys(k for k in tidy[tidy.group_key == doc_type].series_key))
            if keys:
                tables.append(Table(
                    f"{plurals[doc_type][0].capitalize()} som innehåller {theme}, efter "
                    f"granskningsår",
                    [Row(k, doc_type, owners[k.split("_", 1)[1]]) for k in keys], "flag",
                    years, self.p("owner_header"),
                    notes=["Ja: dokumentet innehåller minst ett av nyckelorden; .. : "
                           "dokumentet ingick inte i granskningen det året."]))
        narrative = []
        for (year, doc_type), results in sorted(found.items()):
            hits = [owners[o] for o, h in results if h]
            plural, definite = plurals[doc_type]
            if len(hits) == len(results) > 1:
                narrative.append(f"År {year} innehöll samtliga {len(results)} granskade "
                                 f"{plural} {theme}.")
            elif not hits:
                narrative.append(f"År {year} innehöll ingen av de {len(results)} granskade "
                                 f"{definite} {theme}.")
            else:
                names = text.join([text.lower_first(h) for h in hits])
                narrative.append(f"År {year} innehöll {len(hits)} av {len(results)} granskade "
                                 f"{plural} {theme}: {names}.")
        method = MethodInfo(
            source=self.p("source_text"),
            paragraphs=[
                "Dokumentens text söks efter nyckelord för temat (stora och små bokstäver "
                "likställs): " + text.join([f"”{k}”" for k in keywords]) + ". Ett dokument "
                "räknas som integrerat med temat om minst ett nyckelord förekommer. En "
                "maskinell sökning ersätter inte en läsning: ett nyckelord kan förekomma i ett "
                "annat sammanhang, och temat kan beskrivas med andra ord.",
                "Vilka dokument som granskas bestäms av indikatorns definition, efter "
                "handläggarnas bedömningsutrymme, målgruppens storlek och temats koppling till "
                "förmånen.",
            ],
        )
        latest = [hit for (y, _), results in found.items() if y == years[-1]
                  for _, hit in results]
        summary = f"{sum(latest)} av {len(latest)} granskade dokument innehåller {theme}"
        return self.page(tidy=tidy, tables=tables, narrative=narrative, method=method,
                         measured_years=set(years), headline=tidy.series_key.iloc[0],
                         summary=summary)
