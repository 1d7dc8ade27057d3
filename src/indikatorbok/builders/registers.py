"""The ``register_share`` builder: the share of a register's records that meet a condition
(e.g. decisions changed to the individual's favour), per year and by group, with a test of
the difference between the groups and the register's disclosure control (small cells
withheld, and as many others as it takes for none to follow from a total).

Parameters: ``source``; ``population`` (an expression: the records the share is of);
``success`` (an expression: the records counted); ``label`` of the series; ``groupings``
(default sex); ``by`` (a column: the share per code of it in the latest year, e.g. per
benefit; ``by_name`` names it in headings, default the column's name); ``verb``,
``subject`` and ``phrase`` for the text ("År 2018 ändrades 12 procent av de omprövade
besluten till den enskildes fördel": verb "ändrades", subject "de omprövade besluten",
phrase "till den enskildes fördel"); ``noun`` (what a record is, in the plural);
``source_text`` and ``method``.
"""

from __future__ import annotations

import pandas as pd

from indikatorbok.builders.shares import WITHHELD_REASON, Shares, count_table
from indikatorbok.kit import (
    Analysis,
    IndicatorResult,
    MethodInfo,
    NoMeasurement,
    Row,
    Shown,
    Table,
    bars_by_year,
    disclosure,
    lookup,
    step,
    text,
)


