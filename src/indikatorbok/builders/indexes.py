"""The ``index_mean`` builder: the mean of an index computed from survey items (e.g. a
customer-satisfaction index, NKI), per year and by group, with a confidence interval and a
test of the difference between the groups.

Each respondent who answered every item gets the index: the mean of the items, rescaled
from the items' scale (``scale: [low, high]``) to 0-100. Parameters: ``source``; ``where``
(an expression: the respondents the index is of, e.g. one channel); ``items`` (the
questions); ``scale``; ``label``; ``groupings`` (default sex); ``subject`` (whose index, in
a sentence); ``source_text`` and ``method``. Groups under the smallest group shown are
neither shown nor tested; the confidence interval is the mean's (Student's t), the test
Welch's t-test (:meth:`indikatorbok.stats.Rules.compare_means`), at the programme's
significance level.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import pandas as pd

from indikatorbok.builders.shares import WITHHELD_REASON, Shares, rate_cell, response_rates
from indikatorbok.kit import (
    Analysis,
    IndicatorResult,
    MethodInfo,
    NoMeasurement,
    Row,
    Shown,
    Table,
    bars_by_year,
    findings,
    lookup,
    stats,
    step,
    text,
    tidy_rows,
)


@dataclass(frozen=True)
class Mean:
    """A group's mean index, shown when the group is large enough."""

    values: tuple[float, ...]
    min_group: int
    withheld: bool = False  # so that a group too small to show cannot be recovered

    @property
    def n(self) -> int:
        return len(self.values)

    @property
    def shown(self) -> bool:
        return self.n >= self.min_group and not self.withheld

    @property
    def mean(self) -> float:
        return sum(self.values) / self.n if self.n else float("nan")

    def confint(self, alpha: float) -> tuple[float, float]:
        from scipy import stats as sps

        if self.n < 2:
            return float("nan"), float("nan")
        series = pd.Series(self.values)
        half = sps.t.ppf(1 - alpha / 2, self.n - 1) * series.std(ddof=1) / math.sqrt(self.n)
        return self.mean - half, self.mean + half


def index_values(df: pd.DataFrame, items: list[str], low: float, high: float) -> pd.Series:
    """Each respondent's index, 0-100, for those who answered every item."""
    answered = df[items].notna().all(axis=1)
    return ((df.loc[answered, items].astype(float).mean(axis=1) - low) / (high - low) * 100)


