"""The shares of women and men among a benefit's recipients, per year (used by 2.5.1's
close-relative benefit, which a couple does not split: who receives it; see
indicators/2.5.1.yaml). Recipients are counted in the register, out of core."""

from __future__ import annotations

import pandas as pd

from indikatorbok import api
from indikatorbok.api import IndicatorResult, MethodInfo, Row, Shown, Table, step, text, tidy_rows


class Analysis(api.Analysis):
    """Parameters: ``key`` (the series' key), ``label`` (the benefit), ``source`` (a record
    per recipient and year, with the programme's sex column), ``source_text`` and
    ``method`` (paragraphs)."""

    @step("Data: mottagare per år och kön (räknas i registret)")
    def recipients(self) -> Shown:
        column = self.ctx.programme.groupings["sex"].column
        self.counts = {
            y: e.df(f"SELECT {column} AS sex, count(*) AS n FROM {{t}} GROUP BY ALL"
                    ).set_index("sex")["n"]
            for y, e in self.ctx.scan(self.p("source")).items()}
        if not self.counts:
            raise api.NoMeasurement(f"{self.ctx.indicator.id}: source '{self.p('source')}' "
                                    f"has no year.")
        rows = [{"År": y, "Mottagare": int(n.sum()),
                 **{label: int(n.get(code, 0)) for code, label in self.sexes.items()}}
                for y, n in self.counts.items()]
        return Shown("", pd.DataFrame(rows), ["En post är en mottagare under året."])

    def build(self) -> IndicatorResult:
        ctx, key, label = self.ctx, self.p("key"), self.p("label")
        hidden = {y: ctx.stats.withheld_cells(n.reindex(list(self.sexes), fill_value=0)
                                              .to_frame().T).iloc[0]
                  for y, n in self.counts.items()}
        rows = []
        for code, sex in self.sexes.items():
            values = {}
            for y, n in self.counts.items():
                p = ctx.stats.proportion(int(n.get(code, 0)), int(n.sum()))
                values[y] = ((p.rounded, p.n) if p.shown and not hidden[y][code]
                             else (float("nan"), None))
            rows.append(tidy_rows(ctx.indicator.id, key, f"{label}: andel mottagare",
                                  "percent", values, code, sex))
        tidy = pd.concat(rows, ignore_index=True)
        years = sorted(self.counts)
        y = years[-1]
        (women, women_label), (men, men_label) = self.sexes.items()

        def share(code):
            return api.lookup(tidy, key, y, code)

        pw = text.percent_words
        narrative = [f"**{label}.** {women_label} utgjorde {pw(share(women))} och "
                     f"{men_label.lower()} {pw(share(men))} av mottagarna av {label.lower()} "
                     f"{y}."]
        latest = f"{text.number(int(self.counts[y].sum()))} ({y})"
        paragraphs = [*self.p("method"), f"Antal mottagare det senaste året: {latest}."]
        return self.page(
            tidy=tidy, narrative=narrative, measured_years=set(years), headline=key,
            tables=[Table(f"Könsfördelning bland mottagare av {label.lower()}",
                          [Row(key, code) for code in self.sexes], "percent", ctx.years,
                          "Mottagare")],
            method=MethodInfo(source=self.p("source_text"), paragraphs=paragraphs),
            glue={f"{key}_kvinnor_senaste": text.number(share(women))})
