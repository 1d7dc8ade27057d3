"""The report's published figures (``data/reference/published.csv``), transcribed by us."""

from __future__ import annotations

from functools import cache

import pandas as pd

from indikatorbok import paths


@cache
def published() -> pd.DataFrame:
    df = pd.read_csv(paths.REFERENCE, dtype={"indicator": str, "group": str},
                     keep_default_na=False, na_values={"value": [""]})
    return df


def series(indicator: str, series: str, group: str = "") -> dict[int, float]:
    """Published values of one series by year."""
    df = published()
    sel = df[(df.indicator == indicator) & (df.series == series) & (df.group == group)]
    if sel.empty:
        raise KeyError(f"no published figures for {indicator} / {series!r} / {group!r}")
    return dict(zip(sel.year.astype(int), sel.value.astype(float), strict=True))
