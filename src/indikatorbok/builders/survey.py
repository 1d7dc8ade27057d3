"""Shares of survey respondents (and of register cases) by group and year, under the
programme's disclosure rules, and the two survey builders:

- ``survey_share``: the share of a question's respondents giving certain answers, with the
  answer distribution and group comparisons (:class:`ShareQuestion`);
- ``survey_series``: an indicator published as several series (per benefit, per role, ...),
  each the share of a population answering a question in certain ways
  (:class:`SeriesIndicator`).

A definition's ``counts`` says which answers count: a list of answer codes, or
``{ticked: [option columns]}`` (any of them ticked, in a multi-select question), or
``{expression: "..."}`` (a pandas expression over the columns).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import pandas as pd

from indikatorbok import disclosure, findings, plots, sources, stats, text
from indikatorbok.indicators import (
    Analysis,
    Context,
    DefinitionError,
    NoMeasurement,
    Shown,
    step,
)
from indikatorbok.result import (
    Figure,
    IndicatorResult,
    MethodInfo,
    Row,
    Table,
    bars_by_year,
    lookup,
    tidy_rows,
)


def answered(df: pd.DataFrame, columns: list[str]) -> pd.Series:
    """A multi-select question counts as answered when at least one option is ticked."""
    present = [c for c in columns if c in df.columns]
    if not present:
        return pd.Series(False, index=df.index)
    return df[present].eq(1).fillna(False).any(axis=1)


def ticked_any(df: pd.DataFrame, columns: list[str]) -> pd.Series:
    return df[columns].eq(1).fillna(False).any(axis=1)


TEST_NAME = "z-test för två andelar"
WITHHELD_REASON = "det skulle kunna röja uppgifter om enskilda personer"
NOT_SAME_GROUP = "mätningarna inte avser samma grupp"


class Shares:
    """Shares by group and year under a programme's rules: tidy rows, the tests between
    groups and years, and the sentences about them. ``ctx`` gives the rules and the
    programme's groupings."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.rules: stats.Rules = ctx.stats
        self.groupings = ctx.programme.groupings

    def labels(self, grouping: str | None) -> dict[str, str]:
        """Group code -> table label (``{"": ""}``: the total)."""
        if not grouping:
            return {"": ""}
        try:
            return self.groupings[grouping].labels
        except KeyError:
            raise DefinitionError(f"grouping '{grouping}' is not one of the programme's "
                                  f"({', '.join(sorted(self.groupings))}).") from None

    def series(self, indicator: str, series_key: str, series: str,
               frames: Mapping[int, pd.DataFrame], success: Callable[[pd.DataFrame], pd.Series],
               grouping: str | None = None, register: bool = False
               ) -> tuple[pd.DataFrame, dict]:
        """Tidy rows of a share per year (total, or one row set per group of ``grouping``).

        ``frames`` hold the respondents who answered (or, with ``register``, the register's
        persons or cases), per year. Groups under the smallest group shown are suppressed
        (value NaN, n withheld), with a complement so that none can be recovered from the
        total; in a register table so are shares with withheld cells (the groups of a year
        partition its total). Returns the rows and the unrounded
        :class:`stats.Proportion` per (group, year).
        """
        groups = self.labels(grouping)
        props = {}
        for year, df in frames.items():
            of_year = {}
            values = self.groupings[grouping].values(df) if grouping else None
            for code in groups:
                sub = df if not grouping else df[values == code]
                of_year[(code, year)] = self.rules.proportion(int(success(sub).sum()), len(sub))
            if register:
                of_year = self.rules.withheld_shares(of_year, column_totals=bool(grouping))
            if grouping:
                of_year = self.rules.complement_groups(of_year)
            props |= of_year
        return self.rows(indicator, series_key, series, props, grouping), props

    @staticmethod
    def relations(series_key: str, props: dict, grouping: str | None = None
                  ) -> list[disclosure.Relation]:
        """How the shares tie together, for the audit of what is published: each share
        is its numerator (``"s"``) of its n (``"n"``), and a grouping's groups add up to
        the total (what they do not cover goes to a cell never published)."""
        out: list[disclosure.Relation] = []
        for code, year in props:
            cell = (series_key, code, year)
            out.append(disclosure.ShareOf(cell, (*cell, "s"), (*cell, "n")))
        for year in sorted({y for _, y in props}):
            groups = [c for c, y in props if y == year and c]
            if not grouping or ("", year) not in props or not groups:
                continue
            total = props[("", year)]
            for part, value in (("s", "successes"), ("n", "n")):
                parts = tuple((series_key, c, year, part) for c in groups)
                rest = getattr(total, value) - sum(getattr(props[(c, year)], value)
                                                   for c in groups)
                if rest:
                    parts += (("~rest", series_key, grouping, year, part),)
                out.append(disclosure.Sum((series_key, "", year, part), parts))
        return out

    def rows(self, indicator: str, series_key: str, series: str, props: dict,
             grouping: str | None = None) -> pd.DataFrame:
        """Tidy rows of shares by (group, year); those not shown are blank."""
        years = sorted({year for _, year in props})
        rows = []
        for code, label in self.labels(grouping).items():
            values = {year: (p.rounded, p.n) if (p := props[(code, year)]).shown
                      else (float("nan"), None, p.withheld) for year in years}
            rows.append(tidy_rows(indicator, series_key, series, "percent", values,
                                  group_key=code, group=label))
        return pd.concat(rows, ignore_index=True)

    @property
    def method_test(self) -> str:
        return (f"Skillnader mellan grupper och mellan år prövas med ett z-test för två "
                f"andelar på {int(self.rules.alpha * 100)} procents signifikansnivå. Grupper "
                f"med färre än {self.rules.min_group} svarande redovisas inte och jämförs "
                f"inte.")

    def test(self, a: stats.Proportion, b: stats.Proportion) -> findings.Test | None:
        """The z-test of two shares, when both are shown (None otherwise)."""
        cmp = self.rules.compare(a, b)
        if not cmp.testable:
            return None
        return findings.Test(TEST_NAME, cmp.p_value, self.rules.alpha, n=(a.n, b.n))

    def difference(self, props: dict, grouping: str, year: int, counted: str = "svarande"
                   ) -> findings.Difference:
        """The difference between the two groups of ``grouping`` in ``year``, tested
        (``counted``: what a group's n counts, e.g. "ärenden" in a register)."""
        a_code, b_code = list(self.labels(grouping))
        a, b = props[(a_code, year)], props[(b_code, year)]
        names, labels = self.groupings[grouping].phrases, self.labels(grouping)
        why = None
        if not (a.shown and b.shown):
            why = (f"någon av grupperna har färre än {self.rules.min_group} {counted}"
                   if a.too_few or b.too_few else WITHHELD_REASON)
        return findings.difference(
            grouping, year, "percent", (names[a_code], names[b_code]),
            (a.rounded, b.rounded) if why is None else (float("nan"),) * 2,
            test=self.test(a, b), why=why, labels=(labels[a_code], labels[b_code]),
            raw=(a.percent, b.percent))

    def change(self, current: stats.Proportion, previous: stats.Proportion, year: int,
               previous_year: int, comparable: bool = True, why: str | None = None
               ) -> findings.Change:
        """The change of a share since the previous measurement, tested; ``why`` (a
        clause) when the measurements do not compare."""
        shown = current.shown and previous.shown
        return findings.change(
            "percent", year, previous_year,
            current.rounded if current.shown else float("nan"),
            previous.rounded if previous.shown else float("nan"),
            test=self.test(current, previous) if shown else None, comparable=comparable,
            why=why or NOT_SAME_GROUP, raw=(current.percent, previous.percent))

    def latest_change(self, props: Mapping[tuple[str, int], stats.Proportion],
                      years: list[int], comparable: bool = True, why: str | None = None
                      ) -> findings.Change | None:
        """:meth:`change` of the total between its last two measured years."""
        if len(years) < 2:
            return None
        return self.change(props[("", years[-1])], props[("", years[-2])], years[-1],
                           years[-2], comparable, why)

    def population_label(self, roles: set[str]) -> str:
        """The roles of a population in the plural, e.g. ``Handläggare och chefer i
        försäkringsärenden``."""
        surveys = self.ctx.programme.surveys
        plurals = surveys.get("role_plurals") or {}
        names = [plurals[r] for r in plurals if r in roles]
        label = text.join(names)
        return f"{label[:1].upper()}{label[1:]} {surveys.get('population_suffix', '')}".strip()

    def roles(self, df: pd.DataFrame) -> frozenset[str]:
        column = self.ctx.programme.surveys.get("role_column")
        return frozenset(df[column].dropna()) if column else frozenset()


