"""The ``composition`` builder: how many a population counts, and how it divides between
women and men, per year, compared with the population it should reach (another source's
counts) or with the whole it is part of (e.g. the cases past their target time against
all cases).

Parameters: ``source``; ``counted``: ``{sex: <column>}`` for one record per person or
case, or ``{women: <column>, men: <column>}`` for records that count women and men (e.g.
attendees of a meeting); ``where`` (an expression: the records counted; not for national
registers read out of core, which are counted as they are); ``groups`` (a column: the same
per code of it, e.g. per kind of meeting; ``group_name`` names it in headings); ``subset``
({label, where}: compare this part of the population with the whole, e.g. the cases past
their target); ``reference`` ({source, where, count, label}: the population the counted one
should mirror); ``unit`` (what a record is: one of the programme's count units; counts of
persons count each once, by the identifier ``distinct``); ``label`` (what is counted, in a
table heading), ``noun`` and ``verb`` for
the text ("År 2018 skickades 5 700 000 orange kuvert"); ``rounding`` of published counts;
``source_text`` and ``method``.

Registers and counts cover everyone, so no test applies: the difference between two shares
is given in percentage points. Counts under the smallest cell shown are withheld, with
complementary suppression across the table's rows and totals, so that no withheld count
follows from the others (:mod:`indikatorbok.disclosure`). The share of women is read
against the programme's range for an even division.
"""

from __future__ import annotations

import pandas as pd

from indikatorbok.kit import (
    Analysis,
    DefinitionError,
    IndicatorResult,
    MethodInfo,
    NoMeasurement,
    Row,
    Shown,
    Table,
    bars_by_year,
    disclosure,
    findings,
    lookup,
    stats,
    step,
    text,
    tidy_rows,
)


