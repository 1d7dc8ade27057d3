"""3.1.1 The case files show that questions about violence have been asked.

Definition: among sickness-benefit cases with a telephone investigation in the year's
selection, the share whose case-file text contains the word "våld" (any word beginning
with "våld", case-insensitive, e.g. "våldet", "våldsutsatt"). Selection: for 2022 and 2023
the investigation was registered in the year and the case closed by 31 May 2024; from 2024
the case started and ended within the calendar year.
"""

from __future__ import annotations

import pandas as pd

from indikatorbok import plots, sources, stats, survey, text
from indikatorbok.indicators import Context
from indikatorbok.result import Figure, IndicatorResult, MethodInfo, Row, Table, lookup, tidy_rows
from indikatorbok.scan import Extract

SOURCE = "sickness_cases"
# A word beginning with "våld", in any case: not preceded by a letter, digit or underscore.
WORD = r"(?i)(^|[^\p{L}\p{N}_])våld"
LABEL = "Sjukpenningärenden med telefonutredning där ordet våld förekommer"
GROUPINGS = ("sex", "born", "diagnosis_group")
FIRST_CALENDAR_YEAR_RULE = 2024
CLOSED_BY = pd.Timestamp("2024-05-31")
COUNT_ROUNDING = 1000


def selected(extract: Extract, year: int) -> pd.DataFrame:
    """The cases of the year's selection (out of core): their groups and whether the
    case-file text mentions violence."""
    if year < FIRST_CALENDAR_YEAR_RULE:
        keep = (f"year(investigation_date) = {year} "
                f"AND case_end <= DATE '{CLOSED_BY.date()}'")
    else:
        keep = f"case_start >= DATE '{year}-01-01' AND case_end <= DATE '{year}-12-31'"
    return extract.df(f"""
        SELECT case_id, {', '.join(GROUPINGS)},
               coalesce(regexp_matches(file_text, '{WORD}'), false) AS mentions
        FROM {{t}} WHERE {keep} ORDER BY case_id""")


def mentions_violence(cases: pd.DataFrame) -> pd.Series:
    return cases["mentions"]


def compute(ctx: Context) -> IndicatorResult:
    ind = ctx.indicator
    frames = {y: selected(e, y) for y, e in ctx.scan(SOURCE).items()}
    frames = {y: f for y, f in frames.items() if len(f)}
    if not frames:
        raise sources.DataError(f"{ind.id}: source '{SOURCE}' has no selected cases for "
                                f"{ctx.years[0]}–{ctx.year}.")
    years = sorted(frames)
    latest = years[-1]
    parts, props = [], {}
    for grouping in (None, *GROUPINGS):
        rows, props[grouping] = survey.share_series(
            ind.id, "andel", LABEL, frames if grouping is None else {latest: frames[latest]},
            mentions_violence, grouping, register=True)
        parts.append(rows if grouping is None else rows[rows.group_key != ""])
    hits = int(mentions_violence(frames[latest]).sum())
    parts.append(tidy_rows(ind.id, "antal", f"{LABEL}, antal", "count",
                           {latest: (stats.round_half_up(hits, COUNT_ROUNDING), None)}))
    tidy = pd.concat(parts, ignore_index=True)

    group_rows = [Row("andel", code, label) for g in GROUPINGS
                  for code, label in survey.GROUPINGS[g].items()]
    tables = [
        Table("Andel sjukpenningärenden med telefonutredning där ordet våld förekommer",
              [Row("andel", label="Samtliga ärenden")], "percent", ctx.years, "Ärenden",
              notes=["Urvalet av ärenden skiljer sig mellan 2022–2023 och senare år (se Metod); "
                     "andelen bedöms ändå vara jämförbar över tid."]),
        Table(f"Andel ärenden där ordet våld förekommer, efter grupp, {latest}", group_rows,
              "percent", [latest], "Grupp"),
    ]
    p = props[None][("", latest)]
    if not p.shown:
        narrative = [f"Andelen för {latest} redovisas inte eftersom {survey.WITHHELD_REASON}"]
    else:
        narrative = [f"År {latest} förekommer ordet våld i cirka "
                     f"{text.number(stats.round_half_up(hits, COUNT_ROUNDING))} av "
                     f"{text.number(p.n)} sjukpenningärenden med telefonutredning, vilket är "
                     f"{text.percent_words(p.rounded)}."]
    if len(years) > 1 and p.shown:
        prev = years[-2]
        narrative[0] += " " + survey.year_change(p, props[None][("", prev)], prev,
                                                 comparable=True)
    narrative.append(" ".join(survey.group_difference(props[g], g, latest)
                              for g in ("sex", "born")))
    diag = {c: d for c in survey.GROUPINGS["diagnosis_group"]
            if (d := props["diagnosis_group"][(c, latest)]).shown}
    if diag:
        top = max(diag, key=lambda c: diag[c].percent)
        lead = ("Efter diagnosgrupp" if len(diag) == len(survey.GROUPINGS["diagnosis_group"])
                else "Av de diagnosgrupper som redovisas")
        narrative.append(f"{lead} är andelen högst för "
                         f"{text.lower_first(survey.GROUPINGS['diagnosis_group'][top])} "
                         f"({text.percent_words(diag[top].rounded)}).")

    values = {"Samtliga": [lookup(tidy, "andel", y) for y in years]}
    groups = [(row.label, lookup(tidy, "andel", latest, row.group_key)) for row in group_rows]
    figures = [
        Figure(plots.grouped_bars([str(y) for y in years], values, "percent", "Procent"),
               "Andel sjukpenningärenden med telefonutredning där ordet våld förekommer, per "
               "år. Procent",
               "Stapeldiagram per år: " + text.join(
                   [f"{y} {text.percent(v)}" for y, v in zip(years, values["Samtliga"],
                                                             strict=True)]) + "."),
        Figure(plots.horizontal_bars([g for g, _ in groups], [v for _, v in groups], "percent",
                                     "Procent"),
               f"Andel ärenden där ordet våld förekommer, efter kön, födelseland och "
               f"diagnosgrupp, {latest}. Procent",
               f"Liggande stapeldiagram, {latest}: " + "; ".join(
                   f"{g} {text.percent(v)}" for g, v in groups) + "."),
    ]
    method = MethodInfo(
        source="Försäkringskassans register och akter i sjukpenningärenden.",
        paragraphs=[
            "Ärendeakternas fritext söks maskinellt efter ordet våld (alla ord som börjar på "
            "”våld”, oavsett stor eller liten bokstav). Andelen är antalet ärenden med träff "
            "delat med antalet ärenden i urvalet. Att ordet förekommer visar i regel att "
            "handläggaren har frågat om våld i nära relationer, men en träff kan i enstaka "
            "fall gälla något annat.",
            f"Urval till och med {FIRST_CALENDAR_YEAR_RULE - 1}: ärenden där en "
            f"telefonutredning registrerades under året och som hade avslutats senast "
            f"{CLOSED_BY.day} maj {CLOSED_BY.year}. Från {FIRST_CALENDAR_YEAR_RULE}: ärenden "
            f"som både började och avslutades under kalenderåret och där en telefonutredning "
            f"registrerades. Det senare urvalet ger färre ärenden.",
            survey.METHOD_TEST,
        ],
        respondents=pd.DataFrame([{"År": y, "Antal ärenden": text.number(len(frames[y]))}
                                  for y in years]),
    )
    glue = {f"andel_{y}": text.number(lookup(tidy, "andel", y)) for y in years}
    return IndicatorResult(ind, ctx.year, tidy, tables, figures, narrative, method,
                           ctx.synthetic, set(years), "andel", glue)
