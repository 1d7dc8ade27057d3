"""Shares of survey respondents (and of register cases) by group and year, under the
programme's disclosure rules: :class:`Shares`, the toolkit the survey, register and index
builders share (and programmes' kinds, through :mod:`indikatorbok.api`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from indikatorbok.kit import (
    LOWER,
    UPPER,
    Context,
    DefinitionError,
    Row,
    Table,
    disclosure,
    findings,
    stats,
    text,
    tidy_rows,
)


def answered(df: pd.DataFrame, columns: list[str]) -> pd.Series:
    """A multi-select question counts as answered when at least one option is ticked."""
    present = [c for c in columns if c in df.columns]
    if not present:
        return pd.Series(False, index=df.index)
    return df[present].eq(1).fillna(False).any(axis=1)


def ticked_any(df: pd.DataFrame, columns: list[str]) -> pd.Series:
    return df[columns].eq(1).fillna(False).any(axis=1)


TEST_NAME = "z-test för två andelar"
WITHHELD_REASON = "det skulle kunna röja uppgifter om enskilda personer"
NOT_SAME_GROUP = "mätningarna inte avser samma grupp"


class Shares:
    """Shares by group and year under a programme's rules: tidy rows, the tests between
    groups and years, and the sentences about them. ``ctx`` gives the rules and the
    programme's groupings."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.rules: stats.Rules = ctx.stats
        self.groupings = ctx.programme.groupings

    def labels(self, grouping: str | None) -> dict[str, str]:
        """Group code -> table label (``{"": ""}``: the total)."""
        if not grouping:
            return {"": ""}
        try:
            return self.groupings[grouping].labels
        except KeyError:
            raise DefinitionError(f"grouping '{grouping}' is not one of the programme's "
                                  f"({', '.join(sorted(self.groupings))}).") from None

    def series(self, indicator: str, series_key: str, series: str,
               frames: Mapping[int, pd.DataFrame], success: Callable[[pd.DataFrame], pd.Series],
               grouping: str | None = None, register: bool = False
               ) -> tuple[pd.DataFrame, dict]:
        """Tidy rows of a share per year (total, or one row set per group of ``grouping``).

        ``frames`` hold the respondents who answered (or, with ``register``, the register's
        persons or cases), per year. Groups under the smallest group shown are suppressed
        (value NaN, n withheld), with a complement so that none can be recovered from the
        total; in a register table so are shares with withheld cells (the groups of a year
        partition its total). Returns the rows and the unrounded
        :class:`stats.Proportion` per (group, year).
        """
        groups = self.labels(grouping)
        props = {}
        for year, df in frames.items():
            of_year = {}
            values = self.groupings[grouping].values(df) if grouping else None
            for code in groups:
                sub = df if not grouping else df[values == code]
                of_year[(code, year)] = self.rules.proportion(int(success(sub).sum()), len(sub))
            if register:
                of_year = self.rules.withheld_shares(of_year, column_totals=bool(grouping))
            if grouping:
                of_year = self.rules.complement_groups(of_year)
            props |= of_year
        return self.rows(indicator, series_key, series, props, grouping), props

    @staticmethod
    def relations(series_key: str, props: dict, grouping: str | None = None
                  ) -> list[disclosure.Relation]:
        """How the shares tie together, for the audit of what is published: each share
        is its numerator (``"s"``) of its n (``"n"``), and a grouping's groups add up to
        the total (what they do not cover goes to a cell never published)."""
        out: list[disclosure.Relation] = []
        for code, year in props:
            cell = (series_key, code, year)
            out.append(disclosure.ShareOf(cell, (*cell, "s"), (*cell, "n")))
        for year in sorted({y for _, y in props}):
            groups = [c for c, y in props if y == year and c]
            if not grouping or ("", year) not in props or not groups:
                continue
            total = props[("", year)]
            for part, value in (("s", "successes"), ("n", "n")):
                parts = tuple((series_key, c, year, part) for c in groups)
                rest = getattr(total, value) - sum(getattr(props[(c, year)], value)
                                                   for c in groups)
                if rest:
                    parts += (("~rest", series_key, grouping, year, part),)
                out.append(disclosure.Sum((series_key, "", year, part), parts))
        return out

    def rows(self, indicator: str, series_key: str, series: str, props: dict,
             grouping: str | None = None) -> pd.DataFrame:
        """Tidy rows of shares by (group, year); those not shown are blank."""
        years = sorted({year for _, year in props})
        rows = []
        for code, label in self.labels(grouping).items():
            values = {year: (p.rounded, p.n) if (p := props[(code, year)]).shown
                      else (float("nan"), None, p.withheld) for year in years}
            rows.append(tidy_rows(indicator, series_key, series, "percent", values,
                                  group_key=code, group=label))
        return pd.concat(rows, ignore_index=True)

    def interval_rows(self, indicator: str, series_key: str, series: str, props: dict,
                      grouping: str | None = None) -> pd.DataFrame:
        """Tidy rows of the bounds of each shown share's confidence interval (Wilson, at
        the programme's level; whole percent): series ``<series_key>_nedre`` and
        ``_ovre``. A share not shown has no bounds."""
        years, level = sorted({year for _, year in props}), self.rules.level
        rows = []
        for code, label in self.labels(grouping).items():
            bounds = {year: props[(code, year)].confint(self.rules.alpha)
                      if props[(code, year)].shown else None for year in years}
            for i, (suffix, word) in enumerate(((LOWER, "nedre"), (UPPER, "övre"))):
                values = {year: (float("nan"), None, props[(code, year)].withheld)
                          if b is None else (stats.round_half_up(b[i]), None)
                          for year, b in bounds.items()}
                rows.append(tidy_rows(indicator, f"{series_key}{suffix}",
                                      f"{series}, {level} procents konfidensintervall, {word} "
                                      f"gräns", "percent", values, group_key=code,
                                      group=label))
        return pd.concat(rows, ignore_index=True)

    def interval_table(self, key: str, label: str, year: int, grouping: str | None,
                       more: str | None = None) -> Table:
        """The estimate of share ``key`` in ``year`` with its confidence interval's bounds,
        for the total and ``grouping``'s groups (narrow enough for a phone); ``more`` names
        what else has intervals in the CSV file, in a note."""
        rows = [Row(key, "", "Andel"), Row(f"{key}{LOWER}", "", "Nedre gräns"),
                Row(f"{key}{UPPER}", "", "Övre gräns")]
        return Table(f"{label}, {year}, med {self.rules.level} procents konfidensintervall",
                     rows, "percent", [], "Skattning",
                     groups={"": "Samtliga", **(self.labels(grouping) if grouping else {})},
                     year=year, interval=(f"{key}{LOWER}", f"{key}{UPPER}"),
                     notes=[f"Intervallen för {more} finns i CSV-filen."] if more else [])

    @property
    def method_test(self) -> str:
        return (f"Skillnader mellan grupper och mellan år prövas med ett z-test för två "
                f"andelar på {int(self.rules.alpha * 100)} procents signifikansnivå. Grupper "
                f"med färre än {self.rules.min_group} svarande redovisas inte och jämförs "
                f"inte.")

    @property
    def method_interval(self) -> str:
        return (f"Konfidensintervallen ({self.rules.level} procent) är Wilsons intervall för en "
                f"andel. De visar hur osäker andelen är till följd av slumpen i vilka som "
                f"svarade, men inte ett bortfall som skiljer sig från dem som svarade.")

    def test(self, a: stats.Proportion, b: stats.Proportion) -> findings.Test | None:
        """The z-test of two shares, when both are shown (None otherwise)."""
        cmp = self.rules.compare(a, b)
        if not cmp.testable:
            return None
        return findings.Test(TEST_NAME, cmp.p_value, self.rules.alpha, cmp.statistic,
                             (a.n, b.n))

    def difference(self, props: dict, grouping: str, year: int, counted: str = "svarande"
                   ) -> findings.Difference:
        """The difference between the two groups of ``grouping`` in ``year``, tested
        (``counted``: what a group's n counts, e.g. "ärenden" in a register)."""
        a_code, b_code = list(self.labels(grouping))
        a, b = props[(a_code, year)], props[(b_code, year)]
        names, labels = self.groupings[grouping].phrases, self.labels(grouping)
        why = None
        if not (a.shown and b.shown):
            why = (f"någon av grupperna har färre än {self.rules.min_group} {counted}"
                   if a.too_few or b.too_few else WITHHELD_REASON)
        return findings.difference(
            grouping, year, "percent", (names[a_code], names[b_code]),
            (a.rounded, b.rounded) if why is None else (float("nan"),) * 2,
            test=self.test(a, b), why=why, labels=(labels[a_code], labels[b_code]),
            raw=(a.percent, b.percent))

    def change(self, current: stats.Proportion, previous: stats.Proportion, year: int,
               previous_year: int, comparable: bool = True, why: str | None = None
               ) -> findings.Change:
        """The change of a share since the previous measurement, tested; ``why`` (a
        clause) when the measurements do not compare."""
        shown = current.shown and previous.shown
        return findings.change(
            "percent", year, previous_year,
            current.rounded if current.shown else float("nan"),
            previous.rounded if previous.shown else float("nan"),
            test=self.test(current, previous) if shown else None, comparable=comparable,
            why=why or NOT_SAME_GROUP, raw=(current.percent, previous.percent))

    def latest_change(self, props: Mapping[tuple[str, int], stats.Proportion],
                      years: list[int], comparable: bool = True, why: str | None = None
                      ) -> findings.Change | None:
        """:meth:`change` of the total between its last two measured years."""
        if len(years) < 2:
            return None
        return self.change(props[("", years[-1])], props[("", years[-2])], years[-1],
                           years[-2], comparable, why)

    def population_label(self, roles: set[str]) -> str:
        """The roles of a population in the plural, e.g. ``Handläggare och chefer i
        försäkringsärenden``."""
        surveys = self.ctx.programme.surveys
        plurals = surveys.get("role_plurals") or {}
        names = [plurals[r] for r in plurals if r in roles]
        label = text.join(names)
        return f"{label[:1].upper()}{label[1:]} {surveys.get('population_suffix', '')}".strip()

    def roles(self, df: pd.DataFrame) -> frozenset[str]:
        column = self.ctx.programme.surveys.get("role_column")
        return frozenset(df[column].dropna()) if column else frozenset()