class Composition(Analysis):
    """How many a population counts and its share of women, against the population it
    should reach (another source's counts) or the whole it is part of (e.g. cases past
    their target time against all cases), by group.

    Parameters and rules: the module docstring. Example::

        builder: composition
        parameters:
          unit: letters
          source: orange_envelope_mailing
          counted: {sex: sex}
          label: Utskickade orange kuvert
          noun: orange kuvert
          verb: skickades
          rounding: 1000
          reference:
            source: reference_population
            where: population == 'pensionsratt'
            count: persons
            label: Personer med pensionsrätt
          source_text: Myndighetens register över utskick.
          method: Varje utskickat kuvert räknas en gång, efter mottagarens kön.
    """

    kind = "composition"

    @property
    def groups(self) -> dict[str, str]:
        """Group code -> label: the total (``""``) and, with ``groups``, each code."""
        column = self.p("groups", None)
        if not column:
            return {"": "Samtliga"}
        codes = self.ctx.schema(self.p("source")).columns[column].codes
        return {"": "Samtliga", **codes}

    def _counted(self, df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
        """Women and men per group of ``keys`` (columns ``K`` and ``M``)."""
        counted = self.p("counted")
        if "sex" in counted:
            table = df.groupby([*keys, counted["sex"]]).size().unstack(fill_value=0) \
                if keys else df[counted["sex"]].value_counts().to_frame().T
        else:
            women, men = self.sexes
            cols = {women: counted["women"], men: counted["men"]}
            table = (df.groupby(keys)[list(cols.values())].sum() if keys
                     else df[list(cols.values())].sum().to_frame().T)
            table = table.rename(columns={v: k for k, v in cols.items()})
        return table.reindex(columns=list(self.sexes), fill_value=0)

    def _per_year(self) -> dict[int, pd.DataFrame]:
        """Per year: one row per group code (and ``""`` for all), columns K and M; with a
        ``subset``, also the rows ``("subset", code)``."""
        source, column = self.p("source"), self.p("groups", None)
        spec = self.ctx.schema(source)
        keys = [column] if column else []
        out = {}
        if spec.out_of_core:
            if self.p("where", None) or self.p("subset", None):
                raise DefinitionError(f"{self.ctx.indicator.files[0]}: a register read out of "
                                      f"core is counted as it is (no 'where' or 'subset').")
            sex, distinct = self.p("counted")["sex"], self.distinct(source)
            rows = f"(SELECT DISTINCT ON ({distinct}) * FROM {{t}})" if distinct else "{t}"
            for y, extract in self.ctx.scan(source).items():
                cols = ", ".join([*keys, sex])
                df = extract.df(f"SELECT {cols}, count(*) AS n FROM {rows} GROUP BY {cols}")
                table = df.pivot_table(index=keys or None, columns=sex, values="n",
                                       aggfunc="sum", fill_value=0) if keys else \
                    df.set_index(sex)["n"].to_frame().T
                out[y] = self._with_total(table.reindex(columns=list(self.sexes), fill_value=0),
                                          keys)
            return out
        distinct = self.distinct(source)
        for y, df in self.ctx.load(source).items():
            df = df[self.ctx.select(df, self.p("where", None))]
            if distinct:  # each person once, with the first of their records
                df = df.drop_duplicates(distinct)
            table = self._with_total(self._counted(df, keys), keys)
            subset = self.p("subset", None)
            if subset:
                part = self._with_total(self._counted(df[self.ctx.select(df, subset["where"])],
                                                      keys), keys)
                part.index = [("subset", i) for i in part.index]
                table = pd.concat([table, part])
            out[y] = table
        return out

    @staticmethod
    def _with_total(table: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
        total = table.sum().to_frame().T
        total.index = [""]
        if not keys:
            return total
        table.index = [str(i) for i in table.index]
        return pd.concat([total, table])

    @step("Data: antal kvinnor och män per år")
    def count(self) -> Shown:
        self.counts = {y: t for y, t in self._per_year().items() if t.loc[""].sum() > 0}
        if not self.counts:
            raise NoMeasurement(f"{self.ctx.indicator.id}: source '{self.p('source')}' has "
                                f"nothing to count in {self.ctx.years[0]}–{self.ctx.year}.")
        rows = [{"År": y, "Del": "urval" if isinstance(i, tuple) else "alla",
                 "Grupp": self.groups.get(i[1] if isinstance(i, tuple) else i, i) or "Samtliga",
                 **{label: int(r[code]) for code, label in self.sexes.items()}}
                for y, t in self.counts.items() for i, r in t.iterrows()]
        return Shown("", pd.DataFrame(rows), [f"Räknas: {self.p('where', None) or 'alla'}."])

    @step("Jämförelsepopulation: antal kvinnor och män")
    def compare(self) -> Shown:
        reference = self.p("reference", None)
        self.reference = {}
        if reference:
            for y, df in self.ctx.load(reference["source"]).items():
                df = df[self.ctx.select(df, reference.get("where"))]
                sex = df[self.ctx.programme.groupings["sex"].column]
                women = int(df.loc[sex == next(iter(self.sexes)), reference["count"]].sum())
                total = int(df[reference["count"]].sum())
                if total:
                    self.reference[y] = (women, total)
        women = next(iter(self.sexes.values()))
        columns = ["År", women, "Samtliga", f"Andel {women.lower()} (%)"]
        rows = [dict(zip(columns, (y, w, n, round(100 * w / n, 1)), strict=True))
                for y, (w, n) in sorted(self.reference.items())]
        return Shown("", pd.DataFrame(rows, columns=columns),
                     [reference["label"] if reference else "Ingen jämförelsepopulation."])

    def _cells(self, table: pd.DataFrame, year: int) -> tuple[dict, list]:
        """The year's published counts as cells ``(series_key, group_key, year)`` (the
        whole, and the subset apart) and how they add up: each row's women and men to its
        total, and with groups each sex's groups to the sex's total (what the groups do
        not cover goes to a cell never published)."""
        values, relations = {}, []
        women, men = self.sexes
        for part, prefix in (("", ""), ("subset", "urval_")):
            rows = [i for i in table.index if (isinstance(i, tuple)) == bool(part)]
            if not rows:
                continue
            codes = [i[1] if part else i for i in rows]
            for index, code in zip(rows, codes, strict=True):
                key = f"{prefix}antal_{code}" if code else f"{prefix}antal"
                row = table.loc[[index]].iloc[0]
                values |= {(key, women, year): int(row[women]),
                           (key, men, year): int(row[men]),
                           (key, "", year): int(row[women] + row[men])}
                relations.append(disclosure.Sum((key, "", year),
                                                ((key, women, year), (key, men, year))))
            groups = [c for c in codes if c]
            for sex in ("", women, men):
                total = (f"{prefix}antal", sex, year)
                parts = tuple((f"{prefix}antal_{c}", sex, year) for c in groups)
                if not parts:
                    continue
                rest = values[total] - sum(values[c] for c in parts)
                if rest:  # records in no group
                    values[("~rest", prefix, sex, year)] = rest
                    parts += (("~rest", prefix, sex, year),)
                relations.append(disclosure.Sum(total, parts))
        return values, relations

    def build(self) -> IndicatorResult:
        ctx, ind, rules = self.ctx, self.ctx.indicator, self.ctx.stats
        years = sorted(self.counts)
        rounding = self.p("rounding", 1)
        counted, women = self.counted(), next(iter(self.sexes))
        parts = []
        for y in years:
            values, relations = self._cells(self.counts[y], y)
            small = {k for k, v in values.items() if 0 < v < rules.min_cell and k[0] != "~rest"}
            unpublished = {k for k in values if k[0] == "~rest"}
            withheld = self.protect({k: v for k, v in values.items() if k not in unpublished},
                                    small, relations, rounding)
            for key in dict.fromkeys(k[0] for k in values if k[0] != "~rest"):
                prefix, code = ("urval_", key.removeprefix("urval_antal").lstrip("_")) \
                    if key.startswith("urval_") else ("", key.removeprefix("antal").lstrip("_"))
                part = "subset" if prefix else ""
                for sex, name in {"": "", **self.sexes}.items():
                    cell = (key, sex, y)
                    parts.append(tidy_rows(
                        ind.id, key, self._series(part, code, "antal"), "count",
                        {y: (float("nan"), None, True) if cell in withheld
                         else (stats.round_half_up(values[cell], rounding), None)},
                        group_key=sex, group=name, counted=counted))
                total = values[(key, "", y)]
                # A share of women in fewer than the smallest group shown is too uncertain;
                # one of withheld counts is withheld with them.
                hidden = any((key, s, y) in withheld for s in ("", *self.sexes))
                shown = total >= rules.min_group and not hidden
                parts.append(tidy_rows(
                    ind.id, f"{prefix}kvinnor_{code}" if code else f"{prefix}kvinnor",
                    self._series(part, code, "andel"), "percent",
                    {y: (stats.round_half_up(100 * values[(key, women, y)] / total),
                         stats.round_half_up(total, rounding)) if shown
                     else (float("nan"), None, hidden)}))
            if y in self.reference:
                w, n = self.reference[y]
                parts.append(tidy_rows(ind.id, "referens_kvinnor",
                                       f"{self.p('reference')['label']}: andel kvinnor",
                                       "percent", {y: (stats.round_half_up(100 * w / n), n)}))
        tidy = pd.concat(parts, ignore_index=True)
        values = {"Andel kvinnor": [lookup(tidy, "kvinnor", y) for y in years]}
        for key, other in (("urval_kvinnor", self.p("subset", None)),
                           ("referens_kvinnor", self.p("reference", None))):
            if other:
                values[other["label"]] = [lookup(tidy, key, y) for y in years]
        figures = [bars_by_year(years, values, "percent", "Procent kvinnor",
                                "Andel kvinnor, per år. Procent",
                                table=2 if self.p("subset", None) else 1)]  # "Andel kvinnor"
        method = MethodInfo(source=self.p("source_text"), paragraphs=[
            self.p("method"),
            f"Uppgifterna omfattar alla och inte ett urval, så skillnader prövas inte "
            f"statistiskt; de anges i procentenheter. Antal under {rules.min_cell} "
            f"redovisas inte, och inte heller andra antal som de skulle kunna räknas fram ur, "
            f"i tabellen eller ur dess summor."
            + (f" Antalen är {text.rounded_to(rounding, plural=True)}." if rounding > 1 else "")])
        glue = {f"antal_{y}": text.number(lookup(tidy, "antal", y)) for y in years}
        headline = "urval_kvinnor" if self.p("subset", None) else "kvinnor"
        latest = years[-1]
        change = None
        if len(years) > 1:
            change = findings.change(
                "percent", latest, years[-2], lookup(tidy, headline, latest),
                lookup(tidy, headline, years[-2]),
                part_year=ctx.part_years({self.p("source")}, {latest}).get(latest))
        balance = findings.balance(latest, lookup(tidy, headline, latest),
                                   ctx.policy.even_range)
        return self.page(tidy=tidy, tables=self._tables(years), figures=figures,
                         narrative=self._narrative(tidy, years, balance), method=method,
                         measured_years=set(years),
                         # the figure the indicator is about: who the subset are
                         headline=headline, glue=glue, change=change, balance=balance)

    def _series(self, part: str, code: str, what: str) -> str:
        name = self.p("subset")["label"] if part else self.p("label")
        if code:
            name = f"{name}: {self.groups[code]}"
        return f"{name}, antal" if what == "antal" else f"{name}, andel kvinnor"

    def _tables(self, years: list[int]) -> list[Table]:
        ctx, label = self.ctx, self.p("label")
        rounding = self.p("rounding", 1)
        notes = [f"Antalen är {text.rounded_to(rounding, plural=True)}."] if rounding > 1 else []
        by_sex = {"": "Samtliga", **self.sexes}.items()
        tables = [Table(f"{label}, efter kön", [Row("antal", k, n) for k, n in by_sex],
                        "count", ctx.years, "Kön", notes=notes)]
        if self.p("subset", None):
            tables.append(Table(f"{self.p('subset')['label']}, efter kön",
                                [Row("urval_antal", k, n) for k, n in by_sex],
                                "count", ctx.years, "Kön", notes=notes))
        share_rows = [Row("kvinnor", label=f"{label}: andel kvinnor")]
        if self.p("subset", None):
            share_rows.append(Row("urval_kvinnor", label=f"{self.p('subset')['label']}: "
                                                          f"andel kvinnor"))
        if self.reference:
            share_rows.append(Row("referens_kvinnor", label=f"{self.p('reference')['label']}: "
                                                             f"andel kvinnor"))
        tables.append(Table("Andel kvinnor", share_rows, "percent", ctx.years, "Population"))
        if self.p("groups", None):
            latest = years[-1]
            codes = [c for c in self.groups if c]
            tables.append(Table(
                f"{label}, efter {self.p('group_name', 'grupp')}, {latest}",
                [Row(f"antal_{c}", label=self.groups[c]) for c in codes], "count", [],
                self.p("group_name", "grupp").capitalize(),
                groups={"": "Samtliga", **self.sexes}, year=latest))
            tables.append(Table(
                f"Andel kvinnor efter {self.p('group_name', 'grupp')}, {latest}",
                [Row(f"kvinnor_{c}", label=self.groups[c]) for c in codes], "percent",
                [latest], self.p("group_name", "grupp").capitalize()))
            if self.p("subset", None):
                tables.append(Table(
                    f"{self.p('subset')['label']}: andel kvinnor efter "
                    f"{self.p('group_name', 'grupp')}, {latest}",
                    [Row(f"urval_kvinnor_{c}", label=self.groups[c]) for c in codes],
                    "percent", [latest], self.p("group_name", "grupp").capitalize()))
        return tables

    def _narrative(self, tidy: pd.DataFrame, years: list[int],
                   balance: findings.Balance | None) -> list[str]:
        latest = years[-1]
        count = lookup(tidy, "antal", latest)
        women = lookup(tidy, "kvinnor", latest)
        out = [f"År {latest} {self.p('verb')} {text.number(count)} {self.p('noun')}."
               + (f" Andelen kvinnor var {text.percent_words(women)}."
                  if not text.missing(women) else "")]
        if len(years) > 1:
            prev = years[-2]
            total = {y: int(self.counts[y].loc[""].sum()) for y in (latest, prev)}
            out[0] += " " + findings.change(
                "count", latest, prev, count, lookup(tidy, "antal", prev),
                raw=(total[latest], total[prev]), rounding=self.p("rounding", 1),
                part_year=self.ctx.part_years({self.p("source")}, {latest}).get(latest)
            ).sentence()
        if balance is not None and self.p("subset", None) is None:
            out.append(balance.sentence())
        for key, other in (("referens_kvinnor", self.p("reference", None)),
                           ("urval_kvinnor", self.p("subset", None))):
            if not other:
                continue
            value, name = lookup(tidy, key, latest), text.lower_first(other["label"])
            if text.missing(value) or text.missing(women):
                out.append(f"Jämförelsen med {name} görs inte för {latest} eftersom någon av "
                           f"andelarna inte redovisas.")
            elif value == women:
                out.append(f"Bland {name} är andelen kvinnor densamma, "
                           f"{text.percent_words(value)}.")
            else:
                word = "högre" if value > women else "lägre"
                out.append(f"Bland {name} är andelen kvinnor {text.percent_words(value)}, "
                           f"{text.points(abs(value - women))} {word}.")
        if self.p("groups", None):
            shown = {c: lookup(tidy, f"kvinnor_{c}", latest) for c in self.groups if c}
            shown = {c: v for c, v in shown.items() if not text.missing(v)}
            if len(shown) > 1:
                hi, lo = max(shown, key=shown.get), min(shown, key=shown.get)
                out.append("Andelen kvinnor är högst för " + text.with_value(
                    text.lower_first(self.groups[hi]), text.percent_words(shown[hi]))
                    + " och lägst för " + text.with_value(
                    text.lower_first(self.groups[lo]), text.percent_words(shown[lo])) + ".")
            if self.p("subset", None):
                gaps = {c: lookup(tidy, f"urval_kvinnor_{c}", latest) - v
                        for c, v in shown.items()}
                gaps = {c: g for c, g in gaps.items() if not text.missing(g)}
                subset = text.lower_first(self.p("subset")["label"])
                if gaps and max(abs(g) for g in gaps.values()) >= 1:
                    c = max(gaps, key=lambda k: abs(gaps[k]))
                    late = lookup(tidy, f"urval_kvinnor_{c}", latest)
                    out.append(
                        f"Störst är skillnaden för {text.lower_first(self.groups[c])}: "
                        f"{text.percent_words(late)} kvinnor bland {subset} mot "
                        f"{text.percent_words(shown[c])} bland alla.")
                elif gaps:
                    group = self.p("group_name", "grupp")
                    overall = lookup(tidy, "urval_kvinnor", latest) != women
                    out.append(f"Inom varje {group} är andelen kvinnor bland {subset} densamma "
                               f"som bland alla" + (f", så skillnaden totalt beror på hur kvinnor "
                                                    f"och män fördelar sig efter {group}."
                                                    if overall else "."))
        return out
