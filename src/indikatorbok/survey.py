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
    "department": dict(sources.schema(SOURCE).columns["department"].codes),
    "born": {"inrikes": "Inrikes födda", "utrikes": "Utrikes födda"},
    "diagnosis_group": {"psykiatrisk": "Psykiatriska diagnoser (F00–F99)",
                        "rorelseorgan": "Rörelseorganens sjukdomar (M00–M99)",
                        "skador": "Skador (S00–T98)", "ovriga": "Övriga diagnoser"},
}
# Indefinite plural forms for sentences ("bland kvinnor", "bland handläggare med ...").
GROUP_PHRASES: dict[str, dict[str, str]] = {
    "sex": {"K": "kvinnor", "M": "män"},
    "discretion": {"stort": "dem som handlägger förmåner med stort bedömningsutrymme",
                   "litet": "dem som handlägger förmåner med litet bedömningsutrymme"},
    "role_group": {"chef": "chefer", "medarbetare": "medarbetare"},
    "born": {"inrikes": "inrikes födda", "utrikes": "utrikes födda"},
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
                 grouping: str | None = None, register: bool = False
                 ) -> tuple[pd.DataFrame, dict]:
    """Tidy rows of a share per year (total, or one row set per group of ``grouping``).

    ``frames`` hold the respondents who answered (or, with ``register``, the register's
    persons or cases), per year. Groups with fewer than ``stats.MIN_GROUP`` are suppressed
    (value NaN, n withheld); in a register table so are shares with withheld cells
    (:func:`stats.withheld_shares`; the groups of a year partition its total).
    Returns the rows and the unrounded :class:`stats.Proportion` per (group, year).
    """
    groups = GROUPINGS[grouping] if grouping else {"": ""}
    props = {}
    for year, df in frames.items():
        of_year = {}
        for code in groups:
            sub = df if not grouping else df[df[grouping] == code]
            of_year[(code, year)] = stats.proportion(int(success(sub).sum()), len(sub))
        props |= stats.withheld_shares(of_year, column_totals=bool(grouping)) if register \
            else of_year
    return share_rows(indicator, series_key, series, props, grouping), props


def share_rows(indicator: str, series_key: str, series: str, props: dict,
               grouping: str | None = None) -> pd.DataFrame:
    """Tidy rows of shares by (group, year); those not shown are blank."""
    groups = GROUPINGS[grouping] if grouping else {"": ""}
    years = sorted({year for _, year in props})
    rows = []
    for code, label in groups.items():
        values = {year: (p.rounded, p.n) if (p := props[(code, year)]).shown
                  else (float("nan"), None) for year in years}
        rows.append(tidy_rows(indicator, series_key, series, "percent", values,
                              group_key=code, group=label))
    return pd.concat(rows, ignore_index=True)


WITHHELD_REASON = (f"det skulle kunna röja uppgifter om enskilda personer (färre än "
                   f"{stats.MIN_CELL} i en cell).")


def group_difference(props: dict, grouping: str, year: int) -> str:
    """A sentence on the difference between the two groups of ``grouping`` in ``year``."""
    a_code, b_code = list(GROUPINGS[grouping])
    a, b = props[(a_code, year)], props[(b_code, year)]
    names = GROUP_PHRASES[grouping]
    if not (a.shown and b.shown):
        reason = (WITHHELD_REASON if a.withheld or b.withheld
                  else f"någon av grupperna har färre än {stats.MIN_GROUP} svarande.")
        return (f"Skillnaden mellan {names[a_code]} och {names[b_code]} redovisas inte eftersom "
                f"{reason}")
    cmp = stats.compare_proportions(a, b)
    pct = {a_code: text.percent_words(a.rounded), b_code: text.percent_words(b.rounded)}
    if cmp.direction == 0:
        return (f"Det finns ingen statistiskt säkerställd skillnad mellan {names[a_code]} "
                f"({pct[a_code]}) och {names[b_code]} ({pct[b_code]}).")
    hi, lo = (a_code, b_code) if cmp.direction > 0 else (b_code, a_code)
    return f"Andelen är högre bland {names[hi]} ({pct[hi]}) än bland {names[lo]} ({pct[lo]})."


