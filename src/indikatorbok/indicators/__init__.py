"""Indicator definitions: one module per indicator, ``ind_<id with underscores>.py``.

Each module exposes ``compute(ctx: Context) -> IndicatorResult`` and keeps the definition
(which records, which answers count, how it is rounded) in small pure functions that the
tests exercise directly.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import duckdb
import pandas as pd

from indikatorbok import catalog, paths, scan, sources
from indikatorbok.catalog import Indicator
from indikatorbok.result import IndicatorResult


@dataclass
class Context:
    """One edition's view of the data: the year, the data folder, validated sources."""

    indicator: Indicator
    year: int
    data_dir: Path
    _cache: dict[str, dict] = field(default_factory=dict, repr=False)
    _connection: duckdb.DuckDBPyConnection | None = field(default=None, repr=False)

    @property
    def years(self) -> list[int]:
        return list(range(paths.FIRST_YEAR, self.year + 1))

    def _declared(self, source: str) -> None:
        """Only the sources the catalog declares for the indicator: the build's cache keys
        on them."""
        if source not in self.indicator.sources:
            raise ValueError(f"Indicator {self.indicator.id} reads source '{source}', which its "
                             f"entry in {paths.CATALOG.name} does not list under sources.")

    def load(self, source: str) -> dict[int, pd.DataFrame]:
        """Validated data per year, in pandas (years without a file are left out)."""
        self._declared(source)
        if source not in self._cache:
            self._cache[source] = sources.load(source, self.data_dir, self.years)
        return self._cache[source]

    def scan(self, source: str) -> dict[int, scan.Extract]:
        """Validated extracts per year, queried out of core with DuckDB (national registers)."""
        self._declared(source)
        key = f"scan:{source}"
        if key not in self._cache:
            if self._connection is None:
                self._connection = scan.connect()
            self._cache[key] = scan.scan(self._connection, source, self.data_dir, self.years)
        return self._cache[key]

    def load_some(self, source: str) -> dict[int, pd.DataFrame]:
        """As :meth:`load`, but an error naming the source when no year has a file."""
        frames = self.load(source)
        if not frames:
            raise sources.DataError(f"{self.indicator.id}: source '{source}' has no file for "
                                    f"{self.years[0]}–{self.year}.")
        return frames

    def delivery(self, year: int) -> sources.Delivery:
        return sources.delivery(self.data_dir, year)

    @cached_property
    def synthetic(self) -> bool:
        return sources.is_synthetic(self.data_dir, self.years)


def module_for(indicator_id: str):
    return importlib.import_module(f"indikatorbok.indicators.ind_{indicator_id.replace('.', '_')}")


def implemented() -> list[str]:
    """Ids of the indicators that have a definition module, in catalog order (found without
    importing them)."""
    return [ind.id for ind in catalog.load().indicators.values()
            if importlib.util.find_spec(f"{__name__}.ind_{ind.slug}") is not None]


def compute(indicator_id: str, year: int = paths.DEFAULT_YEAR,
            data_dir: str | Path | None = None) -> IndicatorResult:
    """Compute an indicator for the edition ``year`` from the data in ``data_dir``."""
    ctx = Context(catalog.load()[indicator_id], int(year),
                  paths.resolve(data_dir, paths.DEFAULT_DATA))
    if not ctx.data_dir.is_dir():
        raise sources.DataError(f"Data folder {ctx.data_dir} does not exist.")
    return module_for(indicator_id).compute(ctx)