# --------------------------------------------------------------------------- definitions


def counted(spec, question: sources.Question) -> Callable[[pd.DataFrame], pd.Series]:
    """Which answers count, from a definition's ``counts`` (see the module docstring)."""
    if isinstance(spec, dict) and "ticked" in spec:
        columns = list(spec["ticked"])
        return lambda d: ticked_any(d, columns)
    if isinstance(spec, dict) and "expression" in spec:
        expression = spec["expression"]
        return lambda d: d.eval(expression, engine="python").fillna(False).astype(bool)
    codes = tuple(spec)
    if question.kind == "multi":
        return lambda d: ticked_any(d, list(codes))
    return lambda d: d[question.key].isin(codes)


def counted_codes(spec) -> tuple | None:
    """The answer codes that count, when the definition lists them."""
    return None if isinstance(spec, dict) else tuple(spec)


def _option_mask(question: sources.Question, code) -> Callable[[pd.DataFrame], pd.Series]:
    if question.kind == "multi":
        return lambda d: d[code].eq(1).fillna(False)
    return lambda d: d[question.key].eq(code)


def count_table(props: dict, labels: dict[str, str], series: str) -> pd.DataFrame:
    """Numerator, denominator and share per group and year, and whether it is shown."""
    rows = []
    for (code, year), p in sorted(props.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        rows.append({"Serie": series, "Grupp": labels.get(code) or "Samtliga", "År": year,
                     "Täljare": p.successes, "Nämnare": p.n,
                     "Andel (%)": round(p.percent, 1) if p.n else None,
                     "Visas": "ja" if p.shown else ("nej, för få" if p.too_few
                                                    else "nej, skyddas")})
    return pd.DataFrame(rows)


def _kept(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows)


class SurveyAnalysis(Analysis):
    """What the two survey builders share: reading the survey and the step tables."""

    def __init__(self, ctx: Context, parameters: dict):
        super().__init__(ctx, parameters)
        self.shares = Shares(ctx)

    @property
    def source(self) -> str:
        return self.p("source")

    def question(self, key: str, source: str | None = None) -> sources.Question:
        spec = self.ctx.schema(source or self.source)
        try:
            return spec.questions[key]
        except KeyError:
            raise DefinitionError(f"{self.ctx.indicator.files[0]}: question '{key}' is not "
                                  f"in the contract of '{spec.source}' ({spec.path}).") from None

    def respondents(self, df: pd.DataFrame, question: sources.Question,
                    population: str | None, excluded: tuple = ()
                    ) -> tuple[pd.DataFrame, dict[str, int]]:
        """Those in the population who answered the question (an empty cell is no answer),
        and how many each condition kept."""
        kept = {"Rader": len(df)}
        if question.columns[0] not in df.columns:
            return df.iloc[0:0], {**kept, "Frågan ställd": 0}
        mask = answered(df, question.columns) if question.kind == "multi" \
            else df[question.key].notna()
        kept["Har svarat"] = int(mask.sum())
        if excluded:
            mask &= ~df[question.key].isin(excluded)
            kept["Utom uteslutna svar"] = int(mask.sum())
        if population:
            mask &= self.ctx.select(df, population)
            kept["I populationen"] = int(mask.sum())
        return df[mask], kept

    def read_sources(self, names: list[str]) -> Shown:
        rows = [{"Källa": self.ctx.schema(s).title, "År": y, "Rader": len(df)}
                for s in names for y, df in self.ctx.load(s).items()]
        return Shown("", pd.DataFrame(rows, columns=["Källa", "År", "Rader"]))


# --------------------------------------------------------------------------- survey_share


class ShareQuestion(SurveyAnalysis):
    """The share of a question's respondents giving certain answers (``main``), with other
    published shares of the same question (``also``), by the ``groupings`` (default sex).
    ``ranked``: options of a multi-select question whose most common two the text names,
    after ``ranked_phrase``.

    Parameters: ``source``, ``question``, ``population`` (an expression), ``main`` and each
    of ``also`` ({key, counts, label, phrase}; main's key is ``andel``), ``subject`` (who
    answered, in a sentence), ``groupings``, ``ranked``, ``ranked_phrase``,
    ``population_label`` (the population in the table of respondents, where the survey
    has no roles)."""

    kind = "survey_share"

    @step("Data")
    def read(self) -> Shown:
        return self.read_sources([self.source])

    @step("Urval: svarande i populationen")
    def select(self) -> Shown:
        question = self.question(self.p("question"))
        frames, kept = {}, []
        for y, df in self.ctx.load(self.source).items():
            sub, counts = self.respondents(df, question, self.p("population", None))
            kept.append({"År": y, **counts})
            if len(sub):
                frames[y] = sub
        if not frames:
            raise NoMeasurement(
                f"{self.ctx.indicator.id}: no year {self.ctx.years[0]}–{self.ctx.year} has "
                f"answers to question '{question.key}' in source '{self.source}'.")
        self.frames = frames
        return Shown("", _kept(kept), [f"Population: {self.p('population', None) or 'alla'}."])

    @step("Täljare, nämnare och andel per grupp och år")
    def count(self) -> Shown:
        question = self.question(self.p("question"))
        main, ind = self.p("main"), self.ctx.indicator
        self.props, parts = {}, []
        for grouping in (None, *self.groupings):
            rows, self.props[grouping] = self.shares.series(
                ind.id, "andel", main["label"], self.frames, counted(main["counts"], question),
                grouping)
            parts.append(rows)
        for share in self.p("also", ()):
            rows, self.props[share["key"]] = self.shares.series(
                ind.id, share["key"], share["label"], self.frames,
                counted(share["counts"], question))
            parts.append(rows)
        for code, label in question.options.items():
            rows, self.props[f"svar_{code}"] = self.shares.series(
                ind.id, f"svar_{code}", f"Svar: {label}", self.frames,
                _option_mask(question, code))
            parts.append(rows)
        self.tidy = pd.concat(parts, ignore_index=True)
        for g in self.groupings:
            self.relations += self.shares.relations("andel", {**self.props[None],
                                                              **self.props[g]}, g)
        tables = [count_table(self.props[g], self.shares.labels(g), main["label"])
                  for g in (None, *self.groupings)]
        tables += [count_table(self.props[s["key"]], {}, s["label"])
                   for s in self.p("also", ())]
        return Shown("", pd.concat(tables, ignore_index=True))

    def build(self) -> IndicatorResult:
        ctx = self.ctx
        question = self.question(self.p("question"))
        main, frames, tidy, props = self.p("main"), self.frames, self.tidy, self.props
        years = sorted(frames)
        roles = {y: self.shares.roles(frames[y]) for y in years}
        group_rows = [Row("andel", "", "Samtliga")] + [
            Row("andel", code, label) for g in self.groupings
            for code, label in self.shares.labels(g).items()]
        codes = counted_codes(main["counts"])
        counted_text = (None if codes is None
                        else text.join([f"”{question.options[c]}”" for c in codes]))
        rule = (f"Andel av de svarande som har svarat {counted_text}." if counted_text
                else f"Andel av de svarande som uppger {main['phrase']}.")
        tables = [Table(main["label"], group_rows, "percent", ctx.years, "Grupp",
                        notes=[rule])]
        also = self.p("also", ())
        if also:
            tables.append(Table("Andra svar", [Row(s["key"], label=s["label"]) for s in also],
                                "percent", ctx.years, "Svar"))
        option_rows = [Row(f"svar_{c}", label=str(question.options[c]))
                       for c in question.options]
        tables.append(Table("Andel som har markerat respektive svarsalternativ. Flera svar "
                            "möjliga" if question.kind == "multi" else "Svarande efter svar",
                            option_rows, "percent", years, "Svar"))
        method = MethodInfo(
            source=ctx.schema(self.source).title + ".",
            question=question.text,
            options=[str(v) for v in question.options.values()],
            paragraphs=[f"{rule} Andelen beräknas bland dem i populationen som har besvarat "
                        f"frågan.", self.shares.method_test],
            respondents=respondents_table(self.shares, {y: len(frames[y]) for y in years},
                                          roles, {y: ctx.delivery(y) for y in years},
                                          self.source, self.p("population_label", None)),
        )
        glue = {f"andel_{y}": text.number(lookup(tidy, "andel", y)) for y in years}
        comparable = len(years) < 2 or roles[years[-1]] == roles[years[-2]]
        self.changes = {key: self.shares.latest_change(props[key], years, comparable)
                        for key in (None, *(s["key"] for s in also))}
        self.differences = [self.shares.difference(props[g], g, years[-1])
                            for g in self.groupings]
        return self.page(
            tidy=tidy, tables=tables, figures=self._figures(question, years, group_rows),
            narrative=self._narrative(question, years), method=method,
            measured_years=set(years), headline="andel", glue=glue,
            change=self.changes[None],
            difference=self.differences[0] if self.differences else None)

    def _narrative(self, question: sources.Question, years: list[int]) -> list[str]:
        props, main = self.props, self.p("main")
        latest = years[-1]

        def change(key) -> str:
            said = self.changes[key]
            return "" if said is None else " " + said.sentence()

        total = props[None][("", latest)]
        if not total.shown:
            return [f"Andelen för {latest} redovisas inte eftersom färre än "
                    f"{self.shares.rules.min_group} har svarat."]
        narrative = [f"År {latest} uppgav {text.percent_words(total.rounded)} av "
                     f"{self.p('subject')} {main['phrase']}." + change(None)]
        if self.differences:
            narrative.append(" ".join(d.sentence() for d in self.differences))
        ranked = self.ranked(question)
        if ranked:
            shares = {c: props[f"svar_{c}"][("", latest)] for c in ranked}
            top = sorted(shares, key=lambda c: -shares[c].percent)[:2]
            narrative.append(f"{self.p('ranked_phrase', 'De vanligaste svaren är')} " + text.join(
                [f"{question.options[c].lower()} ({text.percent_words(shares[c].rounded)})"
                 for c in top]) + ".")
        for share in self.p("also", ()):
            p = props[share["key"]][("", latest)]
            narrative.append(f"{text.percent_words(p.rounded)} uppgav {share['phrase']}."
                             + change(share["key"]))
        return narrative

    def ranked(self, question: sources.Question) -> tuple[str, ...]:
        """The options the text ranks: listed, or ``{all_except: [...]}``."""
        given = self.p("ranked", ())
        if isinstance(given, dict):
            return tuple(c for c in question.options if c not in given["all_except"])
        return tuple(given)

    def _figures(self, question: sources.Question, years: list[int],
                 group_rows: list[Row]) -> list[Figure]:
        tidy, main = self.tidy, self.p("main")
        latest = years[-1]
        groups = {row.label: [lookup(tidy, "andel", y, row.group_key) for y in years]
                  for row in group_rows}
        figures = [bars_by_year(years, groups, "percent", "Procent",
                                f"{main['label']}, efter grupp och år. Procent",
                                "Stapeldiagram per grupp och år")]
        if question.kind == "multi":
            shown = self.ranked(question) or tuple(question.options)
            labels = [str(question.options[c]) for c in shown]
            values = [lookup(tidy, f"svar_{c}", latest) for c in shown]
            ranked = sorted(zip(labels, values, strict=True), key=lambda t: -t[1])
            figures.append(Figure(
                plots.horizontal_bars(labels, values, "percent", "Procent"),
                f"Andel som har markerat respektive svarsalternativ, {latest}. Flera svar "
                f"möjliga. Procent",
                f"Liggande stapeldiagram, {latest}: " + "; ".join(
                    f"{lab} {text.percent(v)}" for lab, v in ranked) + ".", table=-1))
        else:
            parts = {str(question.options[c]): [lookup(tidy, f"svar_{c}", y) for y in years]
                     for c in question.options}
            figures.append(Figure(
                plots.stacked_shares([str(y) for y in years], parts),
                f"Svarande efter svar på frågan, {text.year_span(years)}. Procent",
                "Liggande staplar per år med fördelningen av svaren: " + "; ".join(
                    f"{y}: " + ", ".join(f"{lab} {text.percent(v[i])}"
                                         for lab, v in parts.items())
                    for i, y in enumerate(years)) + ".", table=-1))
        return figures


def respondents_table(shares: Shares, counts: Mapping[int, int],
                      roles: Mapping[int, frozenset], deliveries: Mapping[int, sources.Delivery],
                      source: str, label: str | None = None) -> pd.DataFrame:
    """Population, sample type and number of respondents per year, computed from the data
    (the population named by ``label`` where the survey has no roles)."""
    return pd.DataFrame(
        [{"År": y,
          "Population": label or shares.population_label(roles[y]),
          "Urval": sources.SURVEY_DESIGNS.get(deliveries[y].survey_design.get(source, ""), ".."),
          "Antal svarande": text.number(n)}
         for y, n in sorted(counts.items())]
    )


# --------------------------------------------------------------------------- survey_series


BREAKDOWN_NAMES = {"department": "avdelning", "sex": "kön"}


class SeriesIndicator(SurveyAnalysis):
    """A survey indicator published as several series (per benefit, per role, ...), each
    the share of a population answering a question in certain ways.

    Parameters: ``source`` (the main survey), ``title``, ``phrase`` (completes "… uppgav X
    procent av {subject} …"), ``row_header``, ``groupings`` (default sex, for the first
    series), ``breakdown`` (the latest year by one more grouping, for the first series),
    ``headcounts`` ({key, label, population}: respondents of the main survey per year), and
    ``series``, each {key, label, question, counts, subject, short, population, excluded
    (answers left out of the base), sources (the surveys that asked it; default the main
    one), also, phrase, valid (an expression some respondent of a year must match for the
    year to be part of the series)}."""

    kind = "survey_series"

    @property
    def series(self) -> list[dict]:
        return list(self.p("series"))

    def series_sources(self, s: dict) -> list[str]:
        return list(s.get("sources") or [self.source])

    def s_question(self, s: dict) -> sources.Question:
        return self.question(s["question"], self.series_sources(s)[0])

    @step("Data")
    def read(self) -> Shown:
        names = list(dict.fromkeys(src for s in self.series for src in self.series_sources(s)))
        return self.read_sources(names)

    @step("Urval: svarande i varje series population")
    def select(self) -> Shown:
        self.frames: dict[str, dict[int, pd.DataFrame]] = {}
        self.origin: dict[tuple[str, int], str] = {}
        kept = []
        for s in self.series:
            self.frames[s["key"]] = {}
            for source in self.series_sources(s):
                question = self.question(s["question"], source)
                for y, df in self.ctx.load(source).items():
                    sub, counts = self.respondents(df, question, s.get("population"),
                                                   tuple(s.get("excluded", ())))
                    valid = not s.get("valid") or bool(self.ctx.select(sub, s["valid"]).any())
                    kept.append({"Serie": s.get("short") or s["label"], "Källa": source,
                                 "År": y, **counts, "Ingår": "ja" if len(sub) and valid
                                 else "nej"})
                    if len(sub) and valid:
                        self.frames[s["key"]][y] = sub
                        self.origin[(s["key"], y)] = source
        if not any(self.frames.values()):
            raise NoMeasurement(f"{self.ctx.indicator.id}: no year "
                                    f"{self.ctx.years[0]}–{self.ctx.year} has answers to the "
                                    f"questions of the indicator.")
        return Shown("", pd.DataFrame(kept))

    @step("Täljare, nämnare och andel per serie, grupp och år")
    def count(self) -> Shown:
        ind, frames = self.ctx.indicator, self.frames
        parts, props, tables = [], {}, []
        for n, s in enumerate(self.series):
            f, question = frames[s["key"]], self.s_question(s)
            success = counted(s["counts"], question)
            rows, props[s["key"]] = self.shares.series(ind.id, s["key"], s["label"], f, success)
            parts.append(rows)
            tables.append(count_table(props[s["key"]], {}, s["label"]))
            for grouping in self.groupings if n == 0 else ():
                rows, props[(s["key"], grouping)] = self.shares.series(
                    ind.id, s["key"], s["label"], f, success, grouping)
                parts.append(rows[rows.group_key != ""])
                self.relations += self.shares.relations(
                    s["key"], {**props[s["key"]], **props[(s["key"], grouping)]}, grouping)
                tables.append(count_table(props[(s["key"], grouping)],
                                           self.shares.labels(grouping), s["label"]))
            for share in s.get("also", ()):
                rows, props[f"{s['key']}_{share['key']}"] = self.shares.series(
                    ind.id, f"{s['key']}_{share['key']}", share["label"], f,
                    counted(share["counts"], question))
                parts.append(rows)
            for code, label in question.options.items():
                if code in s.get("excluded", ()):
                    continue
                rows, _ = self.shares.series(ind.id, f"{s['key']}_svar_{code}",
                                             f"{self.row(s)}: {label}", f,
                                             counted((code,), question))
                parts.append(rows)
        first = self.series[0]
        latest = max(frames[first["key"]]) if frames[first["key"]] else self.years[-1]
        breakdown = self.p("breakdown", None)
        if breakdown and latest in frames[first["key"]]:
            rows, props[(first["key"], breakdown)] = self.shares.series(
                ind.id, f"{first['key']}_{breakdown}", first["label"],
                {latest: frames[first["key"]][latest]},
                counted(first["counts"], self.s_question(first)), breakdown)
            parts.append(rows[rows.group_key != ""])
            tables.append(count_table(props[(first["key"], breakdown)],
                                       self.shares.labels(breakdown), first["label"]))
            key = f"{first['key']}_{breakdown}"  # its total is the first series'
            self.relations += self.shares.relations(
                key, {("", latest): props[first["key"]][("", latest)],
                      **props[(first["key"], breakdown)]}, breakdown)
            self.relations += [disclosure.Same((first["key"], "", latest, part),
                                               (key, "", latest, part)) for part in "sn"]
        for h in self.p("headcounts", ()):
            parts.append(tidy_rows(ind.id, h["key"], h["label"], "count", {
                y: (float(self.ctx.select(df, h.get("population")).sum()), None)
                for y, df in self.ctx.load(self.source).items()},
                counted=self.counted("persons")))
        self.tidy, self.props = pd.concat(parts, ignore_index=True), props
        return Shown("", pd.concat(tables, ignore_index=True))

    @property
    def years(self) -> list[int]:
        return sorted({y for f in self.frames.values() for y in f})

    @staticmethod
    def row(s: dict) -> str:
        return s.get("short") or s["label"]

    def build(self) -> IndicatorResult:
        ctx, frames, props, tidy = self.ctx, self.frames, self.props, self.tidy
        series, first = self.series, self.series[0]
        breaks = {s["key"]: self._breaks(s) for s in series}
        notes = [f"{s['label']}: {text.join(b)}. Jämförelser över tid bör göras med "
                 f"försiktighet." for s in series if (b := breaks[s["key"]])]
        title, row_header = self.p("title"), self.p("row_header", "Grupp")
        tables = [Table(title, [Row(s["key"], label=self.row(s)) for s in series], "percent",
                        ctx.years, row_header, notes=notes)]
        group_rows = [Row(first["key"], code, f"{self.row(first)}: {label}")
                      for g in self.groupings for code, label in self.shares.labels(g).items()]
        if group_rows:
            tables.append(Table(f"{title}, efter grupp", group_rows, "percent", ctx.years,
                                "Grupp"))
        also_rows = [Row(f"{s['key']}_{a['key']}", label=a["label"])
                     for s in series for a in s.get("also", ())]
        if also_rows:
            tables.append(Table("Andra svar", also_rows, "percent", ctx.years, row_header))
        breakdown = self.p("breakdown", None)
        latest = max(frames[first["key"]]) if frames[first["key"]] else self.years[-1]
        if breakdown and (first["key"], breakdown) in props:
            present = {c for (c, _), p in props[(first["key"], breakdown)].items() if p.n}
            name = BREAKDOWN_NAMES[breakdown]
            tables.append(Table(f"{self.row(first)}, efter {name}, {latest}",
                                [Row(f"{first['key']}_{breakdown}", code, label)
                                 for code, label in self.shares.labels(breakdown).items()
                                 if code in present],
                                "percent", [latest], name.capitalize()))
        headcounts = self.p("headcounts", ())
        if headcounts:
            tables.append(Table("Antal svarande i enkäten",
                                [Row(h["key"], label=h["label"]) for h in headcounts],
                                "count", ctx.years, "Grupp"))
        # The headline: the first series measured in the period; where several series were
        # measured in its latest year (e.g. one per benefit), the page opens with them all.
        head = next(s for s in series if frames[s["key"]])
        head_years = sorted(frames[head["key"]])
        latest = [(s, lookup(tidy, s["key"], head_years[-1])) for s in series]
        latest = [(s, v) for s, v in latest if not math.isnan(v)]
        summary = text.join([f"{text.lower_first(self.row(s))} {text.percent_words(v)}"
                             for s, v in latest]) if len(latest) > 1 else None
        self.changes = {}
        for s in series:
            measured = sorted(frames[s["key"]])
            broken = self._breaks(s, measured[-2:])
            self.changes[s["key"]] = self.shares.latest_change(
                props[s["key"]], measured, not broken, text.join(broken))
        first_measured = sorted(frames[first["key"]])
        self.differences = [self.shares.difference(props[(first["key"], g)], g,
                                                   first_measured[-1])
                            for g in self.groupings] if first_measured else []
        return self.page(
            tidy=tidy, tables=tables, figures=self._figures(breaks),
            narrative=self._narrative(), method=self._method(), measured_years=set(self.years),
            headline=head["key"],
            glue={f"andel_{y}": text.number(lookup(tidy, head["key"], y)) for y in head_years},
            summary=summary, change=self.changes[head["key"]],
            difference=(self.differences[0] if self.differences and head is first
                        else None))

    def _breaks(self, s: dict, years: list[int] | None = None) -> list[str]:
        """Why a series is not comparable over ``years`` (default all of its years):
        population, question or survey."""
        frames = self.frames[s["key"]]
        years = sorted(years or frames)
        out = []
        roles = {y: self.shares.roles(frames[y]) for y in years}
        if len(set(roles.values())) > 1:
            out.append("målgruppen skiljer sig mellan åren")
        question = self.s_question(s)
        if len({question.wording(y) for y in years}) > 1:
            out.append(f"frågan formulerades om efter {question.earlier['until']}")
        other = sorted(y for y in years if self.origin[(s["key"], y)] != self.source)
        if other:
            out.append(f"uppgiften för {text.join([str(y) for y in other])} kommer från en "
                       f"annan enkät ("
                       f"{self.ctx.schema(self.origin[(s['key'], other[0])]).title.lower()})")
        return out

    def _narrative(self) -> list[str]:
        out, props, frames = [], self.props, self.frames
        for s in self.series:
            measured = sorted(frames[s["key"]])
            if not measured:
                continue
            latest = measured[-1]
            p = props[s["key"]][("", latest)]
            if not p.shown:
                out.append(f"Andelen bland {s['subject']} redovisas inte för {latest} eftersom "
                           f"färre än {self.shares.rules.min_group} har svarat.")
                continue
            sentence = (f"År {latest} uppgav {text.percent_words(p.rounded)} av {s['subject']} "
                        f"{s.get('phrase') or self.p('phrase')}.")
            if self.changes[s["key"]] is not None:
                sentence += " " + self.changes[s["key"]].sentence()
            for share in s.get("also", ()):
                q = props[f"{s['key']}_{share['key']}"][("", latest)]
                sentence += (f" {text.percent_words(q.rounded).capitalize()} uppgav "
                             f"{share['phrase']}.")
            out.append(sentence)
        first = self.series[0]
        breakdown = self.p("breakdown", None)
        if frames[first["key"]]:
            latest = max(frames[first["key"]])
            out += [d.sentence() for d in self.differences]
            if breakdown and (first["key"], breakdown) in props:
                by = props[(first["key"], breakdown)]
                shown = {c: p for (c, y), p in by.items() if c and p.shown}
                names = self.shares.labels(breakdown)
                if len(shown) > 1:
                    hi = max(shown, key=lambda c: shown[c].percent)
                    lo = min(shown, key=lambda c: shown[c].percent)
                    out.append(
                        f"Efter {BREAKDOWN_NAMES[breakdown]} är andelen högst inom "
                        f"{text.with_value(names[hi], text.percent_words(shown[hi].rounded))} "
                        f"och lägst inom "
                        f"{text.with_value(names[lo], text.percent_words(shown[lo].rounded))}.")
                hidden = [names[c] for (c, y), p in by.items() if c and p.n and not p.shown]
                if hidden:
                    out.append(f"{text.join(hidden)} redovisas inte separat eftersom färre än "
                               f"{self.shares.rules.min_group} har svarat.")
        return out

    def _figures(self, breaks: dict[str, list[str]]) -> list[Figure]:
        tidy, frames, years = self.tidy, self.frames, self.years
        title = self.p("title")
        values = {self.row(s): [lookup(tidy, s["key"], y) for y in years] for s in self.series}
        broken = [self.row(s) for s in self.series if breaks[s["key"]]]
        caveat = (f" Serien för {text.join([b.lower() for b in broken])} är inte helt "
                  f"jämförbar mellan åren (se tabellen)." if broken else "")
        figures = [bars_by_year(years, values, "percent", "Procent",
                                f"{title}, per år. Procent.{caveat}")]
        # The answer distribution in the latest year, one chart per set of answer options.
        by_options: dict[tuple, list[dict]] = {}
        for s in self.series:
            q = self.s_question(s)
            if q.kind != "multi" and frames[s["key"]]:
                key = tuple((c, v) for c, v in q.options.items() if c not in s.get("excluded", ()))
                by_options.setdefault(key, []).append(s)
        for options, group in by_options.items():
            latest = max(max(frames[s["key"]]) for s in group)
            group = [s for s in group if latest in frames[s["key"]]]
            parts = {str(label): [lookup(tidy, f"{s['key']}_svar_{code}", latest) for s in group]
                     for code, label in options}
            labels = [self.row(s) for s in group]
            figures.append(Figure(
                plots.stacked_shares(labels, parts),
                f"Svarande efter svar, {latest}. Procent",
                f"Liggande staplar med fördelningen av svaren {latest}: " + "; ".join(
                    f"{lab}: " + ", ".join(f"{p} {text.percent(v[i])}" for p, v in parts.items())
                    for i, lab in enumerate(labels)) + ".", table=None))
        return figures

    def _method(self) -> MethodInfo:
        paragraphs, seen = [], set()
        for s in self.series:
            question = self.s_question(s)
            if s["question"] not in seen:
                seen.add(s["question"])
                wording = f"**Fråga ({self.row(s).lower()}):** {question.text}"
                if question.earlier:
                    wording += (f" Till och med {question.earlier['until']} löd frågan: "
                                f"{question.earlier['text']}")
                options = "; ".join(f"”{v}”" for c, v in question.options.items())
                paragraphs.append(f"{wording} Svarsalternativ: {options}.")
            counted_text = text.join([f"”{question.options[c]}”" for c in s["counts"]])
            rule = f"{self.row(s)}: andelen som har svarat {counted_text}"
            if s.get("excluded"):
                rule += (" bland dem som har svarat något annat än "
                         + text.join([f"”{question.options[c]}”" for c in s["excluded"]]))
            paragraphs.append(rule + ".")
        paragraphs.append(self.shares.method_test)
        rows = []
        for s in self.series:
            for y, f in sorted(self.frames[s["key"]].items()):
                design = self.ctx.delivery(y).survey_design.get(self.origin[(s["key"], y)], "")
                rows.append({"År": y, "Serie": self.row(s),
                             "Population": self.shares.population_label(self.shares.roles(f)),
                             "Urval": sources.SURVEY_DESIGNS.get(design, text.MISSING),
                             "Antal svarande": text.number(len(f))})
        titles = sorted({self.ctx.schema(src).title for src in self.origin.values()})
        return MethodInfo(source=text.join(titles) + ".", paragraphs=paragraphs,
                          respondents=pd.DataFrame(rows))
