"""Indicators computed from an edition's data, in steps a reviewer can follow.

An indicator's definition (``indicators/<id>.yaml`` in its programme) names a builder and
its parameters. A builder is an :class:`Analysis`: named steps (read the data, select the
population, count, ...) that each show what they did, with counts, and a :meth:`result`
that makes the page from them. The indicator notebook runs the steps one cell at a time;
the tests run them all through :func:`indikatorbok.builders.compute`.

This is the framework every kind subclasses (an analysis, its steps and their disclosure
control, combined parts, the context a computation reads its data through), kept in one
module of about 500 lines so that the author of a kind reads one file.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import ClassVar

import duckdb
import pandas as pd

from indikatorbok import disclosure, reads, scan, sources, stats, text
from indikatorbok import programme as programmes
from indikatorbok.catalog import Indicator
from indikatorbok.result import KEY_COLUMNS, TIDY_COLUMNS, IndicatorResult, MethodInfo, combine


class DefinitionError(ValueError):
    """An indicator's definition names something the programme does not have."""


class NoMeasurement(sources.DataError):
    """The edition's period holds nothing to measure the indicator with (a question not yet
    asked, a register not yet delivered): not an error, the page says so."""


# --------------------------------------------------------------------------- shown steps


@dataclass(frozen=True)
class Asked:
    """A survey question as a definition uses it: the published series it gives, the
    population asked and the answers that count (for the synthetic data)."""

    question: str
    label: str
    population: str | None
    counts: object


@dataclass
class Shown:
    """What a step did, as a reviewer reads it: a heading, a table of counts, notes, and
    the query it ran against a register (if any)."""

    title: str
    table: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    query: str | None = None

    def _repr_html_(self) -> str:
        notes = "".join(f"<p>{html.escape(n)}</p>" for n in self.notes)
        query = (f"<details><summary>Fråga mot registret</summary><pre>"
                 f"{html.escape(self.query.strip())}</pre></details>" if self.query else "")
        table = self.table.to_html(index=False, na_rep="–", border=0, float_format=_number)
        return f"<h4>{html.escape(self.title)}</h4>{table}{notes}{query}"

    def __repr__(self) -> str:
        return "\n".join([self.title, self.table.to_string(index=False, na_rep="–",
                                                           float_format=_number),
                          *self.notes])


def _number(value: float) -> str:
    """A number in a step's table: a count (a whole number, though the column holds
    decimals) without decimals, any other to at most six decimals.

    >>> _number(5510.0), _number(16.3), _number(0.1 + 0.2)
    ('5510', '16.3', '0.3')
    """
    return str(int(value)) if float(value).is_integer() else repr(round(float(value), 6))


def step(title: str) -> Callable:
    """Mark a method of an :class:`Analysis` as one of its steps, shown under ``title``."""

    def decorate(method: Callable[[Analysis], Shown]) -> Callable[[Analysis], Shown]:
        @functools.wraps(method)
        def run(self: Analysis) -> Shown:
            for earlier in self.steps[:self.steps.index(method.__name__)]:
                if earlier not in self.shown:
                    getattr(self, earlier)()
            if self.unmeasured is not None:  # an earlier step found nothing to measure
                shown = Shown(title, pd.DataFrame(), ["Inget att räkna."])
            else:
                self.ctx.reader = self  # the sources it reads are this analysis's
                try:
                    shown = method(self)
                except NoMeasurement as err:
                    self.unmeasured = str(err)
                    shown = Shown(title, pd.DataFrame(), [self.unmeasured])
                finally:
                    self.ctx.reader = None
            shown.title = shown.title or title
            self.shown[method.__name__] = shown
            return shown

        run.step_title = title
        return run

    return decorate