def change_significance(current: stats.Proportion, previous: stats.Proportion) -> bool | None:
    """Whether a share changed significantly between two measurements (None: not testable)."""
    cmp = stats.compare_proportions(current, previous)
    return cmp.significant if cmp.testable else None


def latest_change_significance(props: Mapping[tuple[str, int], stats.Proportion],
                               years: list[int]) -> bool | None:
    """:func:`change_significance` of the total between its last two measured years."""
    if len(years) < 2:
        return None
    return change_significance(props[("", years[-1])], props[("", years[-2])])


def year_change(current: stats.Proportion, previous: stats.Proportion, previous_year: int,
                comparable: bool) -> str:
    """The change since the previous measurement, tested, with a caveat if not comparable."""
    if not (current.shown and previous.shown):
        return text.NOT_COMPARED.format(previous_year)
    sentence = text.change_phrase(current.rounded, previous.rounded, previous_year,
                                  significant=change_significance(current, previous))
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
                           ctx.synthetic, set(years), "andel", glue,
                           comparable=len(years) < 2 or roles[years[-1]] == roles[years[-2]],
                           significant=latest_change_significance(props[None], years))


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


# --------------------------------------------------------------------------- series indicators


@dataclass(frozen=True)
class SurveySeries:
    """One published series of a survey indicator: the share of a population answering a
    question in certain ways (``counts``). ``excluded`` answers are left out of the base
    (e.g. "has never been in that situation"). ``sources`` lists the surveys that asked the
    question, each for its own years."""

    key: str
    label: str
    question: str
    counts: tuple
    subject: str
    short: str | None = None  # row label in tables, when shorter than ``label``
    population: Callable[[pd.DataFrame], pd.Series] | None = None
    excluded: tuple = ()
    sources: tuple[str, ...] = (SOURCE,)
    also: tuple[Share, ...] = ()  # other published shares of the same question
    phrase: str | None = None  # when it differs from the indicator's
    # A year's respondents make up the series only if this holds (e.g. the question was
    # asked beyond one group that year); other years are left out of the series.
    valid: Callable[[pd.DataFrame], bool] | None = None

    @property
    def row(self) -> str:
        return self.short or self.label


@dataclass(frozen=True)
class SeriesIndicator:
    """A survey indicator published as several series (per benefit, per role, ...).
    ``phrase`` completes "… uppgav X procent av {subject} …"; ``breakdown`` adds the latest
    year by a grouping (e.g. department) for the first series."""

    series: tuple[SurveySeries, ...]
    title: str
    phrase: str
    row_header: str = "Grupp"
    groupings: tuple[str, ...] = ("sex",)
    breakdown: str | None = None
    # Respondents of the staff survey per year in a group: (key, label, members or None).
    headcounts: tuple[tuple[str, str, Callable[[pd.DataFrame], pd.Series] | None], ...] = ()


def _respondents(frame: pd.DataFrame, s: SurveySeries, source: str) -> pd.DataFrame:
    q = sources.schema(source).questions[s.question]
    if q.columns[0] not in frame.columns:
        return frame.iloc[0:0]
    mask = answered(frame, q.columns) if q.kind == "multi" else frame[q.key].notna()
    if s.excluded:
        mask &= ~frame[q.key].isin(s.excluded)
    if s.population is not None:
        mask &= s.population(frame).fillna(False).astype(bool)
    return frame[mask].assign(role_group=lambda d: d["role"].map(
        lambda r: "chef" if r == "chef" else "medarbetare"))


def _counted(s: SurveySeries, codes: tuple) -> Callable[[pd.DataFrame], pd.Series]:
    question = sources.schema(s.sources[0]).questions[s.question]
    if question.kind == "multi":
        return lambda d: ticked_any(d, list(codes))
    return lambda d: d[question.key].isin(codes)