class RegisterShare(Analysis):
    """The share of a register's records meeting a condition (e.g. decisions changed in the
    individual's favour), by group and by a category in the latest year, with a test between
    groups.

    Parameters and rules: the module docstring. Example::

        builder: register_share
        parameters:
          source: reconsidered_decisions
          population: procedure == 'omprovning'
          success: changed_in_favour == 1
          label: Omprövade beslut som ändrats till den enskildes fördel
          by: benefit
          by_name: förmån
          subject: de omprövade besluten
          verb: ändrades
          phrase: till den enskildes fördel
          noun: omprövade beslut
          source_text: Myndighetens registeruppgifter om omprövningar.
          method: Omprövningar som avgjordes under året.
    """

    kind = "register_share"

    @step("Urval: registrets poster i populationen")
    def select(self) -> Shown:
        source, rows = self.p("source"), []
        self.frames = {}
        for y, df in self.ctx.load(source).items():
            kept = df[self.ctx.select(df, self.p("population", None))]
            rows.append({"År": y, "Poster": len(df), "I populationen": len(kept)})
            if len(kept):
                self.frames[y] = kept
        if not self.frames:
            raise NoMeasurement(f"{self.ctx.indicator.id}: no record of source '{source}' in "
                                f"the population in {self.ctx.years[0]}–{self.ctx.year}.")
        population = self.ctx.population(self.p("population", None), "alla poster")
        return Shown("", pd.DataFrame(rows),
                     [f"Population: {population}. Räknas: {self.p('success')}."])

    def success(self, df: pd.DataFrame) -> pd.Series:
        return self.ctx.select(df, self.p("success"))

    @step("Täljare, nämnare och andel per grupp och år")
    def count(self) -> Shown:
        ind, shares = self.ctx.indicator, Shares(self.ctx)
        label, parts, self.props = self.p("label"), [], {}
        for grouping in (None, *self.groupings):
            rows, self.props[grouping] = shares.series(ind.id, "andel", label, self.frames,
                                                       self.success, grouping, register=True)
            parts.append(rows if grouping is None else rows[rows.group_key != ""])
        self.years = sorted(self.frames)
        by = self.p("by", None)
        if by:
            latest = self.years[-1]
            df = self.frames[latest]
            codes = self.ctx.schema(self.p("source")).columns[by].codes
            self.by_props = {}
            for code in codes:
                part = df[df[by] == code]
                if len(part):
                    for grouping in (None, *self.groupings):
                        _, self.by_props[(code, grouping)] = shares.series(
                            ind.id, f"andel_{code}", "", {latest: part}, self.success,
                            grouping, register=True)
            present = list(dict.fromkeys(c for c, _ in self.by_props))
            # The codes of each group add up to the group's published share and n: withhold
            # across them too, and state how they add up.
            for grouping in (None, *self.groupings):
                for group in shares.labels(grouping):
                    column = self.ctx.stats.withheld_shares(
                        {c: self.by_props[(c, grouping)][(group, latest)] for c in present},
                        column_totals=True)
                    for c, p in column.items():
                        self.by_props[(c, grouping)][(group, latest)] = p
                    self.relations += self.across(present, grouping, group, latest)
            for code in present:
                for grouping in (None, *self.groupings):
                    rows = shares.rows(ind.id, f"andel_{code}", f"{label}: {codes[code]}",
                                       self.by_props[(code, grouping)], grouping)
                    parts.append(rows if grouping is None else rows[rows.group_key != ""])
                    if grouping:
                        self.relations += shares.relations(
                            f"andel_{code}", {**self.by_props[(code, None)],
                                              **self.by_props[(code, grouping)]}, grouping)
        self.tidy = pd.concat(parts, ignore_index=True)
        for g in self.groupings:
            self.relations += shares.relations("andel", {**self.props[None], **self.props[g]}, g)
        tables = [count_table(self.props[g], shares.labels(g), label)
                  for g in (None, *self.groupings)]
        return Shown("", pd.concat(tables, ignore_index=True))

    def across(self, codes: list[str], grouping: str | None, group: str, year: int
               ) -> list[disclosure.Relation]:
        """The ``by`` codes' counts of one group adding up to the group's total (what the
        codes do not cover goes to a cell never published)."""
        total = self.props[grouping][(group, year)]
        out = []
        for part, field in (("s", "successes"), ("n", "n")):
            cells = tuple((f"andel_{c}", group, year, part) for c in codes)
            rest = getattr(total, field) - sum(
                getattr(self.by_props[(c, grouping)][(group, year)], field) for c in codes)
            if rest:
                cells += (("~rest", "by", group, year, part),)
            out.append(disclosure.Sum(("andel", group, year, part), cells))
        return out

    def build(self) -> IndicatorResult:
        ctx, tidy, props, years = self.ctx, self.tidy, self.props, self.years
        shares = Shares(ctx)
        label, latest = self.p("label"), years[-1]
        group_rows = [Row("andel", "", "Samtliga")] + [
            Row("andel", code, name) for g in self.groupings
            for code, name in shares.labels(g).items()]
        tables = [Table(label, group_rows, "percent", ctx.years, "Grupp")]
        by = self.p("by", None)
        if by:
            codes = ctx.schema(self.p("source")).columns[by].codes
            present = [c for c in codes if (c, None) in self.by_props]
            sexes = shares.labels(self.groupings[0]) if self.groupings else {}
            tables.append(Table(
                f"{label}, efter {self.p('by_name', by)}, {latest}",
                [Row(f"andel_{c}", label=codes[c]) for c in present], "percent", [],
                self.p("by_name", by).capitalize(), groups={"": "Samtliga", **sexes},
                year=latest))
        p = props[None][("", latest)]
        change = shares.latest_change(props[None], years)
        differences = [shares.difference(props[g], g, latest, self.p("noun"))
                       for g in self.groupings]
        if p.shown:
            sentence = (f"År {latest} {self.p('verb')} {text.percent_words(p.rounded)} av "
                        f"{self.p('subject')} {self.p('phrase')}.")
        else:
            sentence = f"Andelen för {latest} redovisas inte eftersom {WITHHELD_REASON}."
        if change is not None and p.shown:
            sentence += " " + change.sentence()
        narrative = [sentence, *(d.sentence() for d in differences)]
        values = {row.label: [lookup(tidy, "andel", y, row.group_key) for y in years]
                  for row in group_rows}
        figures = [bars_by_year(years, values, "percent", "Procent",
                                f"{label}, efter grupp och år. Procent")]
        method = MethodInfo(
            source=self.p("source_text"),
            paragraphs=[self.p("method"),
                        f"Andelen beräknas bland samtliga {self.p('noun')} i registret, inte "
                        f"i ett urval. Skillnaden mellan kvinnor och män prövas med ett z-test "
                        f"för två andelar på {int(shares.rules.alpha * 100)} procents "
                        f"signifikansnivå. Celler med färre än {shares.rules.min_cell} "
                        f"{self.p('noun')} redovisas inte, och inte heller andra celler som "
                        f"de skulle kunna räknas fram ur."],
            respondents=pd.DataFrame([{"År": y, f"Antal {self.p('noun')}":
                                       text.number(len(self.frames[y]))} for y in years]))
        glue = {f"andel_{y}": text.number(lookup(tidy, "andel", y)) for y in years}
        return self.page(tidy=tidy, tables=tables, figures=figures, narrative=narrative,
                         method=method, measured_years=set(years), headline="andel",
                         glue=glue, change=change,
                         difference=differences[0] if differences else None,
                         stated=[("", d) for d in differences])
