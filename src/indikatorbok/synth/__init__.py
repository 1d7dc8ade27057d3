"""Synthetic data calibrated to the report's published figures.

``generate`` writes every source for each year into ``<out>/<year>/`` plus a
``delivery.yaml`` that marks the data as synthetic. Output is deterministic: the same seed
and scale give byte-identical files. Published figures are read from
``data/reference/published.csv``; everything the report does not publish (group
differences, unpublished years, distributions) is set in the generator modules, following
the directions the report's text states.

Years after the report (``--year 2026``) have no published figures: each source is then
generated as its latest calibrated year, with its own random draws, and moved forward in
time (year columns and dates). Such a year shows the latest published level plus sampling
noise, never a trend.
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from indikatorbok import paths, sources

DEFAULT_SEED = 20260123
SCALES = ("default", "national")


@dataclass(frozen=True)
class Spec:
    """What a generator is asked for."""

    year: int
    seed: int
    scale: str
    final_year: int  # the newest year generated: its partial-year extracts end 30 November
    fraction: float = 1.0  # of the national volumes (national scale only)
    shift: int = 0  # years added to every year and date after generation (years after the report)

    @property
    def calendar_year(self) -> int:
        """The year the generated data is for (``year`` is the year it is calibrated to)."""
        return self.year + self.shift

    def size(self, sizes: dict[str, int]) -> int:
        """Records for this scale: the default size, or the national size times ``fraction``."""
        if self.scale == "default":
            return sizes["default"]
        return max(1, round(sizes["national"] * self.fraction))

    @property
    def period_end(self) -> dt.date:
        return dt.date(self.year, 11, 30) if self.year == self.final_year else dt.date(
            self.year, 12, 31)  # in the calibrated year; shifted with the data

    def rng(self, source: str) -> np.random.Generator:
        """An independent, reproducible stream per (seed, source, year)."""
        return np.random.default_rng([self.seed, self.calendar_year,
                                      zlib.crc32(source.encode())])


def _generators() -> dict[str, Callable[[Spec], pd.DataFrame | None]]:
    from indikatorbok.synth import documents, hr, internal, registers, survey

    return {
        "staff_survey": survey.staff_survey,
        "violence_survey": survey.violence_survey,
        "hr_training": hr.hr_training,
        "parental_benefit": registers.parental_benefit,
        "temporary_parental_benefit": registers.temporary_parental_benefit,
        "child_disability_benefits": registers.child_disability_benefits,
        "close_relative_benefit": registers.close_relative_benefit,
        "sickness_cases": registers.sickness_cases,
        "case_processing": registers.case_processing,
        "sickness_compensation_decisions": registers.sickness_compensation_decisions,
        "case_file_review": registers.case_file_review,
        "documents": documents.documents,
        "internal_reporting": internal.internal_reporting,
        "eservice_visits": internal.eservice_visits,
    }


def survey_design(year: int) -> str:
    """Total surveys up to 2022, sample surveys from 2024 (as in the report)."""
    return "total" if year <= 2022 else "urval"


def write_csv(df: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")


def generate(out: Path, years: list[int], seed: int = DEFAULT_SEED, scale: str = "default",
             progress: Callable[[str], None] | None = None,
             fraction: float = 1.0) -> dict[str, int]:
    """Write all sources for ``years`` into ``out`` (replacing it). Returns rows per file.
    ``fraction`` scales the national register volumes (for benchmarks of growth)."""
    if scale not in SCALES:
        raise ValueError(f"scale must be one of {SCALES}")
    if not 0 < fraction <= 1 or (fraction != 1 and scale != "national"):
        raise ValueError("fraction must be in (0, 1], and differ from 1 only at national scale")
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    counts: dict[str, int] = {}
    for year in years:
        delivery: dict = {"synthetic": True, "seed": seed, "scale": scale, "sources": {}}
        if fraction != 1:
            delivery["fraction"] = fraction
        for source, make in _generators().items():
            start = time.perf_counter()
            spec = spec_for(source, year, seed, scale, max(years), fraction)
            if spec.shift and year not in sources.schema(source).expected_years(max(years)):
                continue
            df = make(spec)
            if df is None:
                continue
            df = plant_canaries(shift_years(df, source, spec.shift), source, spec)
            path = tmp / str(year) / f"{sources.schema(source).file}.csv"
            write_csv(df, path)
            counts[f"{year}/{path.name}"] = len(df)
            info = {}
            if source in sources.PARTIAL_YEAR_SOURCES and spec.period_end.month != 12:
                info["period_end"] = spec.period_end.replace(year=year)
            if source in ("staff_survey", "violence_survey"):
                info["survey_design"] = survey_design(year)
            if info:
                delivery["sources"][source] = info
            if progress:
                progress(f"{year}/{path.name}: {len(df):,} rows "
                         f"({time.perf_counter() - start:.1f} s)")
        text = yaml.safe_dump(delivery, allow_unicode=True, sort_keys=True)
        (tmp / str(year)).mkdir(parents=True, exist_ok=True)
        (tmp / str(year) / sources.DELIVERY_FILE).write_text(text, encoding="utf-8")
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)
    return counts


def last_calibrated_year(source: str) -> int:
    """The newest year the report publishes figures for, less the source's delivery lag."""
    from indikatorbok import reference

    lag = sources.schema(source).expected.get("lag", 0)
    return int(reference.published()["year"].max()) - lag


