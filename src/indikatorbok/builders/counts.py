"""The ``counts`` builder: how many items of a kind a source holds per year (or the sum of a
column over them), for one or more series.

Parameters: ``series``, each {key, label, source, where (an expression selecting the rows),
value (a column to sum instead of counting rows), short (row label when shorter)}; a series
with ``each_code: <column>`` stands for one series per code of that column in the contract
(``{code}`` and ``{label}`` are filled into its key, label and short). The texts: ``noun`` and
``verb`` ("Under 2020–2025 {verb} sammanlagt N {noun}."), ``title``, ``source_text``,
``method``, ``row_header``; ``rounding`` of each year, and ``period`` (label of a published
total over the years, rounded to ``period_rounding``). ``unit``: what is counted (one of
the programme's count units); counts of persons (``unit: persons``) count each person once,
by the identifier ``distinct``. ``groups`` (one of the programme's groupings, e.g. sex)
adds each series' count per group; counts of persons are withheld under the smallest cell
shown, with the other groups' counts where they would give them away.
"""

from __future__ import annotations

import pandas as pd

from indikatorbok.kit import (
    Analysis,
    IndicatorResult,
    MethodInfo,
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


class CountIndicator(Analysis):
    """Items of a kind per year (or the sum of a column), with a total over the period.

    Parameters and rules: the module docstring. Example::

        builder: counts
        parameters:
          unit: reports
          series:
            - key: antal
              label: Anmälningar till polisen
              source: internal_reporting
              where: kind == 'anmalan_polis'
          noun: anmälningar till polisen
          verb: gjordes
          title: Antal anmälningar till polisen
          period: Anmälningar till polisen
          source_text: Myndighetens diarium.
          method: Räknar de anmälningar som registrerades i diariet under året.
    """

    kind = "counts"

    @property
    def series(self) -> list[dict]:
        out = []
        for s in self.p("series"):
            column = s.get("each_code")
            if not column:
                out.append(s)
                continue
            codes = self.ctx.schema(s["source"]).columns[column].codes
            for code, label in codes.items():
                fill = {"code": code, "label": label}
                out.append({**s, "key": s["key"].format(**fill),
                            "label": s["label"].format(**fill),
                            "short": s.get("short", "{label}").format(**fill),
                            "where": f"{column} == {code!r}"
                            + (f" and ({s['where']})" if s.get("where") else "")})
        return out

    def measure(self, s: dict, df: pd.DataFrame) -> float:
        """The count (of distinct persons, for counts of persons); for a summed column with
        no matching rows NaN (nothing to measure)."""
        sel = df[self.ctx.select(df, s.get("where"))]
        if s.get("value"):
            return float(sel[s["value"]].sum()) if len(sel) else float("nan")
        distinct = self.distinct(s["source"])
        return float(sel[distinct].nunique() if distinct else len(sel))

    @step("Data")
    def read(self) -> Shown:
        names = list(dict.fromkeys(s["source"] for s in self.series))
        rows = [{"Källa": self.ctx.schema(n).title, "År": y, "Rader": len(df)}
                for n in names for y, df in self.ctx.load(n).items()]
        return Shown("", pd.DataFrame(rows, columns=["Källa", "År", "Rader"]))

    @step("Räkning per serie och år")
    def count(self) -> Shown:
        self.raw = {s["key"]: {y: self.measure(s, df)
                               for y, df in self.ctx.load(s["source"]).items()}
                    for s in self.series}
        grouping = self.p("groups", None)
        self.by_group = {}
        if grouping:
            values = self.ctx.programme.groupings[grouping]
            for s in self.series:
                for y, df in self.ctx.load(s["source"]).items():
                    codes = values.values(df)
                    self.by_group[(s["key"], y)] = {
                        code: self.measure(s, df[codes == code]) for code in values.labels}
        rows = [{"Serie": s.get("short") or s["label"], "Villkor": s.get("where") or "alla rader",
                 "Räknar": s.get("value") or (f"olika {d}" if (d := self.distinct(s["source"]))
                                              else "rader"),
                 "År": y, "Antal": int(v) if v == v else None}
                for s in self.series for y, v in self.raw[s["key"]].items()]
        return Shown("", pd.DataFrame(rows).astype({"Antal": "Int64"}))

    def _group_rows(self, series: list[dict], years: list[int], rounding: int
                    ) -> list[pd.DataFrame]:
        """Each series' count per group and year; persons' counts under disclosure control
        (the groups of a year add up to its published total)."""
        grouping = self.p("groups", None)
        if not grouping:
            return []
        labels, rules = self.ctx.programme.groupings[grouping].labels, self.ctx.stats
        rows = []
        for s in series:
            values = {code: {} for code in labels}
            for y in years:
                counts = self.by_group.get((s["key"], y))
                if counts is None:
                    continue
                row = pd.DataFrame([counts])
                hidden = (rules.withheld_cells(row).iloc[0] if self.p("unit") == "persons"
                          else pd.Series(False, index=row.columns))
                for code in labels:
                    values[code][y] = ((float("nan"), None, True) if hidden[code]
                                       else (stats.round_half_up(counts[code], rounding), None))
            rows += [tidy_rows(self.ctx.indicator.id, s["key"], s["label"], "count",
                               values[code], code, name, counted=self.counted())
                     for code, name in labels.items()]
        return rows

    def build(self) -> IndicatorResult:
        ctx, ind, raw, series = self.ctx, self.ctx.indicator, self.raw, self.series
        rounding, period = self.p("rounding", 1), self.p("period", None)
        period_rounding = self.p("period_rounding", 1)
        years = sorted({y for per_year in raw.values() for y in per_year})
        counted = self.counted()
        parts = [tidy_rows(ind.id, s["key"], s["label"], "count",
                           {y: (stats.round_half_up(v, rounding), None)
                            for y, v in raw[s["key"]].items() if y in years}, counted=counted)
                 for s in series]
        parts += self._group_rows(series, years, rounding)
        span = text.year_span(years)
        first = series[0]
        total = sum(v for v in raw[first["key"]].values() if v == v)
        if period:
            parts.append(tidy_rows(ind.id, "perioden", f"{period} {span}", "count",
                                   {years[-1]: (stats.round_half_up(total, period_rounding),
                                                None)}, first_year=years[0], counted=counted))
        tidy = pd.concat(parts, ignore_index=True)

        notes = []
        if rounding > 1:
            notes.append(f"Antalen är {text.rounded_to(rounding, plural=True)}.")
        title, noun, verb = self.p("title"), self.p("noun"), self.p("verb")
        tables = [Table(title, [Row(s["key"], label=s.get("short") or s["label"])
                                for s in series],
                        "count", ctx.years, self.p("row_header", ""), notes=notes)]
        grouping = self.p("groups", None)
        if grouping:
            labels = self.ctx.programme.groupings[grouping].labels
            tables.append(Table(f"{title}, efter grupp",
                                [Row(s["key"], code, f"{s.get('short') or s['label']}: {name}")
                                 for s in series for code, name in labels.items()],
                                "count", ctx.years, "Grupp", notes=notes))

        if total == 0:
            narrative = [f"Under {span} {verb} inga {noun}."]
        else:
            latest = years[-1]
            rounded = stats.round_half_up(total, period_rounding)
            about = "cirka " if period_rounding > 1 and rounded != total else ""
            narrative = [f"Under {span} {verb} sammanlagt {about}{text.number(rounded)} {noun}. "
                         f"År {latest} var antalet "
                         f"{text.number(lookup(tidy, first['key'], latest))}."]
        change = None
        if len(years) > 1:
            key, latest, prev = first["key"], years[-1], years[-2]
            change = findings.change(
                "count", latest, prev, lookup(tidy, key, latest), lookup(tidy, key, prev),
                raw=(raw[key].get(latest), raw[key].get(prev)), rounding=rounding,
                part_year=ctx.part_years({first["source"]}, {latest}).get(latest))
            if total:
                narrative[0] += " " + change.sentence()
        figures = []
        if total > 0:
            # With several series, the first is their total: plot the parts.
            shown = series[1:] if len(series) > 2 else series
            values = {s.get("short") or s["label"]: [lookup(tidy, s["key"], y) for y in years]
                      for s in shown}
            figures.append(bars_by_year(years, values, "count", "Antal",
                                        f"{title}, per år. Antal"))
        method = MethodInfo(source=self.p("source_text"), paragraphs=[self.p("method")])
        glue = {f"antal_{y}": text.number(lookup(tidy, first["key"], y)) for y in years}
        return self.page(tidy=tidy, tables=tables, figures=figures, narrative=narrative,
                         method=method, measured_years=set(years), headline=first["key"],
                         glue=glue, change=change)