class Analysis:
    """A builder: an indicator's computation in named steps (methods marked with
    :func:`step`), then :meth:`build`, which makes the page from what the steps found.
    ``parameters`` are the definition's, as the indicator file gives them."""

    kind: ClassVar[str] = ""
    steps: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def asked(cls, parameters: dict, source: str) -> list[Asked]:
        """The questions of the survey ``source`` a definition with these parameters asks
        about: none, unless the kind reads a survey."""
        return []

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.steps = tuple(name for name, member in _members(cls) if hasattr(member,
                                                                            "step_title"))

    def __init__(self, ctx: Context, parameters: dict):
        self.ctx = ctx
        self.parameters = parameters
        self.shown: dict[str, Shown] = {}
        self.unmeasured: str | None = None  # why the period has nothing to measure
        self.sources_read: set[str] = set()
        # Disclosure control: how the published cells add up, and why each withheld cell
        # is withheld (the edition's audit checks them together).
        self.relations: list[disclosure.Relation] = []
        self.protection: dict[tuple, dict] = {}
        self.rounding: dict[str, int] = {}

    def p(self, name: str, default=...):
        """A parameter of the definition; an error naming the file when it is missing."""
        if name in self.parameters:
            return self.parameters[name]
        if default is ...:
            raise DefinitionError(f"{self.ctx.indicator.files[0]}: parameter '{name}' is "
                                  f"missing ({self.kind}).")
        return default

    @property
    def sexes(self) -> dict[str, str]:
        """The programme's codes of sex and their labels, women first (the grouping
        ``sex`` of its programme.yaml)."""
        return self.ctx.programme.groupings["sex"].labels

    @property
    def groupings(self) -> tuple[str, ...]:
        """The groupings the result is broken down by (parameter ``groupings``; by sex when
        not given)."""
        return tuple(self.p("groupings", ("sex",)))

    def counted(self, unit: str | None = None) -> str:
        """What the analysis's counts count: ``unit``, or the definition's ``unit``; one of
        the programme's count units (``persons``, ``cases``, ...)."""
        unit = unit or self.p("unit")
        units = self.ctx.programme.count_units
        if unit not in units:
            raise DefinitionError(f"{self.ctx.indicator.files[0]}: unit {unit!r} is not one of "
                                  f"the programme's count units ({', '.join(units) or 'none'}): "
                                  f"name one, or add it under count_units in programme.yaml.")
        return unit

    def distinct(self, source: str) -> str | None:
        """The column whose distinct values are counted when the counts are of persons (the
        definition's ``distinct``, an identifier of the source's contract); None when each
        row counts (the contract's key is that column, or the counts are not of persons)."""
        if self.p("unit", None) != "persons":
            return None
        spec, column = self.ctx.schema(source), self.p("distinct", None)
        if column not in spec.identifiers:
            raise DefinitionError(f"{self.ctx.indicator.files[0]}: counts of persons count each "
                                  f"person once: give 'distinct', the column that identifies a "
                                  f"person in '{source}' (one of its identifiers: "
                                  f"{', '.join(spec.identifiers) or 'none'}).")
        return None if list(spec.key) == [column] else column

    def result(self) -> IndicatorResult:
        """Run the steps not yet run, then make the page (a page without results when the
        period has nothing to measure the indicator with)."""
        for name in self.steps:
            if name not in self.shown:
                getattr(self, name)()
        try:
            result = unmeasured(self.ctx) if self.unmeasured is not None else self.build()
        except NoMeasurement:
            result = unmeasured(self.ctx)
        result.programme = self.ctx.programme
        uncounted = result.tidy[(result.tidy.unit == "count")
                                & (result.tidy["counted"].fillna("") == "")]
        if len(uncounted):
            raise DefinitionError(f"{self.ctx.indicator.id}: the count "
                                  f"{uncounted.series.iloc[0]!r} does not say what it counts "
                                  f"(tidy_rows(..., counted=<one of the programme's count "
                                  f"units>)).")
        return with_periods(result, self.ctx.part_years(self.sources_read,
                                                        result.measured_years))

    def build(self) -> IndicatorResult:
        raise NotImplementedError

    def page(self, **fields) -> IndicatorResult:
        """The analysis's page, with the edition's indicator, year and data notice filled
        in, and the disclosure control of :meth:`protect` (``fields``: those of
        :class:`IndicatorResult`)."""
        ctx = self.ctx
        return IndicatorResult(indicator=ctx.indicator, year=ctx.year,
                               synthetic=ctx.synthetic, programme=ctx.programme,
                               relations=self.relations, protection=self.protection,
                               rounding=self.rounding, **fields)

    def protect(self, values: dict[tuple, float], small: set[tuple],
                relations: list[disclosure.Relation], rounding: int = 1) -> set[tuple]:
        """The cells to withhold of counts ``values`` (cells ``(series_key, group_key,
        year)``) tied by ``relations``: the ``small`` ones, and complementary cells until
        none of them follows from the shown ones (:func:`disclosure.protect`). Kept for
        the edition's audit, with the rule of each."""
        before = self.ctx.previous_cells()
        carried = {k for k in values if before.get(k, (0, False))[1]}
        # Published in the previous edition with the same value: no use withholding now.
        published = {k for k, v in values.items() if k in before and not before[k][1]
                     and before[k][0] == stats.round_half_up(v, rounding)}
        withheld = disclosure.protect(values, small | carried, relations, rounding,
                                      keep=published)
        self.relations += relations
        self.rounding |= {k[0]: rounding for k in values}
        for cell, protects in withheld.items():
            rule = ("small" if cell in small else "carried" if cell in carried
                    else "complement")
            self.protection[cell] = {"rule": rule, "protects": protects,
                                     "published_before": cell in published}
        return set(withheld)


