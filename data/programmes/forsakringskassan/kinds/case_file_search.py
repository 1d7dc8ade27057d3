"""The share of a year's selected cases whose case-file text contains a word, searched out of
core in the register (used by 3.1.1: the case files show that questions about violence have
been asked of those on sickness benefit; see indicators/3.1.1.yaml)."""

from __future__ import annotations

import pandas as pd

from indikatorbok import api
from indikatorbok.api import (
    WITHHELD_REASON,
    Figure,
    IndicatorResult,
    MethodInfo,
    Row,
    Shares,
    Shown,
    Table,
    lookup,
    plots,
    stats,
    step,
    text,
    tidy_rows,
)


class Analysis(api.Analysis):
    """Parameters: ``source``; ``word`` (a regular expression searched in ``file_text``);
    ``label``; ``groupings``; the selection of cases: up to ``calendar_rule_from`` cases
    whose investigation was registered in the year and closed by ``closed_by``, from then
    cases that started and ended in the year; ``count_rounding`` of the published count."""

    def selection(self, year: int) -> str:
        """The SQL condition of the year's selection of cases."""
        closed_by = pd.Timestamp(self.p("closed_by"))
        if year < self.p("calendar_rule_from"):
            return f"year(investigation_date) = {year} AND case_end <= DATE '{closed_by.date()}'"
        return f"case_start >= DATE '{year}-01-01' AND case_end <= DATE '{year}-12-31'"

    def query(self, year: int) -> str:
        return f"""
            SELECT case_id, {', '.join(self.p('groupings'))},
                   coalesce(regexp_matches(file_text, '{self.p('word')}'), false) AS mentions
            FROM {{t}} WHERE {self.selection(year)} ORDER BY case_id"""

    @step("Urval av ärenden och sökning i akterna (i registret)")
    def select(self) -> Shown:
        source, rows = self.p("source"), []
        self.frames = {}
        for y, extract in self.ctx.scan(source).items():
            cases = extract.df(self.query(y))
            rows.append({"År": y, "Ärenden i urvalet": len(cases),
                         "Med träff": int(cases["mentions"].sum())})
            if len(cases):
                self.frames[y] = cases
        if not self.frames:
            raise api.NoMeasurement(f"{self.ctx.indicator.id}: source '{source}' has no "
                                    f"selected cases for {self.ctx.years[0]}–{self.ctx.year}.")
        return Shown("", pd.DataFrame(rows), query=self.query(max(self.frames)))

    @step("Täljare, nämnare och andel per grupp")
    def count(self) -> Shown:
        ind, shares, frames = self.ctx.indicator, Shares(self.ctx), self.frames
        self.years = sorted(frames)
        latest = self.years[-1]
        parts, self.props = [], {}
        for grouping in (None, *self.p("groupings")):
            rows, self.props[grouping] = shares.series(
                ind.id, "andel", self.p("label"),
                frames if grouping is None else {latest: frames[latest]},
                lambda c: c["mentions"], grouping, register=True)
            parts.append(rows if grouping is None else rows[rows.group_key != ""])
        self.hits = int(frames[latest]["mentions"].sum())
        parts.append(tidy_rows(ind.id, "antal", f"{self.p('label')}, antal", "count",
                               {latest: (stats.round_half_up(self.hits,
                                                             self.p("count_rounding")), None)},
                               counted=self.counted("cases")))
        self.tidy = pd.concat(parts, ignore_index=True)
        total = {k: p for k, p in self.props[None].items() if k[1] == latest}
        for g in self.p("groupings"):
            self.relations += shares.relations("andel", {**total, **self.props[g]}, g)
        shown = [{"Grupp": shares.labels(g).get(code) or "Samtliga", "År": y,
                  "Täljare": p.successes, "Nämnare": p.n, "Visas": "ja" if p.shown else "nej"}
                 for g, props in self.props.items() for (code, y), p in props.items()]
        return Shown("", pd.DataFrame(shown))

    def build(self) -> IndicatorResult:
        ctx, tidy, props, years = self.ctx, self.tidy, self.props, self.years
        shares = Shares(ctx)
        latest = years[-1]
        groupings = self.p("groupings")
        group_rows = [Row("andel", code, label) for g in groupings
                      for code, label in shares.labels(g).items()]
        tables = [
            Table("Andel sjukpenningärenden med telefonutredning där ordet våld förekommer",
                  [Row("andel", label="Samtliga ärenden")], "percent", ctx.years, "Ärenden",
                  notes=["Urvalet av ärenden skiljer sig mellan 2022–2023 och senare år (se "
                         "Metod); andelen bedöms ändå vara jämförbar över tid."]),
            Table(f"Andel ärenden där ordet våld förekommer, efter grupp, {latest}", group_rows,
                  "percent", [latest], "Grupp"),
        ]
        p = props[None][("", latest)]
        rounded = stats.round_half_up(self.hits, self.p("count_rounding"))
        change = shares.latest_change(props[None], years)
        differences = [shares.difference(props[g], g, latest, "ärenden") for g in ("sex", "born")]
        if not p.shown:
            narrative = [f"Andelen för {latest} redovisas inte eftersom {WITHHELD_REASON}."]
        else:
            narrative = [f"År {latest} förekommer ordet våld i cirka {text.number(rounded)} av "
                         f"{text.number(p.n)} sjukpenningärenden med telefonutredning, vilket "
                         f"är {text.percent_words(p.rounded)}."]
        if change is not None and p.shown:
            narrative[0] += " " + change.sentence()
        narrative.append(" ".join(d.sentence() for d in differences))
        diagnoses = shares.labels("diagnosis_group")
        diag = {c: d for c in diagnoses if (d := props["diagnosis_group"][(c, latest)]).shown}
        if diag:
            top = max(diag, key=lambda c: diag[c].percent)
            lead = ("Efter diagnosgrupp" if len(diag) == len(diagnoses)
                    else "Av de diagnosgrupper som redovisas")
            narrative.append(f"{lead} är andelen högst för " + text.with_value(
                text.lower_first(diagnoses[top]), text.percent_words(diag[top].rounded)) + ".")

        values = {"Samtliga": [lookup(tidy, "andel", y) for y in years]}
        groups = [(row.label, lookup(tidy, "andel", latest, row.group_key))
                  for row in group_rows]
        figures = [
            Figure(plots.grouped_bars([str(y) for y in years], values, "percent", "Procent"),
                   "Andel sjukpenningärenden med telefonutredning där ordet våld förekommer, "
                   "per år. Procent",
                   "Stapeldiagram per år: " + text.join(
                       [f"{y} {text.percent(v)}" for y, v in zip(years, values["Samtliga"],
                                                                 strict=True)]) + "."),
            Figure(plots.horizontal_bars([g for g, _ in groups], [v for _, v in groups],
                                         "percent", "Procent"),
                   f"Andel ärenden där ordet våld förekommer, efter kön, födelseland och "
                   f"diagnosgrupp, {latest}. Procent",
                   f"Liggande stapeldiagram, {latest}: " + "; ".join(
                       f"{g} {text.percent(v)}" for g, v in groups) + ".", table=1),
        ]
        first_rule, closed_by = self.p("calendar_rule_from"), pd.Timestamp(self.p("closed_by"))
        method = MethodInfo(
            source="Försäkringskassans register och akter i sjukpenningärenden.",
            paragraphs=[
                "Ärendeakternas fritext söks maskinellt efter ordet våld (alla ord som innehåller "
                "”våld”, som ”våldsutsatt” och ”partnervåld”, oavsett stor eller liten "
                "bokstav). Andelen är antalet ärenden med träff "
                "delat med antalet ärenden i urvalet. Att ordet förekommer visar i regel att "
                "handläggaren har frågat om våld i nära relationer, men en träff kan i enstaka "
                "fall gälla något annat.",
                f"Urval till och med {first_rule - 1}: ärenden där en telefonutredning "
                f"registrerades under året och som hade avslutats senast {closed_by.day} maj "
                f"{closed_by.year}. Från {first_rule}: ärenden som både började och avslutades "
                f"under kalenderåret och där en telefonutredning registrerades. Det senare "
                f"urvalet ger färre ärenden.",
                shares.method_test,
            ],
            respondents=pd.DataFrame([{"År": y, "Antal ärenden": text.number(len(self.frames[y]))}
                                      for y in years]),
        )
        glue = {f"andel_{y}": text.number(lookup(tidy, "andel", y)) for y in years}
        return self.page(tidy=tidy, tables=tables, figures=figures, narrative=narrative,
                         method=method, measured_years=set(years), headline="andel",
                         glue=glue, change=change, difference=differences[0],
                         stated=[("", d) for d in differences])