def spec_for(source: str, year: int, seed: int, scale: str, final_year: int,
             fraction: float) -> Spec:
    """What to generate for ``source`` in ``year``: the year itself while the report has
    figures for it, otherwise the latest calibrated year, shifted forward."""
    shift = max(0, year - last_calibrated_year(source))
    return Spec(year - shift, seed, scale, final_year - shift, fraction, shift)


def shift_years(df: pd.DataFrame, source: str, years: int) -> pd.DataFrame:
    """Move generated data ``years`` forward: the year columns and the dates."""
    if not years:
        return df
    schema = sources.schema(source)
    for name, column in schema.columns.items():
        if column.folder_year or name.endswith("_year"):
            df[name] = df[name] + years
        elif column.type == "date":
            dates = pd.to_datetime(df[name]) + pd.DateOffset(years=years)
            df[name] = dates.dt.date.where(dates.notna(), None)
    return df


# Canaries: unique marker strings planted in identifiers and case-file text. They must never
# reach the book; a test of the published output looks for them.
CANARY = "KANARIE"
CANARIES_PER_COLUMN = 3
FREE_TEXT = {"sickness_cases": "file_text"}


def canary(spec: Spec, source: str, column: str, i: int) -> str:
    key = f"{spec.seed}/{spec.calendar_year}/{source}/{column}/{i}"
    return f"{CANARY}{zlib.crc32(key.encode()):08x}"


def plant_canaries(df: pd.DataFrame, source: str, spec: Spec) -> pd.DataFrame:
    """Replace a few identifiers by canaries (every occurrence, so links between rows hold)
    and add a canary to a few case-file texts."""
    rng = spec.rng(f"canary/{source}")
    for column in sources.schema(source).identifiers:
        values = df[column].drop_duplicates()
        chosen = values.iloc[np.sort(rng.choice(len(values), min(CANARIES_PER_COLUMN,
                                                                  len(values)), replace=False))]
        df[column] = df[column].replace({v: canary(spec, source, column, i)
                                         for i, v in enumerate(chosen)})
    if source in FREE_TEXT:
        column = FREE_TEXT[source]
        rows = np.sort(rng.choice(len(df), min(CANARIES_PER_COLUMN, len(df)), replace=False))
        df.loc[df.index[rows], column] = [f"{df[column].fillna('').iloc[r]} Anteckning "
                                          f"{canary(spec, source, column, i)}."
                                          for i, r in enumerate(rows)]
    return df


def default_years() -> list[int]:
    return list(range(paths.FIRST_YEAR, paths.DEFAULT_YEAR + 1))


def calibrate(n: int, targets: dict[str, float | None]) -> dict[str, int]:
    """Counts of mutually exclusive categories summing to ``n`` whose shares round (half up,
    to whole percent) to the targets. ``None`` marks the category that takes the remainder.

    >>> calibrate(4000, {"equal": 20, "man": 5, "woman": 74})
    {'equal': 814, 'man': 213, 'woman': 2973}
    """
    from fractions import Fraction
    from math import ceil

    from indikatorbok.stats import round_half_up

    half = Fraction(1, 2)
    bounds = {}
    for key, t in targets.items():
        if t is None:
            bounds[key] = (0, n)
        else:  # k/n*100 rounds half up to t  <=>  t - 1/2 <= 100k/n < t + 1/2
            t = Fraction(int(round_half_up(t)))
            bounds[key] = (ceil((t - half) * n / 100), ceil((t + half) * n / 100) - 1)
    counts = {k: (lo + hi) // 2 if targets[k] is not None else lo
              for k, (lo, hi) in bounds.items()}
    free = [k for k, t in targets.items() if t is None]
    if free:
        counts[free[0]] = n - sum(v for k, v in counts.items() if k != free[0])
    diff = n - sum(counts.values())
    movable = [k for k in bounds if targets[k] is not None] or list(bounds)
    while diff:  # spread the rest one at a time, each category within its interval
        moved = False
        for key in movable:
            lo, hi = bounds[key]
            step = 1 if diff > 0 else -1
            if diff and lo <= counts[key] + step <= hi:
                counts[key] += step
                diff -= step
                moved = True
        if not moved:
            break
    if diff or any(not lo <= counts[k] <= hi for k, (lo, hi) in bounds.items()):
        raise ValueError(f"no counts of {n} round to {targets}")
    return counts