def series_indicator(ctx, spec: SeriesIndicator) -> IndicatorResult:
    """Compute a :class:`SeriesIndicator`: one row per series and year, with the answer
    distribution, group comparisons, a break note where the population or question changed,
    and the respondents per series and year."""
    ind = ctx.indicator
    frames: dict[str, dict[int, pd.DataFrame]] = {}
    origin: dict[tuple[str, int], str] = {}
    for s in spec.series:
        frames[s.key] = {}
        for source in s.sources:
            for y, df in ctx.load(source).items():
                sub = _respondents(df, s, source)
                if len(sub) and (s.valid is None or s.valid(sub)):
                    frames[s.key][y] = sub
                    origin[(s.key, y)] = source
    if not any(frames.values()):
        raise sources.DataError(f"{ind.id}: no year {ctx.years[0]}–{ctx.year} has answers to "
                                f"the questions of the indicator.")
    years = sorted({y for f in frames.values() for y in f})
    parts, props = [], {}
    for s in spec.series:
        f = frames[s.key]
        rows, props[s.key] = share_series(ind.id, s.key, s.label, f, _counted(s, s.counts))
        parts.append(rows)
        for grouping in spec.groupings if s is spec.series[0] else ():
            rows, props[(s.key, grouping)] = share_series(ind.id, s.key, s.label, f,
                                                          _counted(s, s.counts), grouping)
            parts.append(rows[rows.group_key != ""])
        for share in s.also:
            rows, props[f"{s.key}_{share.key}"] = share_series(
                ind.id, f"{s.key}_{share.key}", share.label, f, _counted(s, share.counts))
            parts.append(rows)
        question = sources.schema(s.sources[0]).questions[s.question]
        for code, label in question.options.items():
            if code in s.excluded:
                continue
            rows, _ = share_series(ind.id, f"{s.key}_svar_{code}", f"{s.row}: {label}", f,
                                   _counted(s, (code,)))
            parts.append(rows)
    first = spec.series[0]
    latest = max(frames[first.key]) if frames[first.key] else years[-1]
    if spec.breakdown and latest in frames[first.key]:
        rows, props[(first.key, spec.breakdown)] = share_series(
            ind.id, f"{first.key}_{spec.breakdown}", first.label,
            {latest: frames[first.key][latest]}, _counted(first, first.counts), spec.breakdown)
        parts.append(rows[rows.group_key != ""])
    for key, label, members in spec.headcounts:
        parts.append(tidy_rows(ind.id, key, label, "count", {
            y: (float(len(df) if members is None else members(df).sum()), None)
            for y, df in ctx.load(SOURCE).items()}))
    tidy = pd.concat(parts, ignore_index=True)

    breaks = {s.key: _breaks(s, frames[s.key], origin) for s in spec.series}
    notes = [f"{s.label}: {text.join(b)}. Jämförelser över tid bör göras med försiktighet."
             for s in spec.series if (b := breaks[s.key])]
    tables = [Table(spec.title, [Row(s.key, label=s.row) for s in spec.series], "percent",
                    ctx.years, spec.row_header, notes=notes)]
    group_rows = [Row(first.key, code, f"{first.row}: {label}")
                  for g in spec.groupings for code, label in GROUPINGS[g].items()]
    if group_rows:
        tables.append(Table(f"{spec.title}, efter grupp", group_rows, "percent", ctx.years,
                            "Grupp"))
    also_rows = [Row(f"{s.key}_{a.key}", label=a.label) for s in spec.series for a in s.also]
    if also_rows:
        tables.append(Table("Andra svar", also_rows, "percent", ctx.years, spec.row_header))
    if spec.breakdown and (first.key, spec.breakdown) in props:
        present = {c for (c, _), p in props[(first.key, spec.breakdown)].items() if p.n}
        tables.append(Table(f"{first.row}, efter {_BREAKDOWN_NAMES[spec.breakdown]}, "
                            f"{latest}", [Row(f"{first.key}_{spec.breakdown}", code, label)
                                          for code, label in GROUPINGS[spec.breakdown].items()
                                          if code in present],
                            "percent", [latest], _BREAKDOWN_NAMES[spec.breakdown].capitalize()))
    if spec.headcounts:
        tables.append(Table("Antal svarande i enkäten", [Row(k, label=lab)
                                                          for k, lab, _ in spec.headcounts],
                            "count", ctx.years, "Grupp"))
    return IndicatorResult(
        ind, ctx.year, tidy, tables, _series_figures(tidy, spec, frames, years, breaks),
        _series_narrative(spec, props, frames, origin), _series_method(ctx, spec, frames, origin),
        ctx.synthetic, set(years), first.key,
        {f"andel_{y}": text.number(lookup(tidy, first.key, y)) for y in sorted(frames[first.key])},
        comparable=not _breaks(first, frames[first.key], origin, sorted(frames[first.key])[-2:]),
        significant=latest_change_significance(props[first.key], sorted(frames[first.key])))


