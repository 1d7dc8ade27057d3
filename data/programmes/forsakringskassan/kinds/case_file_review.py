"""A review of a random sample of case files: the share documenting a finding, with its
confidence interval (used by 3.5.2: the case files show that violence has been detected;
see the definition in indicators/3.5.2.yaml)."""

from __future__ import annotations

import pandas as pd

from indikatorbok import api
from indikatorbok.api import (
    WITHHELD_REASON,
    IndicatorResult,
    MethodInfo,
    Row,
    Shown,
    Table,
    step,
    text,
    tidy_rows,
)


class Analysis(api.Analysis):
    """Parameters: ``source``, ``documented`` (the column coding documented experience of
    violence, 1 = yes), and ``among`` (characteristics of those who told: {key, column,
    value})."""

    @step("Data: granskade akter")
    def read(self) -> Shown:
        frames = self.ctx.load_some(self.p("source"))
        self.year = max(frames)
        self.files = frames[self.year]
        return Shown("", pd.DataFrame([{"År": y, "Akter": len(df)}
                                       for y, df in sorted(frames.items())]),
                     [f"Det senaste årets granskning ({self.year}) redovisas."])

    @step("Akter där erfarenhet av våld dokumenterats")
    def count(self) -> Shown:
        df, rules = self.files, self.ctx.stats
        self.told = df[df[self.p("documented")].eq(1)]
        self.share = rules.register_proportion(len(self.told), len(df))
        self.among = {a["key"]: rules.register_proportion(
            int(self.told[a["column"]].eq(a["value"]).sum()), len(self.told))
            for a in self.p("among")}
        rows = [{"Mått": "Dokumenterad erfarenhet av våld", "Täljare": self.share.successes,
                 "Nämnare": self.share.n, "Visas": "ja" if self.share.shown else "nej"}]
        rows += [{"Mått": f"Bland dem: {a['column']} = {a['value']}", "Täljare": p.successes,
                  "Nämnare": p.n, "Visas": "ja" if p.shown else "nej"}
                 for a, p in zip(self.p("among"), self.among.values(), strict=True)]
        return Shown("", pd.DataFrame(rows))

    def build(self) -> IndicatorResult:
        ctx, ind, df, year = self.ctx, self.ctx.indicator, self.files, self.year
        told, p = self.told, self.share
        low, high = p.confint(ctx.policy.alpha)
        reason = WITHHELD_REASON + "."

        def published(value: float) -> float:
            return value if p.shown else float("nan")

        tidy = pd.concat([
            tidy_rows(ind.id, "akter", "Akter där erfarenhet av våld dokumenterats", "count",
                      {year: (published(float(len(told))), len(df))},
                      counted=self.counted("documents")),
            tidy_rows(ind.id, "andel", "Andel akter där erfarenhet av våld dokumenterats",
                      "percent", {year: (published(round(p.percent, 1)), len(df))}),
            tidy_rows(ind.id, "nedre", "Skattad andel som berättar om våld, nedre gräns",
                      "percent", {year: (published(round(low, 1)), None)}),
            tidy_rows(ind.id, "ovre", "Skattad andel som berättar om våld, övre gräns",
                      "percent", {year: (published(round(high, 1)), None)}),
        ], ignore_index=True)
        span = text.year_span(sorted(df["investigation_year"].unique()))
        tables = [
            Table(f"Aktgranskning av sjukpenningärenden med telefonutredning {span}",
                  [Row("akter", label="Akter där erfarenhet av våld dokumenterats")], "count",
                  [year], "Resultat", notes=[f"Antal granskade akter: {text.number(len(df))}."]),
            Table("Andel akter där erfarenhet av våld dokumenterats, med 95 procents "
                  "konfidensintervall", [Row("andel", label="Andel"),
                                         Row("nedre", label="Nedre gräns"),
                                         Row("ovre", label="Övre gräns")],
                  "percent", [year], "Skattning", interval=("nedre", "ovre")),
        ]
        if not p.shown:
            narrative = [f"Resultatet av granskningen {span} redovisas inte eftersom {reason}"]
        else:
            narrative = [
                f"I {text.number(len(told))} av {text.number(len(df))} granskade "
                f"sjukpenningakter från {span}, där handläggaren hade frågat om våld, finns det "
                f"dokumenterat att personen har erfarenhet av våld. Det motsvarar "
                f"{text.number(p.percent, 1)} procent. För hela studiepopulationen skattas "
                f"andelen till mellan {text.number(low, 1)} och {text.number(high, 1)} procent."]
            among = self.among
            if all(a.shown for a in among.values()):
                narrative.append(
                    f"Av dem som berättade om våld var "
                    f"{text.percent_words(among['women'].percent)} kvinnor. "
                    f"{text.percent_words(among['ongoing'].percent).capitalize()} beskrev ett "
                    f"pågående våld, och {text.percent_words(among['support'].percent)} hade "
                    f"redan haft kontakt med en stödverksamhet.")
            else:
                narrative.append(f"Hur de som berättade om våld fördelar sig efter kön, "
                                 f"pågående våld och tidigare stöd redovisas inte eftersom "
                                 f"{reason}")
        method = MethodInfo(
            source="Aktgranskning inom studien Att fråga om våld i sjukpenningärenden (2024).",
            paragraphs=[
                f"Ett slumpmässigt urval av {text.number(len(df))} sjukpenningärenden där en "
                f"telefonutredning genomfördes {span} och där ordet våld förekom i akten. "
                "Kortare textstycken kring ordet granskades och kodades.",
                "Konfidensintervallet är ett Wilsonintervall för ett obundet slumpmässigt "
                "urval (95 procent).",
            ],
        )
        summary = (f"{text.number(len(told))} av {text.number(len(df))} granskade akter visar "
                   f"erfarenhet av våld" if p.shown else "resultatet redovisas inte")
        return self.page(tidy=tidy, tables=tables, narrative=narrative, method=method,
                         measured_years={year}, headline="akter", summary=summary)
