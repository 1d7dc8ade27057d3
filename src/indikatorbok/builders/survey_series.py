"""The ``survey_series`` builder: an indicator published as several survey series (per
benefit, per role, ...), each the share of a population answering a question in certain ways
(:class:`SeriesIndicator`); ``counts`` as for ``survey_share`` (:mod:`.survey`).
"""

from __future__ import annotations

import math

import pandas as pd

from indikatorbok import sources
from indikatorbok.builders.shares import (
    count_table,
    rate_cell,
    response_rates,
)
from indikatorbok.builders.survey import SurveyAnalysis, counted
from indikatorbok.kit import (
    Asked,
    DefinitionError,
    Figure,
    IndicatorResult,
    MethodInfo,
    NoMeasurement,
    Row,
    Shown,
    Table,
    bars_by_year,
    disclosure,
    lookup,
    plots,
    step,
    text,
    tidy_rows,
)


class SeriesIndicator(SurveyAnalysis):
    """An indicator published as several survey series (per benefit, per role), with
    breaks in a series marked.

    Each series is the share of a population answering a question in certain ways.

    Parameters: ``source`` (the main survey), ``title``, ``phrase`` (completes "… uppgav X
    procent av {subject} …"), ``row_header``, ``groupings`` (default sex, for the first
    series), ``breakdown`` (the latest year by one more grouping, for the first series),
    ``headcounts`` ({key, label, population}: respondents of the main survey per year), and
    ``series``, each {key, label, question, counts, subject, short, population, excluded
    (answers left out of the base), sources (the surveys that asked it; default the main
    one), also, phrase, valid (an expression some respondent of a year must match for the
    year to be part of the series)}. Example::

        builder: survey_series
        parameters:
          source: staff_survey
          title: Andel som kontrollerar att en försäkrad med erfarenhet av våld fått stöd
          phrase: 4 eller 5 (av 5) om hur ofta de kontrollerar att personen har fått stöd
          row_header: Förmån
          series:
            - key: andel
              label: Följer upp om den försäkrade fått stöd (4 eller 5)
              question: follow_up_support
              counts: [4, 5]
              subject: de handläggare inom sjukpenning som har identifierat våld
              short: Sjukpenning
              population: "@return_to_work & (identified_violence == 'ja')"
    """

    kind = "survey_series"

    @classmethod
    def asked(cls, parameters: dict, source: str) -> list[Asked]:
        return [Asked(s["question"], s["label"], s.get("population"), s["counts"])
                for s in parameters.get("series", ())
                if source in (s.get("sources") or [parameters.get("source")])]

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
            parts += [rows, self.shares.interval_rows(ind.id, s["key"], s["label"],
                                                      props[s["key"]])]
            tables.append(count_table(props[s["key"]], {}, s["label"]))
            for grouping in self.groupings if n == 0 else ():
                rows, props[(s["key"], grouping)] = self.shares.series(
                    ind.id, s["key"], s["label"], f, success, grouping)
                bounds = self.shares.interval_rows(ind.id, s["key"], s["label"],
                                                   props[(s["key"], grouping)], grouping)
                parts += [rows[rows.group_key != ""], bounds[bounds.group_key != ""]]
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

    def breakdown_noun(self, breakdown: str) -> str:
        """What the parameter ``breakdown`` breaks down by, in words (its grouping's
        ``noun``)."""
        noun = self.ctx.programme.groupings[breakdown].noun
        if noun is None:
            raise DefinitionError(f"{self.ctx.programme.root / 'programme.yaml'}: grouping "
                                  f"'{breakdown}' has no noun (e.g. noun: avdelning), which "
                                  f"{self.ctx.indicator.id} needs for its breakdown.")
        return noun

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
        if frames[first["key"]]:  # the first series' latest estimate with its interval
            more = [words for words, others in (("de andra serierna", len(series) > 1),
                                                 ("de andra grupperna", len(self.groupings) > 1))
                    if others]
            tables.append(self.shares.interval_table(
                first["key"], self.row(first), max(frames[first["key"]]),
                self.groupings[0] if self.groupings else None, text.join(more) or None))
        also_rows = [Row(f"{s['key']}_{a['key']}", label=a["label"])
                     for s in series for a in s.get("also", ())]
        if also_rows:
            tables.append(Table("Andra svar", also_rows, "percent", ctx.years, row_header))
        breakdown = self.p("breakdown", None)
        latest = max(frames[first["key"]]) if frames[first["key"]] else self.years[-1]
        if breakdown and (first["key"], breakdown) in props:
            present = {c for (c, _), p in props[(first["key"], breakdown)].items() if p.n}
            name = self.breakdown_noun(breakdown)
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
                        else None),
            stated=[*((self.row(s), self.changes[s["key"]]) for s in series),
                    *(("", d) for d in self.differences)])

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
                        f"Efter {self.breakdown_noun(breakdown)} är andelen högst inom "
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
        paragraphs += [self.shares.method_test, self.shares.method_interval]
        rows, rates = [], {src: response_rates(self.ctx, src, self.years)
                           for src in set(self.origin.values())}
        column = any(rates.values())  # a response-rate column where any source has rates
        for s in self.series:
            for y, f in sorted(self.frames[s["key"]].items()):
                origin = self.origin[(s["key"], y)]
                design = self.ctx.delivery(y).survey_design.get(origin, "")
                rows.append({"År": y, "Serie": self.row(s),
                             "Population": self.shares.population_label(self.shares.roles(f)),
                             "Urval": sources.SURVEY_DESIGNS.get(design, text.MISSING),
                             "Antal svarande": text.number(len(f)),
                             **rate_cell((rates[origin] or {}) if column else None, y)})
        titles = sorted({self.ctx.schema(src).title for src in self.origin.values()})
        return MethodInfo(source=text.join(titles) + ".", paragraphs=paragraphs,
                          respondents=pd.DataFrame(rows))
