"""The share of decisions made within a target number of days, for women and for men, per
year (used by 1.1.3: whether women and men wait alike for a decision). A share is withheld
where the programme's rules for register cells say so."""

from __future__ import annotations

import pandas as pd

from indikatorbok import api
from indikatorbok.api import MethodInfo, Row, Shown, Table, step, text, tidy_rows

SEXES = {"K": "Kvinnor", "M": "Män"}


class Analysis(api.Analysis):
    """Parameters: ``source``, ``days`` (the column of days) and ``target`` (days)."""

    @step("Data: beslut per år")
    def read(self) -> Shown:
        self.frames = self.ctx.load_some(self.p("source"))
        return Shown("", pd.DataFrame([{"År": y, "Beslut": len(df)}
                                       for y, df in sorted(self.frames.items())]))

    @step("Beslut inom måltiden, per kön och år")
    def shares(self) -> Shown:
        rules, target = self.ctx.stats, self.p("target")
        self.cells, rows = {}, []
        for year, df in sorted(self.frames.items()):
            for code, label in SEXES.items():
                days = df.loc[df["sex"] == code, self.p("days")]
                p = rules.register_proportion(int((days <= target).sum()), len(days))
                self.cells[(code, year)] = p
                rows.append({"År": year, "Grupp": label, "Täljare": p.successes,
                             "Nämnare": p.n, "Visas": "ja" if p.shown else "nej"})
        return Shown("", pd.DataFrame(rows), [f"Måltid: {self.p('target')} dagar."])

    def build(self):
        ind, years = self.ctx.indicator, sorted(self.frames)
        label = f"Beslut inom {self.p('target')} dagar"

        def value(p) -> tuple:
            return (round(p.percent), p.n) if p.shown else (float("nan"), None, True)

        tidy = pd.concat([tidy_rows(ind.id, "inom", label, "percent",
                                    {y: value(self.cells[(code, y)]) for y in years},
                                    group_key=code, group=name)
                          for code, name in SEXES.items()], ignore_index=True)
        latest = years[-1]
        women, men = (self.cells[(code, latest)] for code in SEXES)
        if women.shown and men.shown:
            narrative = [f"År {latest} fattades {text.percent_words(women.percent)} av "
                         f"besluten om kvinnors ansökningar och "
                         f"{text.percent_words(men.percent)} av besluten om mäns inom "
                         f"{self.p('target')} dagar."]
        else:
            narrative = [f"Andelen för {latest} redovisas inte för både kvinnor och män."]
        table = Table(f"Andel beslut inom {self.p('target')} dagar",
                      [Row("inom", code, name) for code, name in SEXES.items()], "percent",
                      years)
        return self.page(tidy=tidy, tables=[table], narrative=narrative,
                         method=MethodInfo(source="Exempelverkets registeruppgifter om beslut.",
                                           paragraphs=["Dagar räknas från ansökan till "
                                                       "beslut."]),
                         measured_years=set(years), headline="inom")
