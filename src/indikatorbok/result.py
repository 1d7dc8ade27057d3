"""What an indicator computes: tidy published numbers, their tables, figures and narrative.

The result, the tables and figures it shows, the cells as a table shows them and how the
parts of a page combine are kept in one module of about 430 lines: every surface (page,
workbook, CSV, explore chart) reads them together, and a kind's author finds the whole page
here."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure as MplFigure

from indikatorbok import disclosure, findings, plots, text
from indikatorbok.catalog import Indicator

TIDY_COLUMNS = ["indicator", "series", "group", "year", "first_year", "value", "unit",
                "counted", "n", "withheld"]
KEY_COLUMNS = ["series_key", "group_key"]
# The series keys' suffixes of a share's confidence interval bounds (``andel_nedre``).
LOWER, UPPER = "_nedre", "_ovre"
UNITS = {"percent": "Procent", "count": "Antal", "flag": "Ja/Nej", "ratio": "Oddskvot",
         "index": "Index (0–100)"}


def tidy_rows(indicator: str, series_key: str, series: str, unit: str,
              values: dict[int, tuple], group_key: str = "", group: str = "",
              first_year: int | None = None, counted: str = "") -> pd.DataFrame:
    """Tidy rows for one series and group: ``values`` maps year -> (value as published, n)
    or (NaN, None, withheld): ``withheld`` when the value is held back to protect
    individuals (else a missing value is missing or too uncertain). ``first_year``: for a
    total over several years, the first of them (the year is the last). ``counted``: what
    a count counts (one of the programme's count units, e.g. ``persons``)."""
    return pd.DataFrame(
        [{"indicator": indicator, "series_key": series_key, "series": series,
          "group_key": group_key, "group": group, "year": y, "first_year": first_year or y,
          "value": v[0], "unit": unit, "counted": counted if unit == "count" else "",
          "n": v[1], "withheld": bool(v[2]) if len(v) > 2 else False}
         for y, v in sorted(values.items())],
        columns=["indicator", "series_key", "series", "group_key", "group", "year",
                 "first_year", "value", "unit", "counted", "n", "withheld"],
    )


def _row(tidy: pd.DataFrame, series_key: str, year: int, group_key: str) -> int | None:
    """The position of one cell's row in a tidy frame (compared as NumPy arrays: tables and
    texts look up every cell, and a pandas mask per cell costs eight times as much)."""
    hits = np.flatnonzero((tidy["series_key"].to_numpy() == series_key)
                          & (tidy["group_key"].to_numpy() == group_key)
                          & (tidy["year"].to_numpy() == year))
    return int(hits[0]) if len(hits) else None


def lookup(tidy: pd.DataFrame, series_key: str, year: int, group_key: str = "") -> float:
    """The published value of one cell of a tidy frame (NaN when absent or suppressed)."""
    at = _row(tidy, series_key, year, group_key)
    return float("nan") if at is None else float(tidy["value"].iloc[at])


def withheld(tidy: pd.DataFrame, series_key: str, year: int, group_key: str = "") -> bool:
    """Whether one cell is held back to protect individuals."""
    at = _row(tidy, series_key, year, group_key) if "withheld" in tidy else None
    return at is not None and bool(tidy["withheld"].iloc[at])


def cell(value: float, unit: str, withheld_symbol: str | None = None) -> str:
    """A value as a table shows it in its unit: ``..`` when missing or too uncertain, or
    ``withheld_symbol`` when it is held back to protect individuals."""
    if math.isnan(value):
        return withheld_symbol or text.MISSING
    if unit == "percent":
        return text.percent(value)
    if unit == "flag":
        return "Ja" if value else "Nej"
    if unit == "ratio":
        return text.number(value, 2)
    return text.number(value)


def shown(result: IndicatorResult, series_key: str, year: int, group: str, unit: str) -> str:
    """One cell of the result as tables show it (a symbol where there is no value)."""
    protected = withheld(result.tidy, series_key, year, group)
    return cell(lookup(result.tidy, series_key, year, group), unit,
                result.programme.policy.symbol("withheld") if protected else None)


def measured_columns(result: IndicatorResult, table: Table) -> Table:
    """The table without the year columns in which none of its series was measured (not
    a withheld or uncertain value: no measurement at all); a note names those years."""
    if table.groups or not table.columns:
        return table
    keys = {r.series_key for r in table.rows}
    years = set(result.tidy.loc[result.tidy.series_key.isin(keys), "year"].astype(int))
    gone = [y for y in table.columns if y not in years]
    kept = [y for y in table.columns if y in years]
    if not gone or not kept:
        return table
    note = f"Inga mätningar {text.year_span(gone)}."
    return replace(table, columns=kept, notes=[*table.notes, note])


def row_label(result: IndicatorResult, row: Row) -> str:
    """A table row's label: its own, or its group's or series' name in the data."""
    t = result.tidy
    sel = t[(t.series_key == row.series_key) & (t.group_key == row.group_key)]
    if sel.empty:
        raise KeyError(f"{result.indicator.id}: table row {row} has no data")
    return sel.group.iloc[0] or sel.series.iloc[0]


@dataclass(frozen=True)
class Row:
    """A table row: a series (and group) of the tidy frame, with the label shown."""

    series_key: str
    group_key: str = ""
    label: str | None = None


@dataclass
class Table:
    """A table as the report lays it out: rows of series; columns of years, or, when
    ``groups`` is given, columns of groups (code -> label) for the single year ``year``."""

    title: str
    rows: list[Row]
    unit: str
    columns: list[int]
    column_label: str = "År"
    notes: list[str] = field(default_factory=list)
    groups: dict[str, str] | None = None
    year: int | None = None
    # The keys of the rows (series) or columns (groups) that hold the lower and upper
    # bounds of a confidence interval of the other cells: a chart draws them as intervals.
    interval: tuple[str, str] | None = None

    @property
    def headers(self) -> list[str]:
        return list(self.groups.values()) if self.groups else [str(c) for c in self.columns]

    def cells(self, row: Row) -> list[tuple[str, int]]:
        """(group_key, year) of each cell of a row."""
        if self.groups:
            return [(g, self.year) for g in self.groups]
        return [(row.group_key, y) for y in self.columns]


@dataclass
class Figure:
    """A chart, shown with the table of its values: ``table`` is that table's position in
    the result's tables (negative: from the end; None: no table shows its values, and the
    chart comes after them all)."""

    figure: MplFigure
    caption: str
    alt: str
    table: int | None = 0


def bars_by_year(years: list[int], values: dict[str, list[float]], unit: str, ylabel: str,
                 caption: str, alt_lead: str = "Stapeldiagram per år", table: int = 0
                 ) -> Figure:
    """Bars per year, one colour per group, with a text alternative that gives every value
    (``unit``: ``percent``, else the values are numbers)."""
    fmt = text.percent if unit == "percent" else text.number
    alt = f"{alt_lead}: " + "; ".join(
        f"{group} " + text.join([f"{y} {fmt(v)}" for y, v in zip(years, vals, strict=True)])
        for group, vals in values.items()) + "."
    return Figure(plots.grouped_bars([str(y) for y in years], values,
                                     "percent" if unit == "percent" else "count", ylabel),
                  caption, alt, table)


@dataclass
class MethodInfo:
    """The method section: source, question, what counts, and respondents per year."""

    source: str
    paragraphs: list[str] = field(default_factory=list)
    question: str | None = None
    options: list[str] = field(default_factory=list)
    respondents: pd.DataFrame | None = None  # År, Population, Urval, Antal svarande


@dataclass(kw_only=True)
class IndicatorResult:
    """An indicator's page: its published numbers (``tidy``), tables, figures, narrative and
    method, and the findings every surface states (the headline's ``change``, the
    ``difference`` between women and men, the ``balance`` of a share of women).
    Made by :meth:`indikatorbok.indicators.Analysis.page`, which fills in the edition."""

    indicator: Indicator
    year: int
    tidy: pd.DataFrame
    tables: list[Table] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    narrative: list[str] = field(default_factory=list)
    method: MethodInfo
    synthetic: bool = False
    measured_years: set[int] = field(default_factory=set)
    headline: str  # series_key of the indicator's main series (total group)
    glue: dict[str, str] = field(default_factory=dict)
    summary: str | None = None  # the latest result in words, where no single number says it
    # The headline's change since its previous measurement (None: found from the headline
    # series, with no test: everyone is counted), the difference between women and men,
    # and the reading of a share of women.
    change: findings.Change | None = None
    difference: findings.Difference | None = None
    balance: findings.Balance | None = None
    part_years: dict[int, str] = field(default_factory=dict)  # year -> its period, when partial
    # The page's other findings (each series' change, each grouping's difference), as
    # (what it concerns, e.g. a series, or "", finding): listed with the two above in the
    # notebook's test step.
    stated: list[tuple[str, Any]] = field(default_factory=list)
    # Disclosure control: how published cells (series_key, group_key, year) add up, and
    # each withheld cell's rule ({rule, protects, published_before}).
    relations: list = field(default_factory=list)
    protection: dict[tuple, dict] = field(default_factory=dict)
    rounding: dict[str, int] = field(default_factory=dict)  # series_key -> counts' rounding
    programme: Any = None  # the programme whose policy and texts the page follows

    @property
    def status(self) -> str:
        return self.indicator.status(self.year, self.measured_years)

    def value(self, series_key: str, year: int, group_key: str = "") -> float:
        return lookup(self.tidy, series_key, year, group_key)

    def headline_rows(self) -> pd.DataFrame:
        t = self.tidy
        return t[(t.series_key == self.headline) & (t.group_key == "")].sort_values("year")

    def headline_values(self) -> list[tuple[int, float]]:
        """The headline series (total group) by year, for checks across pages."""
        return [(int(r.year), float(r.value)) for r in self.headline_rows().itertuples()]

    @property
    def unit(self) -> str:
        head = self.headline_rows()
        return str(head.unit.iloc[0]) if len(head) else "count"

    def headline_change(self) -> findings.Change | None:
        """The change of the headline between its last two measurements: the builder's, or,
        where it gives none, the published values compared without a test (everyone
        counted); a survey's change must come with its test."""
        if self.change is not None or self.summary:
            return self.change
        head = self.headline_rows()
        if len(head) < 2:
            return None
        if self.unit != "count" and any(
                self.programme is not None and self.programme.schema(s).questions
                for s in self.indicator.sources):
            raise ValueError(f"{self.indicator.id}: a survey's change needs its test; the "
                             f"builder gives none")
        last, prev = head.iloc[-1], head.iloc[-2]
        return findings.change(self.unit, int(last.year), int(prev.year), last.value,
                               prev.value, part_year=self.part_years.get(int(last.year)))

    def latest(self) -> dict | None:
        """The latest shown value of the headline: year, value, and the value in words with
        its unit (a count says what it counts); for a result in words, its summary."""
        if self.summary and self.measured_years:
            year = max(self.measured_years)
            return {"year": year, "value": None, "words": self.summary,
                    "result": self.summary, "part_year": self.part_years.get(year)}
        shown = self.headline_rows().dropna(subset=["value"])
        if shown.empty:
            return None
        last = shown.iloc[-1]
        words = value_words(float(last.value), str(last.unit))
        if last.unit == "count":
            words += f" {self.counted_words(last)}"
            result = words
        else:  # what the figure is, where it is quoted away from its page
            result = f"{text.lower_first(str(last.series))}: {words}"
        year = int(last.year)
        return {"year": year, "value": float(last.value), "words": words, "result": result,
                "part_year": self.part_years.get(year)}

    def counted_words(self, row) -> str:
        """What a published count counts, after its number: the series' label, its first
        word in the singular for a count of one where the programme gives the singular."""
        label = text.lower_first(str(row.series))
        if row.value != 1 or self.programme is None:
            return label
        plural = self.programme.count_units.get(row.counted)
        singular = self.programme.count_singulars.get(row.counted)
        if plural and singular and (label == plural or label.startswith(plural + " ")):
            return singular + label[len(plural):]
        return label

    def key_values(self) -> dict[str, str]:
        """Values other pages quote: the module's own, plus the headline's latest and previous
        measurement (``senaste_ar``, ``senaste_varde``, ``foregaende_ar``, ``foregaende_varde``;
        the latest count followed by what it counts), and the latest with what it measures
        (``senaste_resultat``: "omprövade beslut …: 22 procent", for lists of results)."""
        head = self.headline_rows().dropna(subset=["value"])
        fmt = text.percent_words if self.unit == "percent" else text.number
        out = dict(self.glue)
        if self.summary:
            if self.measured_years:
                out["senaste_ar"] = str(max(self.measured_years))
            out["senaste_varde"] = out["senaste_resultat"] = self.summary
            return out
        latest = self.latest()
        if latest is None:  # measured, but no value can be shown
            if self.measured_years:
                out["senaste_ar"] = str(max(self.measured_years))
            out["senaste_varde"] = out["senaste_resultat"] = "uppgiften redovisas inte"
            return out
        out["senaste_ar"], out["senaste_varde"] = str(latest["year"]), latest["words"]
        out["senaste_resultat"] = latest["result"]
        change = self.headline_change()
        if change is not None and change.year == latest["year"]:  # what it is compared with
            out["foregaende_ar"] = str(change.previous_year)
            out["foregaende_varde"] = fmt(change.previous)
        elif len(head) > 1:
            prev = head.iloc[-2]
            out["foregaende_ar"], out["foregaende_varde"] = str(prev.year), fmt(prev.value)
        return out

    def tested(self) -> list[tuple[str, findings.Change | findings.Difference]]:
        """Every change and difference the page states, each once, with what it compares
        ("Förändring 2022–2023", "Kvinnor mot Män 2023")."""
        out, seen = [], set()
        concerns = {id(found): about for about, found in self.stated}
        for found in (self.change, self.difference, *(found for _, found in self.stated)):
            if found is None or id(found) in seen:
                continue
            seen.add(id(found))
            about = concerns.get(id(found), "")
            if isinstance(found, findings.Change):
                compared = f"förändring {found.previous_year}–{found.year}"
            else:
                a, b = (label or name for label, name in zip(found.labels, found.names,
                                                              strict=True))
                compared = f"{a} mot {b} {found.year}"
            out.append((f"{about}: {compared}" if about else compared[0].upper() + compared[1:],
                        found))
        return out

    def statement(self) -> findings.Findings:
        """Everything the edition's other pages state about the indicator."""
        t = self.tidy
        hidden = t[t.withheld.fillna(False).astype(bool)]
        counted = t[(t.unit == "count") & (t.counted.fillna("") != "")]
        return findings.Findings(
            indicator=self.indicator.id, measured_years=sorted(self.measured_years),
            headline=[(y, None if text.missing(v) else v) for y, v in self.headline_values()],
            unit=self.unit, summary=self.summary is not None, latest=self.latest(),
            change=self.headline_change(), difference=self.difference, balance=self.balance,
            glued=sorted(self.key_values()),
            notes={tab.title: list(tab.notes) for tab in self.tables if tab.notes},
            withheld=[{"series_key": r.series_key, "group_key": r.group_key,
                       "year": int(r.year),
                       **self.protection.get((r.series_key, r.group_key, int(r.year)),
                                             {"rule": "share"})}
                      for r in hidden.itertuples()],
            relations=[disclosure.as_dict(r) for r in self.relations],
            cells=[[r.series_key, r.group_key, int(r.year), r.value,
                    None if text.missing(r.n) else int(r.n), bool(r.withheld), r.unit]
                   for r in t.itertuples()],
            rounding=dict(self.rounding),
            counted=dict(zip(counted.series_key, counted.counted, strict=True)),
            tests=[{"compared": compared, "name": f.test.name, "p": f.test.words}
                   for compared, f in self.tested() if f.test is not None])

    def published(self) -> pd.DataFrame:
        """The tidy table offered for download."""
        out = self.tidy.reindex(columns=TIDY_COLUMNS)
        out["first_year"] = out["first_year"].fillna(out["year"]).astype(int)
        out["n"] = out["n"].astype("Int64")
        out["withheld"] = out["withheld"].fillna(False).astype(bool)
        out["counted"] = out["counted"].fillna("")
        return out.reset_index(drop=True)


def value_words(value: float, unit: str) -> str:
    """A value with its unit, as a sentence says it."""
    if unit == "percent":
        return text.percent_words(value)
    if unit == "index":
        return f"{text.number(value)} av 100"
    return text.number(value, 2 if unit == "ratio" else 0)


def _placed_figures(results: list[IndicatorResult]) -> list[Figure]:
    """The figures of several results, each still shown with its own table once the
    results' tables are put one after the other."""
    out, before = [], 0
    for r in results:
        out += [f if f.table is None or not r.tables
                else replace(f, table=before + f.table % len(r.tables))
                for f in r.figures]
        before += len(r.tables)
    return out


def combine(main: IndicatorResult, *parts: IndicatorResult) -> IndicatorResult:
    """One page from several computations of the same indicator (e.g. HR counts and survey
    shares): the main part's headline and status years, everything else appended."""
    for p in parts:
        if set(p.tidy.series_key) & set(main.tidy.series_key):
            raise ValueError(f"{main.indicator.id}: parts share series keys")
    respondents = [m.respondents for m in (main.method, *(p.method for p in parts))
                   if m.respondents is not None]
    method = MethodInfo(
        source=" ".join(dict.fromkeys([main.method.source, *(p.method.source for p in parts)])),
        paragraphs=[q for m in (main.method, *(p.method for p in parts)) for q in m.paragraphs],
        question=main.method.question, options=main.method.options,
        respondents=pd.concat(respondents, ignore_index=True) if respondents else None)
    glue = dict(main.glue)
    for p in parts:
        glue.update({k: v for k, v in p.glue.items() if k not in glue})
    return replace(
        main, tidy=pd.concat([main.tidy, *(p.tidy for p in parts)], ignore_index=True),
        tables=main.tables + [t for p in parts for t in p.tables],
        figures=_placed_figures([main, *parts]),
        narrative=main.narrative + [s for p in parts for s in p.narrative], method=method,
        measured_years=main.measured_years,  # the status's (each part's tables note theirs)
        glue=glue,
        relations=[r for x in (main, *parts) for r in x.relations],
        protection={k: v for x in (main, *parts) for k, v in x.protection.items()},
        rounding={k: v for x in (main, *parts) for k, v in x.rounding.items()},
        # The parts' findings are stated on the page too (their narrative says them).
        stated=[*main.stated, *((about, found) for p in parts
                                for about, found in (("", p.change), ("", p.difference),
                                                     *p.stated))])