CELLS = "cells.csv"  # an edition's published cells, by key (beside its record's figures)


def previous_cells_path(edition: programmes.Edition) -> Path:
    """Where the previous edition's published cells are archived."""
    return edition.programme.edition_dir(edition.year - 1) / "arkiv" / CELLS


def with_periods(result: IndicatorResult, part_years: dict[int, str]) -> IndicatorResult:
    """The result with the years its data cover only in part, each table of such a year
    noting it (in the page, the workbook and the data package alike)."""
    result.part_years = {**result.part_years, **part_years}
    for table in result.tables:
        years = [table.year] if table.groups else table.columns
        for year in years:
            note = f"Uppgifterna för {year} avser {result.part_years.get(year)}."
            if year in result.part_years and note not in table.notes:
                table.notes.append(note)
    return result


def _members(cls: type) -> list[tuple[str, object]]:
    """Methods in the order they are written (base classes first)."""
    seen: dict[str, object] = {}
    for klass in reversed(cls.__mro__):
        seen.update(vars(klass))
    return list(seen.items())


# --------------------------------------------------------------------------- the context


@dataclass
class Context:
    """What a computation sees: its indicator, the edition (programme, year, data folder)
    and, from a build, the validated copies of the edition's files (``checked``:
    ``<source>/<year>`` -> a typed Parquet file), so that no source is read and validated
    twice."""

    indicator: Indicator
    edition: programmes.Edition
    checked: dict[str, Path] = field(default_factory=dict)
    reader: Analysis | None = field(default=None, repr=False)  # the analysis reading now
    _cache: dict[str, dict] = field(default_factory=dict, repr=False)
    _connection: duckdb.DuckDBPyConnection | None = field(default=None, repr=False)

    @property
    def programme(self) -> programmes.Programme:
        return self.edition.programme

    @property
    def policy(self) -> programmes.Policy:
        return self.programme.policy

    @property
    def stats(self) -> stats.Rules:
        return stats.Rules.of(self.policy)

    @property
    def year(self) -> int:
        return self.edition.year

    @property
    def years(self) -> list[int]:
        return self.edition.years

    @property
    def data_dir(self) -> Path:
        return self.edition.data_dir

    def schema(self, source: str) -> sources.Schema:
        return self.programme.schema(source)

    def _declared(self, source: str) -> None:
        """Only the sources the indicator's definition declares: the build's cache keys
        on them. The analysis reading remembers the source (its periods are the page's)."""
        if self.reader is not None:
            self.reader.sources_read.add(source)
        if source not in self.indicator.sources:
            raise DefinitionError(f"Indicator {self.indicator.id} reads source '{source}', "
                                  f"which its file {self.indicator.files[0].name} does not "
                                  f"list under sources.")

    def load(self, source: str) -> dict[int, pd.DataFrame]:
        """Validated data per year, in pandas (years without a file are left out)."""
        self._declared(source)
        if source not in self._cache:
            spec = self.schema(source)
            frames = {}
            for year in self.years:
                checked = self.checked.get(f"{source}/{year}")
                if checked is not None:
                    reads.record(checked, digest=checked.stem)  # named by its content
                    frames[year] = pd.read_parquet(checked)
                else:
                    reads.record(*self._raw(spec, year))
                    if (df := sources.load_year(spec, self.data_dir, year)) is not None:
                        frames[year] = df
            self._cache[source] = frames
        return self._cache[source]

    def scan(self, source: str) -> dict[int, scan.Extract]:
        """Validated extracts per year, queried out of core with DuckDB (national registers)."""
        self._declared(source)
        key = f"scan:{source}"
        if key not in self._cache:
            if self._connection is None:
                self._connection = scan.persistent()
            spec, extracts = self.schema(source), {}
            for year in self.years:
                checked = self.checked.get(f"{source}/{year}")
                if checked is not None:
                    reads.record(checked, digest=checked.stem)  # named by its content
                    extracts[year] = scan.from_parquet(self._connection, checked,
                                                       f"{source}_{year}")
                else:
                    reads.record(*self._raw(spec, year))
                    path = sources.find_file(self.data_dir, year, spec)
                    if path is not None:
                        extracts[year] = scan.validated(self._connection, spec, path, year,
                                                        f"{source}_{year}")
            self._cache[key] = extracts
        return self._cache[key]

    def _raw(self, spec: sources.Schema, year: int) -> list[Path]:
        """The places a year's extract may be, in every format (noted as read: a file
        arriving or leaving changes what is read)."""
        return [self.data_dir / str(year) / f"{spec.file}{suffix}" for suffix in sources.FORMATS]

    def load_some(self, source: str) -> dict[int, pd.DataFrame]:
        """As :meth:`load`; :class:`NoMeasurement` when no year has a file."""
        frames = self.load(source)
        if not frames:
            raise NoMeasurement(f"{self.indicator.id}: source '{source}' has no file for "
                                f"{self.years[0]}–{self.year}.")
        return frames

    def delivery(self, year: int) -> sources.Delivery:
        return self.edition.delivery(year)

    def previous_cells(self) -> dict[tuple, tuple[float, bool]]:
        """The indicator's cells as the previous edition published them (archived by
        ``new-year``): ``(series_key, group_key, year)`` -> (value, withheld)."""
        if "previous" not in self._cache:
            path = previous_cells_path(self.edition)
            reads.record(path)
            cells = {}
            if path.is_file():
                df = pd.read_csv(path, dtype={"indicator": str, "series_key": str,
                                              "group_key": str}, keep_default_na=False,
                                 na_values={"value": [""]})
                df = df[df.indicator == self.indicator.id]
                cells = {(r.series_key, r.group_key, int(r.year)): (float(r.value),
                                                                    bool(r.withheld))
                         for r in df.itertuples()}
            self._cache["previous"] = cells
        return self._cache["previous"]

    def part_years(self, read: set[str], years: set[int]) -> dict[int, str]:
        """Of ``years``, those whose data of the sources ``read`` end before the year does:
        year -> the period (``1 januari–30 november``)."""
        out = {}
        for year in sorted(years):
            ends = [end for s in sorted(read) if (end := self.delivery(year).period_end_text(s))]
            if ends:
                out[year] = f"1 januari–{ends[0]}"
        return out

    @cached_property
    def synthetic(self) -> bool:
        return self.edition.synthetic

    def population(self, expression: str | None, everyone: str = "alla") -> str:
        """A population as a step's note names it: its expression, and the expression
        with the programme's named populations written out where it uses them."""
        if not expression:
            return everyone
        written = expanded(expression, self.programme.populations)
        return expression if written == expression else f"{expression}, det vill säga {written}"

    def select(self, df: pd.DataFrame, expression: str | None) -> pd.Series:
        """Rows matching a population expression (a pandas expression over the columns;
        ``@name`` stands for one of the programme's named populations). An empty cell
        never matches."""
        return evaluate(df, expression, self.programme.populations)


