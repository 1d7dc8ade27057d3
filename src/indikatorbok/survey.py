"""Shared logic of the staff-survey indicators: populations, shares per group, comparisons."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd

from indikatorbok import plots, sources, stats, text
from indikatorbok.result import (
    Figure,
    IndicatorResult,
    MethodInfo,
    Row,
    Table,
    lookup,
    tidy_rows,
)

SOURCE = "staff_survey"

# Breakdowns the report discusses: column -> (code -> label in the plural, as in a table row).
GROUPINGS: dict[str, dict[str, str]] = {
    "sex": {"K": "Kvinnor", "M": "Män"},
    "discretion": {"stort": "Stort bedömningsutrymme", "litet": "Litet bedömningsutrymme"},
    "role_group": {"chef": "Chefer", "medarbetare": "Medarbetare"},
}
# Indefinite plural forms for sentences ("bland kvinnor", "bland handläggare med ...").
GROUP_PHRASES: dict[str, dict[str, str]] = {
    "sex": {"K": "kvinnor", "M": "män"},
    "discretion": {"stort": "dem som handlägger förmåner med stort bedömningsutrymme",
                   "litet": "dem som handlägger förmåner med litet bedömningsutrymme"},
    "role_group": {"chef": "chefer", "medarbetare": "medarbetare"},
}
ROLE_PLURALS = {"handläggare": "handläggare", "utredare": "utredare",
                "beslutsfattare": "beslutsfattare", "specialist": "specialister",
                "chef": "chefer", "övrig": "övriga medarbetare"}


def group_label(code: str) -> str:
    """Table label of a group code, e.g. ``K`` -> ``Kvinnor``."""
    return next(g[code] for g in GROUPINGS.values() if code in g)


def answered(df: pd.DataFrame, columns: list[str]) -> pd.Series:
    """A multi-select question counts as answered when at least one option is ticked."""
    present = [c for c in columns if c in df.columns]
    if not present:
        return pd.Series(False, index=df.index)
    return df[present].eq(1).fillna(False).any(axis=1)


def ticked_any(df: pd.DataFrame, columns: list[str]) -> pd.Series:
    return df[columns].eq(1).fillna(False).any(axis=1)


def population_label(roles: set[str], suffix: str = "i försäkringsärenden") -> str:
    order = list(ROLE_PLURALS)
    names = [ROLE_PLURALS[r] for r in order if r in roles]
    label = text.join(names)
    return f"{label[:1].upper()}{label[1:]} {suffix}".strip()


def share_series(indicator: str, series_key: str, series: str,
                 frames: Mapping[int, pd.DataFrame],
                 success: Callable[[pd.DataFrame], pd.Series],
                 grouping: str | None = None) -> tuple[pd.DataFrame, dict]:
    """Tidy rows of a share per year (total, or one row set per group of ``grouping``).

    ``frames`` hold the respondents who answered, per year. Groups with fewer than
    ``stats.MIN_GROUP`` respondents are suppressed (value NaN, n withheld).
    Returns the rows and the unrounded :class:`stats.Proportion` per (group, year).
    """
    groups = GROUPINGS[grouping] if grouping else {"": ""}
    rows, props = [], {}
    for code, label in groups.items():
        values = {}
        for year, df in frames.items():
            sub = df if not grouping else df[df[grouping] == code]
            p = stats.proportion(int(success(sub).sum()), len(sub))
            props[(code, year)] = p
            values[year] = (p.rounded, p.n) if p.shown else (float("nan"), None)
        rows.append(tidy_rows(indicator, series_key, series, "percent", values,
                              group_key=code, group=label))
    return pd.concat(rows, ignore_index=True), props


def group_difference(props: dict, grouping: str, year: int) -> str:
    """A sentence on the difference between the two groups of ``grouping`` in ``year``."""
    a_code, b_code = list(GROUPINGS[grouping])
    a, b = props[(a_code, year)], props[(b_code, year)]
    names = GROUP_PHRASES[grouping]
    if not (a.shown and b.shown):
        return (f"Skillnaden mellan {names[a_code]} och {names[b_code]} redovisas inte eftersom "
                f"någon av grupperna har färre än {stats.MIN_GROUP} svarande.")
    cmp = stats.compare_proportions(a, b)
    pct = {a_code: text.percent_words(a.rounded), b_code: text.percent_words(b.rounded)}
    if cmp.direction == 0:
        return (f"Det finns ingen statistiskt säkerställd skillnad mellan {names[a_code]} "
                f"({pct[a_code]}) och {names[b_code]} ({pct[b_code]}).")
    hi, lo = (a_code, b_code) if cmp.direction > 0 else (b_code, a_code)
    return f"Andelen är högre bland {names[hi]} ({pct[hi]}) än bland {names[lo]} ({pct[lo]})."


def year_change(current: stats.Proportion, previous: stats.Proportion, previous_year: int,
                comparable: bool) -> str:
    """The change since the previous measurement, tested, with a caveat if not comparable."""
    cmp = stats.compare_proportions(current, previous)
    sentence = text.change_phrase(current.rounded, previous.rounded, previous_year,
                                  significant=cmp.significant if cmp.testable else None)
    if not comparable:
        sentence += (" Målgruppen för frågan var inte densamma båda åren, så jämförelsen bör "
                     "göras med försiktighet.")
    return sentence


def respondents_table(counts: Mapping[int, int], roles: Mapping[int, set[str]],
                      deliveries: Mapping[int, sources.Delivery], source: str) -> pd.DataFrame:
    """Population, sample type and number of respondents per year, computed from the data."""
    return pd.DataFrame(
        [{"År": y,
          "Population": population_label(roles[y]),
          "Urval": sources.SURVEY_DESIGNS.get(deliveries[y].survey_design.get(source, ""), ".."),
          "Antal svarande": text.number(n)}
         for y, n in sorted(counts.items())]
    )


METHOD_TEST = (
    f"Skillnader mellan grupper och mellan år prövas med ett z-test för två andelar på "
    f"{int(stats.ALPHA * 100)} procents signifikansnivå. Grupper med färre än "
    f"{stats.MIN_GROUP} svarande redovisas inte och jämförs inte."
)


# --------------------------------------------------------------------------- share indicators


Counts = tuple | Callable[[pd.DataFrame], pd.Series]


@dataclass(frozen=True)
class Share:
    """A published share: which answers count (codes of the question, or a function of the
    respondents), its published label, and the phrase that completes "… uppgav X procent …"."""

    key: str
    counts: Counts
    label: str
    phrase: str

    def mask(self, df: pd.DataFrame, question: str) -> pd.Series:
        if callable(self.counts):
            return self.counts(df).fillna(False).astype(bool)
        return df[question].isin(self.counts)


@dataclass(frozen=True)
class ShareQuestion:
    """A survey indicator that is the share of a question's respondents giving certain
    answers (``main``), with other published shares of the same question (``also``).
    ``ranked``: options (of a multi-select question) whose most common two the text names,
    after ``ranked_phrase`` (e.g. "Oftast ser handläggarna risker")."""

    question: str
    main: Share
    subject: str
    population: Callable[[pd.DataFrame], pd.Series] | None = None
    groupings: tuple[str, ...] = ("sex",)
    also: tuple[Share, ...] = ()
    ranked: tuple[str, ...] = ()
    ranked_phrase: str = "De vanligaste svaren är"


def respondents_of(df: pd.DataFrame, spec: ShareQuestion) -> pd.DataFrame:
    """Those in the population who answered the question (an empty cell is no answer)."""
    q = sources.schema(SOURCE).questions[spec.question]
    if q.columns[0] not in df.columns:
        return df.iloc[0:0]
    mask = answered(df, q.columns) if q.kind == "multi" else df[q.key].notna()
    if spec.population is not None:
        mask &= spec.population(df)
    return df[mask].assign(role_group=lambda d: d["role"].map(
        lambda r: "chef" if r == "chef" else "medarbetare"))


def _option_mask(question: sources.Question, code) -> Callable[[pd.DataFrame], pd.Series]:
    if question.kind == "multi":
        return lambda d: d[code].eq(1).fillna(False)
    return lambda d: d[question.key].eq(code)


def share_indicator(ctx, spec: ShareQuestion) -> IndicatorResult:
    """Compute a :class:`ShareQuestion` indicator: tables, figures, narrative and method."""
    ind = ctx.indicator
    question = sources.schema(SOURCE).questions[spec.question]
    frames = {y: respondents_of(df, spec) for y, df in ctx.load(SOURCE).items()}
    frames = {y: f for y, f in frames.items() if len(f)}
    if not frames:
        raise sources.DataError(f"{ind.id}: no year {ctx.years[0]}–{ctx.year} has answers to "
                                f"question '{spec.question}' in source '{SOURCE}'.")
    years = sorted(frames)

    parts, props = [], {}
    for grouping in (None, *spec.groupings):
        rows, props[grouping] = share_series(ind.id, "andel", spec.main.label, frames,
                                             lambda d: spec.main.mask(d, spec.question),
                                             grouping)
        parts.append(rows)
    for share in spec.also:
        rows, props[share.key] = share_series(ind.id, share.key, share.label, frames,
                                              lambda d, s=share: s.mask(d, spec.question))
        parts.append(rows)
    for code, label in question.options.items():
        rows, props[f"svar_{code}"] = share_series(ind.id, f"svar_{code}", f"Svar: {label}",
                                                   frames, _option_mask(question, code))
        parts.append(rows)
    tidy = pd.concat(parts, ignore_index=True)
    roles = {y: set(frames[y]["role"]) for y in years}

    group_rows = [Row("andel", "", "Samtliga")] + [
        Row("andel", code, label) for g in spec.groupings for code, label in GROUPINGS[g].items()]
    counted = (None if callable(spec.main.counts)
               else text.join([f"”{question.options[c]}”" for c in spec.main.counts]))
    rule = (f"Andel av de svarande som har svarat {counted}." if counted
            else f"Andel av de svarande som uppger {spec.main.phrase}.")
    tables = [Table(spec.main.label, group_rows, "percent", ctx.years, "Grupp", notes=[rule])]
    if spec.also:
        tables.append(Table("Andra svar", [Row(s.key, label=s.label) for s in spec.also],
                            "percent", ctx.years, "Svar"))
    option_rows = [Row(f"svar_{c}", label=str(question.options[c])) for c in question.options]
    tables.append(Table("Andel som har markerat respektive svarsalternativ. Flera svar möjliga"
                        if question.kind == "multi" else "Svarande efter svar",
                        option_rows, "percent", years, "Svar"))
    method = MethodInfo(
        source=sources.schema(SOURCE).title + ".",
        question=question.text,
        options=[str(v) for v in question.options.values()],
        paragraphs=[f"{rule} Andelen beräknas bland dem i populationen som har besvarat "
                    f"frågan.", METHOD_TEST],
        respondents=respondents_table({y: len(frames[y]) for y in years}, roles,
                                      {y: ctx.delivery(y) for y in years}, SOURCE),
    )
    glue = {f"andel_{y}": text.number(lookup(tidy, "andel", y)) for y in years}
    return IndicatorResult(ind, ctx.year, tidy, tables,
                           _share_figures(tidy, question, years, group_rows, spec),
                           _share_narrative(spec, question, props, years, roles), method,
                           ctx.synthetic, set(years), "andel", glue)


def _share_narrative(spec: ShareQuestion, question: sources.Question, props: dict,
                     years: list[int], roles: dict[int, set[str]]) -> list[str]:
    latest, previous = years[-1], (years[-2] if len(years) > 1 else None)

    def change(key) -> str:
        if previous is None or ("", previous) not in props[key]:
            return ""
        return " " + year_change(props[key][("", latest)], props[key][("", previous)], previous,
                                 comparable=roles[latest] == roles[previous])

    narrative = [f"År {latest} uppgav {text.percent_words(props[None][('', latest)].rounded)} "
                 f"av {spec.subject} {spec.main.phrase}." + change(None)]
    if spec.groupings:
        narrative.append(" ".join(group_difference(props[g], g, latest) for g in spec.groupings))
    if spec.ranked:
        shares = {c: props[f"svar_{c}"][("", latest)] for c in spec.ranked}
        top = sorted(shares, key=lambda c: -shares[c].percent)[:2]
        narrative.append(f"{spec.ranked_phrase} " + text.join(
            [f"{question.options[c].lower()} ({text.percent_words(shares[c].rounded)})"
             for c in top]) + ".")
    for share in spec.also:
        p = props[share.key][("", latest)]
        narrative.append(f"{text.percent_words(p.rounded)} uppgav {share.phrase}."
                         + change(share.key))
    return narrative


def _share_figures(tidy: pd.DataFrame, question: sources.Question, years: list[int],
                   group_rows: list[Row], spec: ShareQuestion) -> list[Figure]:
    latest = years[-1]
    groups = {row.label: [lookup(tidy, "andel", y, row.group_key) for y in years]
              for row in group_rows}
    figures = [Figure(
        plots.grouped_bars([str(y) for y in years], groups, "percent", "Procent"),
        f"{spec.main.label}, efter grupp och år. Procent",
        "Stapeldiagram per grupp och år: " + "; ".join(
            f"{g} " + text.join([f"{y} {text.percent(v)}"
                                 for y, v in zip(years, vals, strict=True)])
            for g, vals in groups.items()) + ".")]
    if question.kind == "multi":
        shown = spec.ranked or tuple(question.options)
        labels = [str(question.options[c]) for c in shown]
        values = [lookup(tidy, f"svar_{c}", latest) for c in shown]
        ranked = sorted(zip(labels, values, strict=True), key=lambda t: -t[1])
        figures.append(Figure(
            plots.horizontal_bars(labels, values, "percent", "Procent"),
            f"Andel som har markerat respektive svarsalternativ, {latest}. Flera svar möjliga. "
            f"Procent",
            f"Liggande stapeldiagram, {latest}: " + "; ".join(
                f"{lab} {text.percent(v)}" for lab, v in ranked) + "."))
    else:
        parts = {str(question.options[c]): [lookup(tidy, f"svar_{c}", y) for y in years]
                 for c in question.options}
        figures.append(Figure(
            plots.stacked_shares([str(y) for y in years], parts),
            f"Svarande efter svar på frågan, {text.year_span(years)}. Procent",
            "Liggande staplar per år med fördelningen av svaren: " + "; ".join(
                f"{y}: " + ", ".join(f"{lab} {text.percent(v[i])}" for lab, v in parts.items())
                for i, y in enumerate(years)) + "."))
    return figures