_BREAKDOWN_NAMES = {"department": "avdelning", "sex": "kön"}


def _breaks(s: SurveySeries, frames: dict[int, pd.DataFrame],
            origin: dict[tuple[str, int], str], years: list[int] | None = None) -> list[str]:
    """Why a series is not comparable over ``years`` (default all of its years):
    population, question or survey."""
    years = sorted(years or frames)
    out = []
    roles = {y: frozenset(frames[y]["role"]) for y in years}
    if len(set(roles.values())) > 1:
        out.append("målgruppen skiljer sig mellan åren")
    question = sources.schema(s.sources[0]).questions[s.question]
    if len({question.wording(y) for y in years}) > 1:
        out.append(f"frågan formulerades om efter {question.earlier['until']}")
    other = sorted(y for y in years if origin[(s.key, y)] != SOURCE)
    if other:
        out.append(f"uppgiften för {text.join([str(y) for y in other])} kommer från en "
                   f"annan enkät ({sources.schema(origin[(s.key, other[0])]).title.lower()})")
    return out


def _series_narrative(spec: SeriesIndicator, props: dict, frames: dict,
                      origin: dict[tuple[str, int], str]) -> list[str]:
    out = []
    for s in spec.series:
        measured = sorted(frames[s.key])
        if not measured:
            continue
        latest = measured[-1]
        p = props[s.key][("", latest)]
        if not p.shown:
            out.append(f"Andelen bland {s.subject} redovisas inte för {latest} eftersom färre "
                       f"än {stats.MIN_GROUP} har svarat.")
            continue
        sentence = (f"År {latest} uppgav {text.percent_words(p.rounded)} av {s.subject} "
                    f"{s.phrase or spec.phrase}.")
        if len(measured) > 1:
            prev = measured[-2]
            sentence += " " + year_change(p, props[s.key][("", prev)], prev, comparable=not _breaks(
                s, frames[s.key], origin, [prev, latest]))
        for share in s.also:
            q = props[f"{s.key}_{share.key}"][("", latest)]
            sentence += f" {text.percent_words(q.rounded).capitalize()} uppgav {share.phrase}."
        out.append(sentence)
    first = spec.series[0]
    if frames[first.key]:
        latest = max(frames[first.key])
        for g in spec.groupings:
            out.append(group_difference(props[(first.key, g)], g, latest))
        if spec.breakdown and (first.key, spec.breakdown) in props:
            shown = {c: p for (c, y), p in props[(first.key, spec.breakdown)].items()
                     if c and p.shown}
            if len(shown) > 1:
                hi = max(shown, key=lambda c: shown[c].percent)
                lo = min(shown, key=lambda c: shown[c].percent)
                names = GROUPINGS[spec.breakdown]
                out.append(f"Efter {_BREAKDOWN_NAMES[spec.breakdown]} är andelen högst inom "
                           f"{names[hi]} ({text.percent_words(shown[hi].rounded)}) och lägst "
                           f"inom {names[lo]} ({text.percent_words(shown[lo].rounded)}).")
            hidden = [GROUPINGS[spec.breakdown][c]
                      for (c, y), p in props[(first.key, spec.breakdown)].items()
                      if c and p.n and not p.shown]
            if hidden:
                out.append(f"{text.join(hidden)} redovisas inte separat eftersom färre än "
                           f"{stats.MIN_GROUP} har svarat.")
    return out


