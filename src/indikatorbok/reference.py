"""A programme's published figures (``reference/published.csv``), transcribed by us.

One row per published number: ``indicator, series, group, year, value, unit, n``. ``n`` is
the published number of respondents or cases behind a share, where the report gives it.
Period totals (e.g. participants 2020–2025) carry the period in the series and the last
year in ``year``. Unit ``flag`` marks yes/no table cells (1 = Ja, 0 = Nej). A programme
without published figures has no such file.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from indikatorbok.programme import Programme

COLUMNS = ["indicator", "series", "group", "year", "value", "unit", "n"]


def _read(path: Path, **dtypes) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"indicator": str, "group": str, **dtypes},
                       keep_default_na=False, na_values={"value": [""], "n": [""]})


@cache
def _published(path: Path, modified: int | None) -> pd.DataFrame:
    if modified is None:
        return pd.DataFrame(columns=COLUMNS)
    return _read(path, n="Int64")


def published(prog: Programme) -> pd.DataFrame:
    """The published figures, read again when the file changed (a process that builds
    again, the preview's, sees an edit)."""
    path = prog.reference_dir / "published.csv"
    return _published(path, path.stat().st_mtime_ns if path.is_file() else None)


def not_reproduced(prog: Programme) -> pd.DataFrame:
    """Published figures the book does not reproduce, each with the reason
    (``reference/not_reproduced.csv``)."""
    path = prog.reference_dir / "not_reproduced.csv"
    if not path.is_file():
        return pd.DataFrame(columns=["indicator", "series", "group", "year", "value", "reason"])
    return pd.read_csv(path, dtype={"indicator": str, "group": str}, keep_default_na=False)


def ranges(prog: Programme) -> pd.DataFrame:
    """Figures the report gives only as a range (``reference/published_ranges.csv``)."""
    path = prog.reference_dir / "published_ranges.csv"
    if not path.is_file():
        return pd.DataFrame(columns=["indicator", "series", "group", "first_year",
                                     "last_year", "low", "high"])
    return pd.read_csv(path, dtype={"indicator": str, "group": str}, keep_default_na=False)


def series(prog: Programme, indicator: str, series: str, group: str = "") -> dict[int, float]:
    """Published values of one series by year."""
    df = published(prog)
    sel = df[(df.indicator == indicator) & (df.series == series) & (df.group == group)]
    if sel.empty:
        raise KeyError(f"no published figures for {indicator} / {series!r} / {group!r}")
    return dict(zip(sel.year.astype(int), sel.value.astype(float), strict=True))


def n(prog: Programme, indicator: str, series: str, group: str = "") -> dict[int, int]:
    """Published numbers of respondents (or cases) of one series by year, where given."""
    df = published(prog)
    sel = df[(df.indicator == indicator) & (df.series == series) & (df.group == group)
             & df.n.notna()]
    return dict(zip(sel.year.astype(int), sel.n.astype(int), strict=True))
