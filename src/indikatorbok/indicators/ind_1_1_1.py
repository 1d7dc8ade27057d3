"""1.1.1 Caseworkers state that they know where risks of unwarranted gender differences are.

Definition: among caseworkers (handläggare, utredare, beslutsfattare, specialister) who
answered the multi-select question ``risk_areas`` of the staff survey, the share who ticked
at least one alternative naming a part of case handling. "Jag ser inte risk ..." and
"Vet ej/vill ej svara" are not risks; a respondent who ticked no option did not answer.
"""

from __future__ import annotations

import pandas as pd

from indikatorbok import plots, sources, survey, text
from indikatorbok.indicators import Context
from indikatorbok.result import Figure, IndicatorResult, MethodInfo, Row, Table, lookup

SOURCE = "staff_survey"
QUESTION = "risk_areas"
POPULATION = {"handläggare", "utredare", "beslutsfattare", "specialist"}
NO_RISK, DONT_KNOW = "risk_none", "risk_dont_know"
SERIES = "ser_risk"
SERIES_LABEL = "Ser risk för osakliga könsskillnader i enskildas ärenden"
GROUPINGS = ("sex", "discretion")


def options() -> dict[str, str]:
    """Option column -> response option as worded in the survey."""
    return sources.schema(SOURCE).questions[QUESTION].options


def risk_columns() -> list[str]:
    return [c for c in options() if c not in (NO_RISK, DONT_KNOW)]


def respondents(df: pd.DataFrame) -> pd.DataFrame:
    """Caseworkers in the population who answered the question."""
    return df[df["role"].isin(POPULATION) & survey.answered(df, list(options()))]


def sees_risk(df: pd.DataFrame) -> pd.Series:
    return survey.ticked_any(df, risk_columns())


def compute(ctx: Context) -> IndicatorResult:
    ind = ctx.indicator
    frames = {y: respondents(df) for y, df in ctx.load(SOURCE).items()
              if set(options()) <= set(df.columns)}
    frames = {y: df for y, df in frames.items() if len(df)}
    if not frames:
        raise sources.DataError(f"1.1.1: no year {ctx.years[0]}–{ctx.year} has answers to "
                                f"question '{QUESTION}' in source '{SOURCE}'.")
    years = sorted(frames)

    parts, props = [], {}
    for grouping in (None, *GROUPINGS):
        rows, props[grouping] = survey.share_series(ind.id, SERIES, SERIES_LABEL, frames,
                                                    sees_risk, grouping)
        parts.append(rows)
    for col, label in options().items():
        rows, props[col] = survey.share_series(ind.id, col, label, frames,
                                               lambda d, c=col: d[c].eq(1).fillna(False))
        parts.append(rows)
    tidy = pd.concat(parts, ignore_index=True)
    roles = {y: set(frames[y]["role"]) for y in years}

    group_rows = [Row(SERIES, "", "Samtliga")] + [
        Row(SERIES, code, survey.group_label(code)) for g in GROUPINGS
        for code in survey.GROUPINGS[g]]
    tables = [
        Table("Andel som ser risk för osakliga könsskillnader i enskildas ärenden", group_rows,
              "percent", ctx.years, "Grupp",
              notes=["Andel av de svarande som har markerat minst ett moment i handläggningen "
                     "där risk för osakliga könsskillnader kan uppstå."]),
        Table("Andel som har markerat respektive svarsalternativ. Flera svar möjliga",
              [Row(c) for c in options()], "percent", years, "Svarsalternativ"),
    ]
    method = MethodInfo(
        source=sources.schema(SOURCE).title + ".",
        question=sources.schema(SOURCE).questions[QUESTION].text,
        options=list(options().values()),
        paragraphs=[
            "Som att se risk räknas den som har markerat minst ett alternativ som pekar ut ett "
            "moment i handläggningen. Den som enbart har markerat att hen inte ser någon risk, "
            "eller Vet ej/vill ej svara, räknas inte dit. Andelen beräknas bland de svarande i "
            "populationen som har markerat minst ett alternativ.",
            survey.METHOD_TEST,
        ],
        respondents=survey.respondents_table({y: len(frames[y]) for y in years}, roles,
                                             {y: ctx.delivery(y) for y in years}, SOURCE),
    )
    glue = {f"andel_{y}": text.number(lookup(tidy, SERIES, y)) for y in years}
    glue["ser_inte_risk_senaste"] = text.number(lookup(tidy, NO_RISK, years[-1]))
    return IndicatorResult(ind, ctx.year, tidy, tables, _figures(tidy, years, group_rows),
                           _narrative(props, years, roles), method, ctx.synthetic, set(years),
                           SERIES, glue)


def _narrative(props: dict, years: list[int], roles: dict[int, set[str]]) -> list[str]:
    latest = years[-1]
    previous = years[-2] if len(years) > 1 else None
    comparable = previous is not None and roles[latest] == roles[previous]

    def change(key) -> str:
        if previous is None:
            return ""
        return " " + survey.year_change(props[key][("", latest)], props[key][("", previous)],
                                        previous, comparable)

    total = props[None][("", latest)]
    first = (f"År {latest} uppgav {text.percent_words(total.rounded)} av de svarande "
             f"handläggarna att de ser risk för osakliga könsskillnader i minst ett moment av "
             f"handläggningen av enskildas ärenden." + change(None))
    groups = " ".join(survey.group_difference(props[g], g, latest) for g in GROUPINGS)
    shares = {c: props[c][("", latest)] for c in risk_columns()}
    top = sorted(shares, key=lambda c: -shares[c].percent)[:2]
    areas = text.join([f"{options()[c].lower()} ({text.percent_words(shares[c].rounded)})"
                       for c in top])
    none_now = props[NO_RISK][("", latest)]
    third = (f"Oftast ser handläggarna risker {areas}. Samtidigt svarade "
             f"{text.percent_words(none_now.rounded)} att de inte ser någon risk för osakliga "
             f"könsskillnader i enskilda ärenden." + change(NO_RISK))
    return [first, groups, third]


def _figures(tidy: pd.DataFrame, years: list[int], group_rows: list[Row]) -> list[Figure]:
    latest = years[-1]
    labels = [options()[c] for c in risk_columns()]
    values = [lookup(tidy, c, latest) for c in risk_columns()]
    ranked = sorted(zip(labels, values, strict=True), key=lambda t: -t[1])
    areas = Figure(
        plots.horizontal_bars(labels, values, "percent", "Procent"),
        f"Andel som ser risk för osakliga könsskillnader i olika delar av handläggningen, år "
        f"{latest}. Flera svar möjliga. Procent",
        f"Liggande stapeldiagram över andelen som ser risk i olika delar av handläggningen år "
        f"{latest}: " + "; ".join(f"{lab} {text.percent(v)}" for lab, v in ranked) + ".",
    )
    groups = {row.label: [lookup(tidy, SERIES, y, row.group_key) for y in years]
              for row in group_rows}
    by_group = Figure(
        plots.grouped_bars([str(y) for y in years], groups, "percent", "Procent"),
        "Andel som ser risk för osakliga könsskillnader, efter kön, bedömningsutrymme och år. "
        "Procent",
        "Stapeldiagram över andelen som ser risk, per grupp och år: " + "; ".join(
            f"{g} " + text.join([f"{y} {text.percent(v)}" for y, v in zip(years, vals,
                                                                          strict=True)])
            for g, vals in groups.items()) + ".",
    )
    return [areas, by_group]