# --------------------------------------------------------------------------- definitions


def count_table(props: dict, labels: dict[str, str], series: str) -> pd.DataFrame:
    """Numerator, denominator and share per group and year, and whether it is shown."""
    rows = []
    for (code, year), p in sorted(props.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        rows.append({"Serie": series, "Grupp": labels.get(code) or "Samtliga", "År": year,
                     "Täljare": p.successes, "Nämnare": p.n,
                     "Andel (%)": round(p.percent, 1) if p.n else None,
                     "Visas": "ja" if p.shown else ("nej, för få" if p.too_few
                                                    else "nej, skyddas")})
    return pd.DataFrame(rows)


RATE = "Svarsfrekvens, hela enkäten"  # the column of a survey's table of respondents


def response_rates(ctx: Context, source: str, years) -> dict[int, str] | None:
    """Each year's response rate of the whole survey ``source`` (everyone who answered, of
    those invited), as a table shows it; None when no year's delivery says how many were
    invited."""
    answered = ctx.load(source)
    deliveries = {y: ctx.delivery(y) for y in years if y in answered}
    if not any(source in d.invited for d in deliveries.values()):
        return None
    return {y: text.MISSING if (rate := d.response_rate(source, len(answered[y]))) is None
            else text.percent(rate) for y, d in deliveries.items()}


def rate_cell(rates: Mapping[int, str] | None, year: int) -> dict[str, str]:
    """A row's response-rate cell in a table of respondents, when the table has the column
    (``rates`` not None; a year without a rate shows as missing)."""
    return {} if rates is None else {RATE: rates.get(year, text.MISSING)}