def _series_figures(tidy: pd.DataFrame, spec: SeriesIndicator, frames: dict,
                    years: list[int], breaks: dict[str, list[str]]) -> list[Figure]:
    values = {s.row: [lookup(tidy, s.key, y) for y in years] for s in spec.series}
    broken = [s.row for s in spec.series if breaks[s.key]]
    caveat = (f" Serien för {text.join([b.lower() for b in broken])} är inte helt jämförbar "
              f"mellan åren (se tabellen)." if broken else "")
    figures = [Figure(
        plots.grouped_bars([str(y) for y in years], values, "percent", "Procent"),
        f"{spec.title}, per år. Procent.{caveat}",
        "Stapeldiagram per år: " + "; ".join(
            f"{lab} " + text.join([f"{y} {text.percent(v)}" for y, v in zip(years, vals,
                                                                            strict=True)])
            for lab, vals in values.items()) + ".")]
    # The answer distribution in the latest year, one chart per set of answer options.
    by_options: dict[tuple, list[SurveySeries]] = {}
    for s in spec.series:
        q = sources.schema(s.sources[0]).questions[s.question]
        if q.kind != "multi" and frames[s.key]:
            key = tuple((c, v) for c, v in q.options.items() if c not in s.excluded)
            by_options.setdefault(key, []).append(s)
    for options, group in by_options.items():
        latest = max(max(frames[s.key]) for s in group)
        group = [s for s in group if latest in frames[s.key]]
        parts = {str(label): [lookup(tidy, f"{s.key}_svar_{code}", latest) for s in group]
                 for code, label in options}
        labels = [s.row for s in group]
        figures.append(Figure(
            plots.stacked_shares(labels, parts),
            f"Svarande efter svar, {latest}. Procent",
            f"Liggande staplar med fördelningen av svaren {latest}: " + "; ".join(
                f"{lab}: " + ", ".join(f"{p} {text.percent(v[i])}" for p, v in parts.items())
                for i, lab in enumerate(labels)) + "."))
    return figures


def _series_method(ctx, spec: SeriesIndicator, frames: dict,
                   origin: dict[tuple[str, int], str]) -> MethodInfo:
    paragraphs, seen = [], set()
    for s in spec.series:
        question = sources.schema(s.sources[0]).questions[s.question]
        if s.question not in seen:
            seen.add(s.question)
            wording = f"**Fråga ({s.row.lower()}):** {question.text}"
            if question.earlier:
                wording += (f" Till och med {question.earlier['until']} löd frågan: "
                            f"{question.earlier['text']}")
            options = "; ".join(f"”{v}”" for c, v in question.options.items())
            paragraphs.append(f"{wording} Svarsalternativ: {options}.")
        counted = text.join([f"”{question.options[c]}”" for c in s.counts])
        rule = f"{s.row}: andelen som har svarat {counted}"
        if s.excluded:
            rule += (" bland dem som har svarat något annat än "
                     + text.join([f"”{question.options[c]}”" for c in s.excluded]))
        paragraphs.append(rule + ".")
    paragraphs.append(METHOD_TEST)
    rows = []
    for s in spec.series:
        for y, f in sorted(frames[s.key].items()):
            design = ctx.delivery(y).survey_design.get(origin[(s.key, y)], "")
            rows.append({"År": y, "Serie": s.row,
                         "Population": population_label(set(f["role"])),
                         "Urval": sources.SURVEY_DESIGNS.get(design, text.MISSING),
                         "Antal svarande": text.number(len(f))})
    titles = sorted({sources.schema(src).title for src in origin.values()})
    return MethodInfo(source=text.join(titles) + ".", paragraphs=paragraphs,
                      respondents=pd.DataFrame(rows))
