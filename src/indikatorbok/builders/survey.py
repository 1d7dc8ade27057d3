"""The ``survey_share`` builder: the share of a question's respondents giving certain
answers, with the answer distribution and group comparisons (:class:`ShareQuestion`), and
what it shares with ``survey_series`` (:mod:`.survey_series`).

A definition's ``counts`` says which answers count: a list of answer codes, or
``{ticked: [option columns]}`` (any of them ticked, in a multi-select question), or
``{expression: "..."}`` (a pandas expression over the columns).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from indikatorbok import sources
from indikatorbok.builders.shares import (
    Shares,
    answered,
    count_table,
    rate_cell,
    response_rates,
    ticked_any,
)
from indikatorbok.kit import (
    Analysis,
    Asked,
    Context,
    DefinitionError,
    Figure,
    IndicatorResult,
    MethodInfo,
    NoMeasurement,
    Row,
    Shown,
    Table,
    bars_by_year,
    lookup,
    plots,
    step,
    text,
)


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
    """The share of a question's respondents giving certain answers, by group, with the
    answer distribution and tests between groups and years.

    The share is of those giving the answers ``main`` counts, with other published
    shares of the same question (``also``), by the ``groupings`` (default sex).
    ``ranked``: options of a multi-select question whose most common two the text names,
    after ``ranked_phrase``.

    Parameters: ``source``, ``question``, ``population`` (an expression), ``main`` and each
    of ``also`` ({key, counts, label, phrase}; main's key is ``andel``), ``subject`` (who
    answered, in a sentence), ``groupings``, ``ranked``, ``ranked_phrase``,
    ``population_label`` (the population in the table of respondents, where the survey
    has no roles). Example::

        builder: survey_share
        parameters:
          source: image_survey
          question: trust
          population_label: Allmänheten
          main:
            label: Stort förtroende för myndigheten (4 eller 5)
            counts: [4, 5]
            phrase: att de har stort förtroende för myndigheten
          subject: de svarande
    """

    kind = "survey_share"

    @classmethod
    def asked(cls, parameters: dict, source: str) -> list[Asked]:
        p = parameters
        if p.get("source") != source:
            return []
        return [Asked(p["question"], p["main"]["label"], p.get("population"),
                      p["main"]["counts"])]

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
        population = self.ctx.population(self.p("population", None))
        return Shown("", _kept(kept), [f"Population: {population}."])

    @step("Täljare, nämnare och andel per grupp och år")
    def count(self) -> Shown:
        question = self.question(self.p("question"))
        main, ind = self.p("main"), self.ctx.indicator
        self.props, parts = {}, []
        for grouping in (None, *self.groupings):
            rows, self.props[grouping] = self.shares.series(
                ind.id, "andel", main["label"], self.frames, counted(main["counts"], question),
                grouping)
            parts += [rows, self.shares.interval_rows(ind.id, "andel", main["label"],
                                                      self.props[grouping], grouping)]
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
        # The total and the first grouping's groups (by default women and men), narrow for a
        # phone; the other groups' intervals are in the CSV file.
        first = self.groupings[0] if self.groupings else None
        tables = [Table(main["label"], group_rows, "percent", ctx.years, "Grupp",
                        notes=[rule]),
                  self.shares.interval_table("andel", main["label"], years[-1], first,
                                             "de andra grupperna" if len(self.groupings) > 1
                                             else None)]
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
                        f"frågan.", self.shares.method_test, self.shares.method_interval],
            respondents=respondents_table(self.shares, {y: len(frames[y]) for y in years},
                                          roles, {y: ctx.delivery(y) for y in years},
                                          self.source, self.p("population_label", None),
                                          response_rates(ctx, self.source, years)),
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
            difference=self.differences[0] if self.differences else None,
            stated=[*((share["label"], self.changes[share["key"]]) for share in also),
                    *(("", d) for d in self.differences)])

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
                      source: str, label: str | None = None,
                      rates: Mapping[int, str] | None = None) -> pd.DataFrame:
    """Population, sample type, number of respondents and, where the deliveries say how
    many were invited, the survey's response rate per year, computed from the data (the
    population named by ``label`` where the survey has no roles)."""
    return pd.DataFrame(
        [{"År": y,
          "Population": label or shares.population_label(roles[y]),
          "Urval": sources.SURVEY_DESIGNS.get(deliveries[y].survey_design.get(source, ""), ".."),
          "Antal svarande": text.number(n),
          **rate_cell(rates, y)}
         for y, n in sorted(counts.items())]
    )


