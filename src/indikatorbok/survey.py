"""Shared logic of the staff-survey indicators: populations, shares per group, comparisons."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from indikatorbok import sources, stats, text
from indikatorbok.result import tidy_rows

# Breakdowns the report discusses: column -> (code -> label in the plural, as in a table row).
GROUPINGS: dict[str, dict[str, str]] = {
    "sex": {"K": "Kvinnor", "M": "Män"},
    "discretion": {"stort": "Stort bedömningsutrymme", "litet": "Litet bedömningsutrymme"},
}
# Indefinite plural forms for sentences ("bland kvinnor", "bland handläggare med ...").
GROUP_PHRASES: dict[str, dict[str, str]] = {
    "sex": {"K": "kvinnor", "M": "män"},
    "discretion": {"stort": "dem som handlägger förmåner med stort bedömningsutrymme",
                   "litet": "dem som handlägger förmåner med litet bedömningsutrymme"},
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