def evaluate(df: pd.DataFrame, expression: str | None, named: dict[str, str]) -> pd.Series:
    """Rows matching a population expression (``@name``: one of ``named``); all rows when
    there is no expression."""
    if not expression:
        return pd.Series(True, index=df.index)
    return _evaluate(df, expression, named, ())


def _evaluate(df: pd.DataFrame, expression: str, named: dict[str, str],
              within: tuple[str, ...]) -> pd.Series:
    local = {}
    for name in dict.fromkeys(re.findall(r"@(\w+)", expression)):
        if name not in named:
            raise DefinitionError(f"population @{name} is not one of the programme's "
                                  f"({', '.join(sorted(named))}).")
        if name in within:
            raise DefinitionError(f"population @{name} refers to itself.")
        local[name] = _evaluate(df, named[name], named, (*within, name))
    try:
        out = df.eval(expression, local_dict=local, engine="python")
    except Exception as exc:
        raise DefinitionError(f"population expression {expression!r}: {exc}") from exc
    if not isinstance(out, pd.Series):
        out = pd.Series(bool(out), index=df.index)
    return out.fillna(False).astype(bool)


def expanded(expression: str, named: dict[str, str]) -> str:
    """A population expression with its named populations (``@name``) written out, as a
    reviewer reads it.

    >>> expanded("@staff & (answered == 1)", {"staff": "role in ['a', 'b']"})
    "(role in ['a', 'b']) & (answered == 1)"
    """
    return re.sub(r"@(\w+)", lambda m: f"({expanded(named[m.group(1)], named)})"
                  if m.group(1) in named else m.group(0), expression)


