"""The ``courses`` builder: participations per year in a topic's courses, from records of
course participation (one row per participation, with the course's code).

Parameters: ``source``; ``course_column`` (default ``course``); ``course_types``: the
kinds of course counted, each {key, codes, label (its table row), chart (its legend entry),
period_label (its total over the years), phrase (in running text, e.g. "webbutbildningen")};
``topic`` (completes "utbildningar om …"), ``provider`` (whose courses, e.g.
"myndighetens"); ``label`` of the total; ``split_rounding`` of the split by kind (the total is
rounded as the indicator's ``rounding``); ``source_text`` and ``method`` (paragraphs); and
``course_years``: sentences on which courses ran when, each {courses, text}.
"""

from __future__ import annotations

import pandas as pd

from indikatorbok.kit import (
    Analysis,
    Figure,
    IndicatorResult,
    MethodInfo,
    Row,
    Shown,
    Table,
    findings,
    lookup,
    plots,
    stats,
    step,
    text,
    tidy_rows,
)

COUNTED = "participations"  # a person on two courses counts twice
TOTAL = "deltagare"


class Courses(Analysis):
    """Participations per year in a topic's courses, in all and by kind of course (e.g. web
    and teacher-led).

    Parameters: the module docstring. Example::

        builder: courses
        parameters:
          source: hr_training
          course_types:
            - {key: webb, codes: [jam_webb_fk, jam_webb_jamy], label: Varav webbutbildning,
               chart: Webbutbildning, period_label: Deltagare i webbutbildning,
               phrase: webbutbildningen}
            - {key: lararledd, codes: [jam_larledd], label: Varav lärarledd utbildning,
               chart: Lärarledd utbildning, period_label: Deltagare i lärarledd utbildning,
               phrase: den lärarledda utbildningen}
          topic: jämställdhet
          provider: myndighetens
          label: Deltagare i utbildning om jämställdhet
          source_text: Uppgifter från HR-avdelningen om deltagande i utbildningar.
          method: [Indikatorn räknar deltaganden i myndighetens utbildningar om jämställdhet.]
    """

    kind = "courses"

    @property
    def column(self) -> str:
        return self.p("course_column", "course")

    @property
    def types(self) -> list[dict]:
        """The kinds of course counted, in the order of the tables."""
        return self.p("course_types")

    def participations(self, df: pd.DataFrame) -> dict[str, int]:
        """Participations in the topic's courses, in total and by kind of course."""
        by_type = {t["key"]: int(df[self.column].isin(t["codes"]).sum()) for t in self.types}
        return {TOTAL: sum(by_type.values()), **by_type}

    @step("Data")
    def read(self) -> Shown:
        self.frames = self.ctx.load_some(self.p("source"))
        rows = [{"År": y, "Rader": len(df)} for y, df in self.frames.items()]
        return Shown("", pd.DataFrame(rows))

    @step("Deltaganden per kurs och år")
    def count(self) -> Shown:
        self.counts = {y: self.participations(df) for y, df in self.frames.items()}
        rows = [{"År": y, "Kurs": c, "Typ": t["chart"],
                 "Deltaganden": int(df[self.column].eq(c).sum())}
                for y, df in self.frames.items() for t in self.types for c in t["codes"]]
        return Shown("", pd.DataFrame(rows),
                     ["Kurser med andra koder räknas inte. Den som går flera kurser räknas "
                      "en gång per kurs."])

    def build(self) -> IndicatorResult:
        ctx, ind, counts = self.ctx, self.ctx.indicator, self.counts
        years = sorted(counts)
        split = self.p("split_rounding", 10)
        rounding = {TOTAL: ind.rounding} | {t["key"]: split for t in self.types}
        series = {TOTAL: self.p("label")} | {t["key"]: t["label"] for t in self.types}
        period_series = ({TOTAL: self.p("label")}
                         | {t["key"]: t["period_label"] for t in self.types})
        span = text.year_span(years)
        tidy = pd.concat(
            [tidy_rows(ind.id, key, label, "count",
                       {y: (stats.round_half_up(counts[y][key], rounding[key]), None)
                        for y in years}, counted=self.counted(COUNTED))
             for key, label in series.items()]
            + [tidy_rows(ind.id, f"{key}_perioden", f"{label} {span}", "count",
                         {years[-1]: (stats.round_half_up(sum(c[key] for c in counts.values()),
                                                          ind.rounding), None)},
                         first_year=years[0], counted=self.counted(COUNTED))
               for key, label in period_series.items()],
            ignore_index=True,
        )
        partial = ctx.part_years({self.p("source")}, set(years))
        notes = [f"Antal deltagare är {text.rounded_to(ind.rounding)}, uppdelningen på typ "
                 f"av utbildning {text.rounded_to(split)}."]
        topic = self.p("topic")
        tables = [
            Table(f"Antal deltagare i utbildningar om {topic}",
                  [Row(TOTAL, label="Samtliga utbildningar"),
                   *(Row(t["key"]) for t in self.types)], "count", ctx.years, "Utbildning",
                  notes=notes),
        ]

        latest = years[-1]
        n = text.number(stats.round_half_up(counts[latest][TOTAL], ind.rounding))
        until = f" ({partial[latest]})" if latest in partial else ""
        narrative = [f"Under {latest}{until} registrerades cirka {n} deltaganden i "
                     f"{self.p('provider')} utbildningar om {topic}."]
        change = None
        if len(years) > 1:
            prev = years[-2]
            change = findings.change(
                "count", latest, prev, lookup(tidy, TOTAL, latest), lookup(tidy, TOTAL, prev),
                raw=(counts[latest][TOTAL], counts[prev][TOTAL]),
                rounding=ind.rounding or 1, part_year=partial.get(latest))
            narrative[0] += " " + change.sentence()
        def period_total(key: str) -> str:
            return text.number(lookup(tidy, f"{key}_perioden", latest))

        parts = text.join([f"cirka {period_total(t['key'])} i {t['phrase']}"
                           for t in self.types])
        narrative.append(f"Sammanlagt för {span} handlar det om cirka {period_total(TOTAL)} "
                         f"deltaganden, varav {parts}.")
        yearly = sum(lookup(tidy, TOTAL, y) for y in years)
        if yearly != lookup(tidy, f"{TOTAL}_perioden", latest):
            narrative[-1] += (f" Summan är avrundad för sig; de avrundade årsvärdena i "
                              f"tabellen blir sammanlagt {text.number(yearly)}.")
        ran = [f"{c['text']} {text.year_span(used)}" for c in self.p("course_years", ())
               if (used := sorted(y for y, df in self.frames.items()
                                  if df[self.column].isin(c["courses"]).any()))]
        if ran:
            sentence = text.join(ran)
            narrative.append(sentence[:1].upper() + sentence[1:] + ".")

        values = {t["chart"]: [lookup(tidy, t["key"], y) for y in years] for t in self.types}
        fig = plots.grouped_bars([str(y) for y in years], values, "count", "Antal deltagare")
        alt = ("Stapeldiagram över antal deltagare per år och typ av utbildning: " + "; ".join(
            f"{y}: " + ", ".join(f"{name.lower()} {text.number(v[i])}"
                                 for name, v in values.items())
            for i, y in enumerate(years)) + ".")
        figures = [Figure(fig, f"Antal deltagare i utbildningar om {topic}, efter typ av "
                               "utbildning och år", alt)]
        method = MethodInfo(source=self.p("source_text"), paragraphs=list(self.p("method")))
        glue = {f"antal_{y}": text.number(lookup(tidy, TOTAL, y)) for y in years}
        glue["antal_perioden"] = text.number(lookup(tidy, f"{TOTAL}_perioden", latest))
        return self.page(tidy=tidy, tables=tables, figures=figures, narrative=narrative,
                         method=method, measured_years=set(years), headline=TOTAL,
                         glue=glue, change=change)