class IndexMean(Analysis):
    """The mean of an index formed from survey items (e.g. a satisfaction index, NKI), by
    group, with confidence intervals and Welch's test.

    Parameters and rules: the module docstring. Example::

        builder: index_mean
        parameters:
          source: customer_satisfaction
          where: channel == 'webb'
          items: [overall, expectations, ideal]
          scale: [1, 10]
          label: Nöjd kund-index för webbplatsen
          subject: dem som har använt webbplatsen
          source_text: Myndighetens kundundersökning för webbplatsen.
          method: Indexet bildas av tre frågor om hur nöjd den svarande är.
    """

    kind = "index_mean"

    @step("Urval: svarande som har besvarat alla frågor i indexet")
    def select(self) -> Shown:
        source, items = self.p("source"), list(self.p("items"))
        low, high = self.p("scale")
        rows, self.frames = [], {}
        for y, df in self.ctx.load(source).items():
            kept = df[self.ctx.select(df, self.p("where", None))]
            if not set(items) <= set(kept.columns):
                rows.append({"År": y, "Svarande": len(df), "I urvalet": len(kept),
                             "Har besvarat alla frågor": 0})
                continue
            index = index_values(kept, items, low, high)
            rows.append({"År": y, "Svarande": len(df), "I urvalet": len(kept),
                         "Har besvarat alla frågor": len(index)})
            if len(index):
                self.frames[y] = kept.loc[index.index].assign(index=index)
        if not self.frames:
            raise NoMeasurement(f"{self.ctx.indicator.id}: no respondent of source "
                                f"'{source}' answered every item in "
                                f"{self.ctx.years[0]}–{self.ctx.year}.")
        return Shown("", pd.DataFrame(rows),
                     [f"Urval: {self.p('where', None) or 'alla'}. Index: medelvärdet av "
                      f"{', '.join(items)}, omräknat från skalan {low}–{high} till 0–100."])

    @step("Medelvärde, konfidensintervall och antal per grupp och år")
    def compute_means(self) -> Shown:
        rules, shares = self.ctx.stats, Shares(self.ctx)
        self.means: dict[tuple[str, str, int], Mean] = {}
        rows = []
        for y, df in self.frames.items():
            for grouping in (None, *self.groupings):
                labels = shares.labels(grouping)
                values = shares.groupings[grouping].values(df) if grouping else None
                means = {code: Mean(tuple((df if not grouping else df[values == code])[
                    "index"].tolist()), rules.min_group) for code in labels}
                hidden = rules.withheld_mean_groups({c: m.n for c, m in means.items()}) \
                    if grouping else set()
                for code, m in means.items():
                    if code in hidden and m.n >= rules.min_group:
                        m = replace(m, withheld=True)
                    self.means[(grouping or "", code, y)] = m
                    low, high = m.confint(rules.alpha) if m.shown else (None, None)
                    rows.append({"År": y, "Grupp": labels[code] or "Samtliga", "n": m.n,
                                 "Medelvärde": round(m.mean, 2) if m.n else None,
                                 "Nedre": round(low, 2) if low is not None else None,
                                 "Övre": round(high, 2) if high is not None else None,
                                 "Visas": "ja" if m.shown else "nej, skyddas" if m.withheld
                                 else "nej, för få"})
        return Shown("", pd.DataFrame(rows))

    def build(self) -> IndicatorResult:
        ctx, ind, rules = self.ctx, self.ctx.indicator, self.ctx.stats
        shares, label = Shares(ctx), self.p("label")
        years = sorted(self.frames)
        parts = []
        for grouping in (None, *self.groupings):
            for code, name in shares.labels(grouping).items():
                values, low, high = {}, {}, {}
                for y in years:
                    m = self.means[(grouping or "", code, y)]
                    if m.shown:
                        lo, hi = m.confint(rules.alpha)
                        values[y] = (stats.round_half_up(m.mean), m.n)
                        low[y] = (stats.round_half_up(lo), None)
                        high[y] = (stats.round_half_up(hi), None)
                    else:
                        values[y] = low[y] = high[y] = (float("nan"), None, m.withheld)
                parts += [tidy_rows(ind.id, "index", label, "index", values, code, name),
                          tidy_rows(ind.id, "nedre", f"{label}, konfidensintervall nedre gräns",
                                    "index", low, code, name),
                          tidy_rows(ind.id, "ovre", f"{label}, konfidensintervall övre gräns",
                                    "index", high, code, name)]
        tidy = pd.concat(parts, ignore_index=True)
        group_rows = [Row("index", "", "Samtliga")] + [
            Row("index", c, n) for g in self.groupings for c, n in shares.labels(g).items()]
        latest = years[-1]
        tables = [
            Table(label, group_rows, "index", ctx.years, "Grupp",
                  notes=["Index från 0 till 100. Grupper med färre än "
                         f"{rules.min_group} svarande redovisas inte."]),
            Table(f"{label}, {latest}, med {rules.level} procents "
                  f"konfidensintervall", [Row(s, "", lab) for s, lab in
                                          (("index", "Index"), ("nedre", "Nedre gräns"),
                                           ("ovre", "Övre gräns"))],
                  "index", [], "Skattning",
                  groups={"": "Samtliga", **{c: n for g in self.groupings
                                            for c, n in shares.labels(g).items()}},
                  year=latest, interval=("nedre", "ovre")),
        ]
        values = {row.label: [lookup(tidy, "index", y, row.group_key) for y in years]
                  for row in group_rows}
        figures = [bars_by_year(years, values, "index", "Index (0–100)",
                                f"{label}, efter grupp och år")]
        rates = response_rates(self.ctx, self.p("source"), years)
        method = MethodInfo(source=self.p("source_text"), paragraphs=[
            self.p("method"),
            f"Varje svarandes index är medelvärdet av svaren på indexets frågor, omräknat "
            f"till en skala från 0 till 100; bara den som har besvarat alla frågorna räknas. "
            f"Konfidensintervallet avser medelvärdet ({rules.level} "
            f"procent). Skillnader mellan kvinnor och män och mellan åren prövas med Welchs "
            f"t-test på {int(rules.alpha * 100)} procents signifikansnivå. Grupper med färre "
            f"än {rules.min_group} svarande redovisas inte och jämförs inte."],
            respondents=pd.DataFrame([{"År": y, "Antal svarande": text.number(len(self.frames[y])),
                                       **rate_cell(rates, y)} for y in years]))
        self.change = self._change(tidy, years)
        self.differences = [self._difference(tidy, g, years[-1], shares) for g in self.groupings]
        glue = {f"index_{y}": text.number(lookup(tidy, "index", y)) for y in years}
        return self.page(tidy=tidy, tables=tables, figures=figures,
                         narrative=self._narrative(tidy, years), method=method,
                         measured_years=set(years), headline="index", glue=glue,
                         change=self.change,
                         difference=self.differences[0] if self.differences else None,
                         stated=[("", d) for d in self.differences])

    def _test(self, a: Mean, b: Mean) -> findings.Test | None:
        tested = self.ctx.stats.welch(a.values, b.values) if a.shown and b.shown else None
        if tested is None:
            return None
        return findings.Test("Welchs t-test", tested[1], self.ctx.stats.alpha, tested[0],
                             (a.n, b.n))

    def _change(self, tidy: pd.DataFrame, years: list[int]) -> findings.Change | None:
        if len(years) < 2:
            return None
        latest, prev = years[-1], years[-2]
        a, b = self.means[("", "", latest)], self.means[("", "", prev)]
        return findings.change("index", latest, prev, lookup(tidy, "index", latest),
                               lookup(tidy, "index", prev), test=self._test(a, b),
                               raw=(a.mean, b.mean))

    def _difference(self, tidy: pd.DataFrame, grouping: str, year: int, shares: Shares
                    ) -> findings.Difference:
        rules = self.ctx.stats
        (a, a_name), (b, b_name) = list(shares.groupings[grouping].phrases.items())[:2]
        ma, mb = (self.means[(grouping, c, year)] for c in (a, b))
        why = None
        if not (ma.shown and mb.shown):
            why = (f"någon av grupperna har färre än {rules.min_group} svarande"
                   if min(ma.n, mb.n) < rules.min_group else WITHHELD_REASON)
        labels = shares.labels(grouping)
        return findings.difference(
            grouping, year, "index", (a_name, b_name),
            (lookup(tidy, "index", year, a), lookup(tidy, "index", year, b)),
            test=self._test(ma, mb), why=why, subject="Indexet",
            labels=(labels[a], labels[b]), raw=(ma.mean, mb.mean))

    def _narrative(self, tidy: pd.DataFrame, years: list[int]) -> list[str]:
        rules, latest = self.ctx.stats, years[-1]
        total = self.means[("", "", latest)]
        if not total.shown:
            return [f"Indexet redovisas inte för {latest} eftersom färre än {rules.min_group} "
                    f"har svarat."]
        out = [f"År {latest} var indexet {text.number(lookup(tidy, 'index', latest))} av 100 "
               f"för {self.p('subject')}."]
        if self.change is not None:
            out[0] += " " + self.change.sentence()
        return out + [d.sentence() for d in self.differences]