def unmeasured(ctx: Context) -> IndicatorResult:
    """The page of an indicator the period holds no measurement of."""
    titles = [ctx.schema(s).title for s in ctx.indicator.sources]
    return IndicatorResult(
        indicator=ctx.indicator, year=ctx.year, synthetic=ctx.synthetic,
        programme=ctx.programme, tidy=pd.DataFrame(columns=[*TIDY_COLUMNS, *KEY_COLUMNS]),
        narrative=[f"Det finns inga uppgifter om indikatorn för {text.year_span(ctx.years)}."],
        method=MethodInfo(source=text.join(titles) + "." if titles else ""), headline="",
        summary="inga uppgifter")


# --------------------------------------------------------------------------- definitions


class Combined(Analysis):
    """An indicator whose page joins several computations (its parts): their steps run
    part by part, and the first part gives the headline and status."""

    def __init__(self, ctx: Context, parts: dict[str, Analysis]):
        super().__init__(ctx, {})
        self.parts = parts

    def part(self, name: str) -> Analysis:
        return self.parts[name]

    def result(self) -> IndicatorResult:
        results = [p.result() for p in self.parts.values()]
        measured = [r for r in results if r.measured_years] or results[:1]
        return combine(measured[0], *measured[1:])

    def build(self) -> IndicatorResult:
        return self.result()
