"""The ``category_distribution`` builder: how a register's records divide over categories
for women and for men (e.g. customer complaints per category), per year, with the
register's disclosure control on the cross-table and a chi-square test of whether the
division differs between women and men.

Parameters: ``source``; ``category`` (the column); ``label``; ``unit`` (what a record is:
one of the programme's count units) and ``noun`` (in the text, e.g. "klagomål");
``source_text`` and ``method``. Shares are of each sex's records; cells under the smallest
cell shown are withheld, with complementary suppression so that none follows from the
totals of women, men and all (:mod:`indikatorbok.disclosure`).
"""

from __future__ import annotations

import pandas as pd

from indikatorbok.kit import (
    Analysis,
    Figure,
    IndicatorResult,
    MethodInfo,
    NoMeasurement,
    Row,
    Shown,
    Table,
    disclosure,
    findings,
    lookup,
    plots,
    stats,
    step,
    text,
    tidy_rows,
)


def independence(table: pd.DataFrame, alpha: float) -> findings.Test | None:
    """The chi-square test of whether the division over categories differs between the
    columns; None where an expected count is under five (no valid test)."""
    from scipy.stats import chi2_contingency

    table = table.loc[table.sum(axis=1) > 0]
    if table.shape[0] < 2 or (table.sum(axis=0) == 0).any():
        return None
    result = chi2_contingency(table.to_numpy())
    if (result.expected_freq < 5).any():
        return None
    return findings.Test("chi två-test", float(result.pvalue), alpha, float(result.statistic),
                         tuple(int(v) for v in table.sum(axis=0)))


