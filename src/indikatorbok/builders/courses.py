"""The ``courses`` builder: participations per year in a topic's courses, from records of
course participation (one row per participation, with the course's code).

Parameters: ``source``; ``course_column`` (default ``course``); ``web`` and ``teacher_led``:
the course codes of each kind; ``topic`` (completes "utbildningar om …"), ``provider`` (whose
courses, e.g. "myndighetens"); ``label`` of the series and ``period_labels`` of the web and
teacher-led totals over the years; ``split_rounding`` of the split by kind (the total is
rounded as the indicator's ``rounding``); ``source_text`` and ``method`` (paragraphs); and
``course_years``: sentences on which courses ran when, each {courses, text}.
"""

from __future__ import annotations

import pandas as pd

from indikatorbok import findings, plots, stats, text
from indikatorbok.indicators import Analysis, Shown, step
from indikatorbok.result import Figure, IndicatorResult, MethodInfo, Row, Table, lookup, tidy_rows

COUNTED = "participations"  # a person on two courses counts twice
KINDS = {"deltagare": None, "webb": "Varav webbutbildning",
         "lararledd": "Varav lärarledd utbildning"}


class Courses(Analysis):
    """Participations in a topic's web and teacher-led courses (see the module docstring)."""

    kind = "courses"

    @property
    def column(self) -> str:
        return self.p("course_column", "course")

    def participations(self, df: pd.DataFrame) -> dict[str, int]:
        """Participations in the topic's courses, in total and by kind of course."""
        web = int(df[self.column].isin(self.p("web")).sum())
        teacher = int(df[self.column].isin(self.p("teacher_led")).sum())
        return {"deltagare": web + teacher, "webb": web, "lararledd": teacher}

    @step("Data")
    def read(self) -> Shown:
        self.frames = self.ctx.load_some(self.p("source"))
        rows = [{"År": y, "Rader": len(df)} for y, df in self.frames.items()]
        return Shown("", pd.DataFrame(rows))

    @step("Deltaganden per kurs och år")
    def count(self) -> Shown:
        self.counts = {y: self.participations(df) for y, df in self.frames.items()}
        courses = [*self.p("web"), *self.p("teacher_led")]
        rows = [{"År": y, "Kurs": c, "Typ": "webb" if c in self.p("web") else "lärarledd",
                 "Deltaganden": int(df[self.column].eq(c).sum())}
                for y, df in self.frames.items() for c in courses]
        return Shown("", pd.DataFrame(rows),
                     ["Kurser med andra koder räknas inte. Den som går flera kurser räknas "
                      "en gång per kurs."])

    def build(self) -> IndicatorResult:
        ctx, ind, counts = self.ctx, self.ctx.indicator, self.counts
        years = sorted(counts)
        split = self.p("split_rounding", 10)
        rounding = {"deltagare": ind.rounding, "webb": split, "lararledd": split}
        web_label, teacher_label = self.p("period_labels")
        series = {**KINDS, "deltagare": self.p("label")}
        period_series = {"deltagare": self.p("label"), "webb": web_label,
                         "lararledd": teacher_label}
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
                  [Row("deltagare", label="Samtliga utbildningar"), Row("webb"),
                   Row("lararledd")], "count", ctx.years, "Utbildning", notes=notes),
        ]

        latest = years[-1]
        n = text.number(stats.round_half_up(counts[latest]["deltagare"], ind.rounding))
        until = f" ({partial[latest]})" if latest in partial else ""
        narrative = [f"Under {latest}{until} registrerades cirka {n} deltaganden i "
                     f"{self.p('provider')} utbildningar om {topic}."]
        change = None
        if len(years) > 1:
            prev = years[-2]
            change = findings.change(
                "count", latest, prev, lookup(tidy, "deltagare", latest),
                lookup(tidy, "deltagare", prev),
                raw=(counts[latest]["deltagare"], counts[prev]["deltagare"]),
                rounding=ind.rounding or 1, part_year=partial.get(latest))
            narrative[0] += " " + change.sentence()
        total, web, teacher = (text.number(lookup(tidy, f"{k}_perioden", latest))
                               for k in period_series)
        narrative.append(f"Sammanlagt för {span} handlar det om cirka {total} deltaganden, "
                         f"varav cirka {web} i webbutbildningen och cirka {teacher} i den "
                         f"lärarledda utbildningen.")
        ran = [f"{c['text']} {text.year_span(used)}" for c in self.p("course_years", ())
               if (used := sorted(y for y, df in self.frames.items()
                                  if df[self.column].isin(c["courses"]).any()))]
        if ran:
            sentence = text.join(ran)
            narrative.append(sentence[:1].upper() + sentence[1:] + ".")

        web_values = [lookup(tidy, "webb", y) for y in years]
        teacher_values = [lookup(tidy, "lararledd", y) for y in years]
        fig = plots.grouped_bars([str(y) for y in years],
                                 {"Webbutbildning": web_values,
                                  "Lärarledd utbildning": teacher_values},
                                 "count", "Antal deltagare")
        alt = ("Stapeldiagram över antal deltagare per år och typ av utbildning: " + "; ".join(
            f"{y}: webbutbildning {text.number(w)}, lärarledd {text.number(t)}"
            for y, w, t in zip(years, web_values, teacher_values, strict=True)) + ".")
        figures = [Figure(fig, f"Antal deltagare i utbildningar om {topic}, efter typ av "
                               "utbildning och år", alt)]
        method = MethodInfo(source=self.p("source_text"), paragraphs=list(self.p("method")))
        glue = {f"antal_{y}": text.number(lookup(tidy, "deltagare", y)) for y in years}
        glue["antal_perioden"] = text.number(lookup(tidy, "deltagare_perioden", latest))
        return self.page(tidy=tidy, tables=tables, figures=figures, narrative=narrative,
                         method=method, measured_years=set(years), headline="deltagare",
                         glue=glue, change=change)
