"""Differences between women and men that recur every year of a window (used by 1.3.1: the
agency has identified unexplained gender differences in case handling, decisions and
treatment): for each benefit and common key figure, whether the same significant difference
is found every year. (See indicators/1.3.1.yaml.)"""

from __future__ import annotations

import pandas as pd

from indikatorbok import api
from indikatorbok.api import (
    IndicatorResult,
    MethodInfo,
    Row,
    Shown,
    Table,
    findings,
    step,
    text,
    tidy_rows,
)


def summary_query(sex: str, columns: list[str]) -> str:
    """The query of a year's summary, per benefit and sex (``sex``: the register's column):
    the decisions, and per key figure its values' count, sum and sample variance (columns
    ``<figure> n``, ``<figure> sum``, ``<figure> variance``). It runs in the register: the
    rows are never read into memory."""
    figures = "".join(
        f',\n       count({c}) AS "{c} n", sum(CAST({c} AS DOUBLE)) AS "{c} sum",'
        f'\n       var_samp(CAST({c} AS DOUBLE)) AS "{c} variance"' for c in columns)
    return (f"SELECT benefit, {sex} AS sex, count(*) AS decisions{figures}\n"
            f"FROM {{t}} GROUP BY ALL ORDER BY ALL")


def group(summary: pd.DataFrame, benefit: str, sex: str, column: str) -> api.stats.Moments:
    """One benefit's and sex's values of a key figure (none when it has no decisions)."""
    row = summary[(summary["benefit"] == benefit) & (summary["sex"] == sex)]
    if row.empty or not row[f"{column} n"].iloc[0]:
        return api.stats.Moments(0, float("nan"), float("nan"))
    n = int(row[f"{column} n"].iloc[0])
    return api.stats.Moments(n, float(row[f"{column} sum"].iloc[0]) / n,
                             float(row[f"{column} variance"].iloc[0]))


def difference(women: api.stats.Moments, men: api.stats.Moments, kind: str, rules
               ) -> tuple[int | None, findings.Test | None]:
    """The difference between women and men in a key figure, as a direction and its test:
    +1 if women have the significantly higher value, -1 if men, 0 if no significant
    difference, None (and no test) if the key figure has no data or a group is too small
    to test. ``kind``: ``mean`` (Welch's t-test) or ``share`` (z-test for two proportions;
    the values are 0 and 1, so the sum is the count of 1s)."""
    n = (women.n, men.n)
    if kind == "mean":
        tested = rules.welch(women, men)
        if tested is None:
            return None, None
        direction = rules.compare_means(women, men)
        return direction, findings.Test("Welchs t-test", tested[1], rules.alpha, tested[0], n)
    cmp = rules.compare(*(rules.proportion(round(g.mean * g.n) if g.n else 0, g.n)
                          for g in (women, men)))
    if not cmp.testable:
        return None, None
    return cmp.direction, findings.Test("z-test för två andelar", cmp.p_value, rules.alpha,
                                        cmp.statistic, n)


def recurring(directions: list[int | None]) -> float:
    """1 (Ja) for the same significant direction every year, 0 (Nej) otherwise, NaN (no
    data, or too few to test) if any year lacks a test."""
    if any(d is None for d in directions):
        return float("nan")
    return float(directions[0] != 0 and len(set(directions)) == 1)