class CategoryDistribution(Analysis):
    """Records over categories for women and for men (e.g. complaints), with a chi-square
    test.

    Parameters and rules: the module docstring. Example::

        builder: category_distribution
        parameters:
          unit: complaints
          source: customer_complaints
          category: category
          label: Kundklagomål
          noun: klagomål
          source_text: Myndighetens register över klagomål.
          method: Varje klagomål räknas en gång, i den kategori det registrerades.
    """

    kind = "category_distribution"

    @step("Data: poster per kategori och kön")
    def count(self) -> Shown:
        source, column = self.p("source"), self.p("category")
        self.codes = self.ctx.schema(source).columns[column].codes
        self.tables = {}
        sex = self.ctx.programme.groupings["sex"].column
        for y, df in self.ctx.load(source).items():
            df = df[df[sex].notna()]
            if len(df):
                self.tables[y] = pd.crosstab(df[column], df[sex]).reindex(
                    index=list(self.codes), columns=list(self.sexes), fill_value=0)
        if not self.tables:
            raise NoMeasurement(f"{self.ctx.indicator.id}: source '{source}' has no record "
                                f"with sex in {self.ctx.years[0]}–{self.ctx.year}.")
        rows = [{"År": y, "Kategori": self.codes[c],
                 **{label: int(r[code]) for code, label in self.sexes.items()}}
                for y, t in self.tables.items() for c, r in t.iterrows()]
        return Shown("", pd.DataFrame(rows))

    def build(self) -> IndicatorResult:
        ctx, ind, rules = self.ctx, self.ctx.indicator, self.ctx.stats
        years, label, noun = sorted(self.tables), self.p("label"), self.p("noun")
        parts, self.tested = [], {}
        counted, sexes = self.counted(), self.sexes
        for y in years:
            table = self.tables[y]
            values = {(f"antal_{c}", sex, y): int(table.loc[c, sex])
                      for c in self.codes for sex in sexes}
            values |= {("antal", sex, y): int(table[sex].sum()) for sex in sexes}
            values[("antal", "", y)] = int(table.to_numpy().sum())
            relations = [disclosure.Sum(("antal", sex, y),
                                        tuple((f"antal_{c}", sex, y) for c in self.codes))
                         for sex in sexes]
            relations.append(disclosure.Sum(("antal", "", y),
                                            tuple(("antal", sex, y) for sex in sexes)))
            small = {k for k, v in values.items() if 0 < v < rules.min_cell}
            hidden = self.protect(values, small, relations)

            def cell(key: str, sex: str, hidden=hidden, values=values, y=y) -> tuple:
                return ((float("nan"), None, True) if (key, sex, y) in hidden
                        else (float(values[(key, sex, y)]), None))

            for key, label_ in [("antal", f"{label}, antal"),
                                *((f"antal_{c}", f"{name}, antal") for c, name in
                                  self.codes.items())]:
                for sex, name in (({"": ""} if key == "antal" else {}) | sexes).items():
                    parts.append(tidy_rows(ind.id, key, label_, "count", {y: cell(key, sex)},
                                           sex, name, counted=counted))
            for code, category in self.codes.items():
                for sex, name in sexes.items():
                    total = values[("antal", sex, y)]
                    # A share of fewer records than the smallest group shown is too uncertain.
                    shown = ((f"antal_{code}", sex, y) not in hidden
                             and total >= rules.min_group)
                    share = 100 * values[(f"antal_{code}", sex, y)] / total if total else 0
                    parts.append(tidy_rows(
                        ind.id, f"andel_{code}", f"{category}, andel av könets {noun}",
                        "percent", {y: (stats.round_half_up(share), total) if shown
                                    else (float("nan"), None,
                                          (f"antal_{code}", sex, y) in hidden)},
                        sex, name))
            self.tested[y] = independence(table, rules.alpha) if not hidden else None
        tidy = pd.concat(parts, ignore_index=True)
        latest = years[-1]
        rows = [Row(f"andel_{c}", label=self.codes[c]) for c in self.codes]
        tables = [
            Table(f"{label}, efter kön", [Row("antal", "", "Samtliga"),
                                          *(Row("antal", c, n) for c, n in sexes.items())],
                  "count", ctx.years, "Kön"),
            Table(f"{label} efter kategori och kön, {latest}. Andel av kvinnornas respektive "
                  f"männens {noun}", rows, "percent", [], "Kategori", groups=dict(sexes),
                  year=latest),
            Table(f"{label} efter kategori och kön, {latest}. Antal",
                  [Row(f"antal_{c}", label=self.codes[c]) for c in self.codes], "count", [],
                  "Kategori", groups=dict(sexes), year=latest),
        ]
        women, men = sexes
        shares = {sex: [lookup(tidy, f"andel_{c}", latest, sex) for c in self.codes]
                  for sex in sexes}
        figures = [Figure(
            plots.grouped_bars([self.codes[c] for c in self.codes],
                               {sexes[s]: v for s, v in shares.items()}, "percent", "Procent"),
            f"{label} efter kategori, andel av kvinnornas respektive männens {noun}, {latest}. "
            f"Procent",
            "Stapeldiagram per kategori: " + "; ".join(
                f"{self.codes[c]}: kvinnor {text.percent(shares[women][i])}, män "
                f"{text.percent(shares[men][i])}" for i, c in enumerate(self.codes)) + ".",
            table=1)]
        method = MethodInfo(source=self.p("source_text"), paragraphs=[
            self.p("method"),
            f"Andelarna är av kvinnornas respektive männens {noun}. Om fördelningen skiljer "
            f"sig mellan kvinnor och män prövas med ett chi två-test på "
            f"{int(rules.alpha * 100)} procents signifikansnivå, när alla celler redovisas och "
            f"är tillräckligt stora. Celler med färre än {rules.min_cell} {noun} redovisas "
            f"inte, och inte heller andra celler som de skulle kunna räknas fram ur."])
        return self.page(tidy=tidy, tables=tables, figures=figures,
                         narrative=self._narrative(tidy, latest), method=method,
                         measured_years=set(years), headline="antal",
                         difference=self.difference(latest),
                         glue={f"antal_{y}": text.number(lookup(tidy, "antal", y))
                               for y in years})

    def _narrative(self, tidy: pd.DataFrame, latest: int) -> list[str]:
        noun = self.p("noun")
        total = lookup(tidy, "antal", latest)
        women, men = (lookup(tidy, "antal", latest, s) for s in self.sexes)
        out = [f"År {latest} registrerades {text.number(total)} {noun}, "
               f"{text.number(women)} från kvinnor och {text.number(men)} från män."]
        for sex, name in zip(self.sexes, ("kvinnornas", "männens"), strict=True):
            shown = {c: lookup(tidy, f"andel_{c}", latest, sex) for c in self.codes}
            shown = {c: v for c, v in shown.items() if not text.missing(v)}
            if shown:
                top = max(shown, key=shown.get)
                out.append(f"Den vanligaste kategorin bland {name} {noun} var " + text.with_value(
                    text.lower_first(self.codes[top]), text.percent_words(shown[top])) + ".")
        return [*out, self.difference(latest).sentence()]

    def difference(self, year: int) -> findings.Difference:
        """Whether women's and men's records divide differently over the categories."""
        return findings.distribution(
            "sex", year, ("kvinnor", "män"), self.tested[year],
            why=f"någon kategori har för få {self.p('noun')}",
            subject="Fördelningen över kategorierna")
