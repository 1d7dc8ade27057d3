"""The report's published figures (``data/reference/published.csv``), transcribed by us.

One row per published number: ``indicator, series, group, year, value, unit, n``. ``n`` is
the published number of respondents or cases behind a share, where the report gives it.
Period totals (e.g. participants 2020–2025) carry the period in the series and the last
year in ``year``. Unit ``flag`` marks yes/no table cells (1 = Ja, 0 = Nej).
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from indikatorbok import paths


@cache
def published() -> pd.DataFrame:
    return pd.read_csv(paths.REFERENCE, dtype={"indicator": str, "group": str, "n": "Int64"},
                       keep_default_na=False, na_values={"value": [""], "n": [""]})


@cache
def not_reproduced() -> pd.DataFrame:
    """Published figures the book does not reproduce, each with the reason
    (``data/reference/not_reproduced.csv``)."""
    return pd.read_csv(paths.REFERENCE.with_name("not_reproduced.csv"),
                       dtype={"indicator": str, "group": str}, keep_default_na=False)


def series(indicator: str, series: str, group: str = "") -> dict[int, float]:
    """Published values of one series by year."""
    df = published()
    sel = df[(df.indicator == indicator) & (df.series == series) & (df.group == group)]
    if sel.empty:
        raise KeyError(f"no published figures for {indicator} / {series!r} / {group!r}")
    return dict(zip(sel.year.astype(int), sel.value.astype(float), strict=True))


def n(indicator: str, series: str, group: str = "") -> dict[int, int]:
    """Published numbers of respondents (or cases) of one series by year, where given."""
    df = published()
    sel = df[(df.indicator == indicator) & (df.series == series) & (df.group == group)
             & df.n.notna()]
    return dict(zip(sel.year.astype(int), sel.n.astype(int), strict=True))