class Analysis(api.Analysis):
    """Parameters: ``source``, ``window`` (years in a row), ``key_figures`` ({column: {label,
    kind (mean or share), subject}}: what women or men "have" when the difference is
    theirs)."""

    @step("Data: beslut per förmån och år (räknas i registret)")
    def read(self) -> Shown:
        source, window = self.p("source"), self.p("window")
        extracts = self.ctx.scan(source)
        self.years = sorted(extracts)[-window:]
        if len(self.years) < window:
            raise api.NoMeasurement(
                f"{self.ctx.indicator.id}: source '{source}' needs {window} years of data up "
                f"to {self.ctx.year}; found {text.join([str(y) for y in self.years])}.")
        query = summary_query(self.ctx.programme.groupings["sex"].column,
                              list(self.p("key_figures")))
        self.summaries = {y: extracts[y].df(query) for y in self.years}
        self.benefits = self.ctx.schema(source).columns["benefit"].codes
        rows = [{"Förmån": label, "År": y, "Beslut": self.decisions(code, y)}
                for code, label in self.benefits.items() for y in self.years]
        return Shown("", pd.DataFrame(rows), query=query)

    def decisions(self, benefit: str, year: int) -> int:
        summary = self.summaries[year]
        return int(summary.loc[summary["benefit"] == benefit, "decisions"].sum())

    @step("Test av skillnaden mellan kvinnor och män per förmån, nyckeltal och år")
    def test(self) -> Shown:
        rules, figures = self.ctx.stats, self.p("key_figures")
        sexes = tuple(self.sexes)
        self.directions, rows = {}, []
        for code, label in self.benefits.items():
            for column, figure in figures.items():
                found = [difference(*(group(self.summaries[y], code, s, column)
                                      for s in sexes), figure["kind"], rules)
                         for y in self.years]
                self.directions[(code, column)] = [d for d, _ in found]
                rows += [{"Förmån": label, "Nyckeltal": figure["label"], "År": y,
                          "Prövning": t.name if t else "ingen",
                          "Statistika": None if t is None or t.statistic is None
                          else round(t.statistic, 3),
                          "n kvinnor / män": "" if t is None else " / ".join(
                              text.number(n) for n in t.n),
                          "p": t.words if t else "",
                          "Slutsats": {1: "kvinnor högre", -1: "män högre",
                                       0: "ingen säkerställd skillnad",
                                       None: "prövas inte (saknas eller för få)"}[d]}
                         for y, (d, t) in zip(self.years, found, strict=True)]
        return Shown("", pd.DataFrame(rows),
                     [f"Signifikansnivå {text.number(rules.alpha, 2)}. Kvinnor och män med "
                      f"färre än {rules.min_group} beslut prövas inte."])

    def build(self) -> IndicatorResult:
        ctx, ind, years, figures = self.ctx, self.ctx.indicator, self.years, self.p("key_figures")
        last = years[-1]
        rows, findings = [], {}
        for code, label in self.benefits.items():
            for column, figure in figures.items():
                directions = self.directions[(code, column)]
                flag = recurring(directions)
                if flag == 1:
                    findings.setdefault(column, []).append((label, directions[0]))
                rows.append(tidy_rows(ind.id, code, label, "flag", {last: (flag, None)},
                                      group_key=column, group=figure["label"]))
            rows.append(tidy_rows(ind.id, f"{code}_beslut", label, "count", {
                y: ctx.stats.count_cell(self.decisions(code, y)) for y in years},
                counted=self.counted("decisions")))
        tidy = pd.concat(rows, ignore_index=True)
        span, window = text.year_span(years), self.p("window")
        tables = [
            Table(f"Förekomst av könsskillnader i handläggningen {span}, återkommande tre år "
                  f"i rad", [Row(code, label=label) for code, label in self.benefits.items()],
                  "flag", [], "Förmån",
                  groups={c: f["label"] for c, f in figures.items()}, year=last,
                  notes=["Ja: kvinnor och män skiljer sig statistiskt säkerställt åt i samma "
                         "riktning alla tre åren."]),
            Table("Antal beslut i underlaget", [Row(f"{code}_beslut", label=label)
                                                for code, label in self.benefits.items()],
                  "count", years, "Förmån"),
        ]
        count = int((tidy[tidy.unit == "flag"].value == 1).sum())
        narrative = [f"Kartläggningen av {span} visar återkommande könsskillnader i {count} "
                     f"kombinationer av förmån och nyckeltal."]
        for column, found in findings.items():
            for sex, word in ((1, "kvinnor"), (-1, "män")):
                names = [lab.lower() for lab, d in found if d == sex]
                if names:
                    narrative.append(f"{word.capitalize()} {figures[column]['subject']} inom "
                                     f"{text.join(names)}.")
        method = MethodInfo(
            source="Försäkringskassans registerdata om handläggningen av respektive förmån.",
            paragraphs=[
                "För varje förmån och år jämförs kvinnor och män i fyra gemensamma nyckeltal: "
                "handläggningstid (dagar från ansökan till beslut, Welchs t-test), andel "
                "ändrade beslut bland omprövade beslut, andel ärenden med felaktig utbetalning "
                "orsakad av Försäkringskassan och andel avslag på initial ansökan (z-test för "
                f"två andelar). Signifikansnivån är {int(ctx.policy.alpha * 100)} procent.",
                f"En skillnad räknas som återkommande (Ja) när den är statistiskt säkerställd "
                f"och har samma riktning vart och ett av de {window} senaste åren med "
                "uppgifter. Skillnaderna är oförklarade: kartläggningen tar inte hänsyn till "
                "andra faktorer än kön. Saknas ett nyckeltal för en förmån, eller har kvinnor "
                f"eller män färre än {ctx.policy.min_group} beslut något av åren, prövas "
                "skillnaden inte och redovisas som saknad uppgift. Antal beslut under "
                f"{ctx.policy.min_cell} redovisas inte.",
            ],
        )
        return self.page(tidy=tidy, tables=tables, narrative=narrative, method=method,
                         measured_years=set(years), headline=tidy.series_key.iloc[0],
                         summary=f"återkommande könsskillnader i {count} kombinationer "
                                       f"av förmån och nyckeltal")
