"""1.1.1 Caseworkers state that they know where risks of unwarranted gender differences are.

Definition: among caseworkers (handläggare, utredare, beslutsfattare, specialister) who
answered the multi-select question ``risk_areas`` of the staff survey, the share who ticked
at least one alternative naming a part of case handling. "Jag ser inte risk ..." and
"Vet ej/vill ej svara" are not risks; a respondent who ticked no option did not answer.
"""

from __future__ import annotations

import pandas as pd

from indikatorbok import plots, sources, stats, survey, text
from indikatorbok.indicators import Context
from indikatorbok.result import Figure, IndicatorResult, MethodInfo, Row, Table, lookup

SOURCE = "staff_survey"
QUESTION = "risk_areas"
POPULATION = {"handläggare", "utredare", "beslutsfattare", "specialist"}
NO_RISK, DONT_KNOW = "risk_none", "risk_dont_know"
SERIES = "ser_risk"
SERIES_LABEL = "Ser risk för osakliga könsskillnader i enskildas ärenden"


def options() -> dict[str, str]:
    return sources.schema(SOURCE).questions[QUESTION].options


def risk_columns() -> list[str]:
    return [c for c in options() if c not in (NO_RISK, DONT_KNOW)]


def respondents(df: pd.DataFrame) -> pd.DataFrame:
    """Caseworkers in the population who answered the question."""
    in_population = df["role"].isin(POPULATION)
    return df[in_population & survey.answered(df, list(options()))]


def sees_risk(df: pd.DataFrame) -> pd.Series:
    return survey.ticked_any(df, risk_columns())


def compute(ctx: Context) -> IndicatorResult:
    ind = ctx.indicator
    cols = list(options())
    frames = {y: respondents(df) for y, df in ctx.load(SOURCE).items()
              if set(cols) <= set(df.columns)}
    frames = {y: df for y, df in frames.items() if len(df)}
    years = sorted(frames)
    if not years:
        raise sources.DataError(f"1.1.1: no year {ctx.years[0]}–{ctx.year} has answers to "
                                f"question '{QUESTION}' in source '{SOURCE}'.")

    parts, props = [], {}
    for grouping in (None, "sex", "discretion"):
        rows, p = survey.share_series(ind.id, SERIES, SERIES_LABEL, frames, sees_risk, grouping)
        parts.append(rows)
        props[grouping] = p
    for col, label in options().items():
        rows, p = survey.share_series(ind.id, col, label, frames,
                                      lambda d, c=col: d[c].eq(1).fillna(False))
        parts.append(rows)
        props[col] = p
    tidy = pd.concat(parts, ignore_index=True)

    latest, previous = years[-1], (years[-2] if len(years) > 1 else None)
    roles = {y: set(frames[y]["role"]) for y in years}
    deliveries = {y: ctx.delivery(y) for y in years}
    total = props[None]

    narrative = [
        f"År {latest} uppgav {text.percent_words(stats.round_half_up(total[('', latest)].percent))} "
        f"av de svarande handläggarna att de ser risk för osakliga könsskillnader i minst ett "
        f"moment av handläggningen av enskildas ärenden."
    ]
    if previous:
        narrative[0] += " " + survey.year_change(total[("", latest)], total[("", previous)],
                                                 previous, comparable=roles[latest] == roles[previous])
    narrative.append(" ".join([
        survey.group_difference(props["sex"], "sex", latest),
        survey.group_difference(props["discretion"], "discretion", latest),
    ]))
    shares = {c: props[c][("", latest)] for c in risk_columns()}
    top = sorted(shares, key=lambda c: -shares[c].percent)[:2]
    none_now = props[NO_RISK][("", latest)]
    sentence = (
        f"Oftast ser handläggarna risker {options()[top[0]].lower()} "
        f"({text.percent_words(stats.round_half_up(shares[top[0]].percent))}) och "
        f"{options()[top[1]].lower()} "
        f"({text.percent_words(stats.round_half_up(shares[top[1]].percent))}). "
        f"Samtidigt svarade {text.percent_words(stats.round_half_up(none_now.percent))} att de "
        f"inte ser någon risk för osakliga könsskillnader i enskilda ärenden."
    )
    if previous:
        sentence += " " + survey.year_change(none_now, props[NO_RISK][("", previous)], previous,
                                             comparable=roles[latest] == roles[previous])
    narrative.append(sentence)

    group_rows = [Row(SERIES, "", "Samtliga")] + [
        Row(SERIES, code) for g in ("sex", "discretion") for code in survey.GROUPINGS[g]]
    tables = [
        Table("Andel som ser risk för osakliga könsskillnader i enskildas ärenden", group_rows,
              "percent", ctx.years, "Grupp",
              notes=["Andel av de svarande som har markerat minst ett moment i handläggningen "
                     "där risk för osakliga könsskillnader kan uppstå."]),
        Table("Andel som har markerat respektive svarsalternativ. Flera svar möjliga",
              [Row(c) for c in cols], "percent", years, "Svarsalternativ"),
    ]

    labels = [options()[c] for c in risk_columns()]
    values = [lookup(tidy, c, latest) for c in risk_columns()]
    fig1 = plots.horizontal_bars(labels, values, "percent", "Procent")
    alt1 = (f"Liggande stapeldiagram över andelen som ser risk i olika delar av handläggningen "
            f"år {latest}: " + "; ".join(f"{lab} {text.percent(v)}"
                                         for lab, v in sorted(zip(labels, values, strict=True),
                                                              key=lambda t: -t[1])) + ".")
    groups = {row.label or survey.group_label(row.group_key):
              [lookup(tidy, SERIES, y, row.group_key) for y in years] for row in group_rows}
    fig2 = plots.grouped_bars([str(y) for y in years], groups, "percent", "Procent")
    alt2 = ("Stapeldiagram över andelen som ser risk, per grupp och år: " + "; ".join(
        f"{g} {text.join([f'{y} {text.percent(v)}' for y, v in zip(years, vals, strict=True)])}"
        for g, vals in groups.items()) + ".")
    figures = [
        Figure(fig1, f"Andel som ser risk för osakliga könsskillnader i olika delar av "
                     f"handläggningen, år {latest}. Flera svar möjliga. Procent", alt1),
        Figure(fig2, "Andel som ser risk för osakliga könsskillnader, efter kön och "
                     "bedömningsutrymme och år. Procent", alt2),
    ]

    q = sources.schema(SOURCE).questions[QUESTION]
    method = MethodInfo(
        source=sources.schema(SOURCE).title + ".",
        question=q.text,
        options=list(q.options.values()),
        paragraphs=[
            "Som att se risk räknas den som har markerat minst ett alternativ som pekar ut ett "
            "moment i handläggningen. Den som enbart har markerat att hen inte ser någon risk, "
            "eller Vet ej/vill ej svara, räknas inte dit. Andelen beräknas bland de svarande i "
            "populationen som har markerat minst ett alternativ.",
            survey.METHOD_TEST,
        ],
        respondents=survey.respondents_table({y: len(frames[y]) for y in years}, roles,
                                             deliveries, SOURCE),
    )
    glue = {f"andel_{y}": text.number(lookup(tidy, SERIES, y)) for y in years}
    glue.update({"senaste_ar": str(latest),
                 "ser_inte_risk_senaste": text.number(lookup(tidy, NO_RISK, latest))})
    if previous:
        glue["foregaende_ar"] = str(previous)
    return IndicatorResult(ind, ctx.year, tidy, tables, figures, narrative, method,
                           ctx.synthetic, set(years), glue)
