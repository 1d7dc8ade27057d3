"""What a kind of indicator is written with, in one place: the analysis in steps and the
context it reads through (:mod:`indikatorbok.indicators`), the page it returns
(:mod:`indikatorbok.result`), and the leaves it computes and writes with. The engine's
builders import from here; a programme's own kinds reach the same names through
:mod:`indikatorbok.api`."""

from __future__ import annotations

from indikatorbok import disclosure, findings, plots, stats, text
from indikatorbok.indicators import (
    Analysis,
    Asked,
    Context,
    DefinitionError,
    NoMeasurement,
    Shown,
    step,
)
from indikatorbok.result import (
    LOWER,
    UPPER,
    Figure,
    IndicatorResult,
    MethodInfo,
    Row,
    Table,
    bars_by_year,
    lookup,
    tidy_rows,
)

__all__ = [
    "LOWER", "UPPER", "Analysis", "Asked", "Context", "DefinitionError", "Figure",
    "IndicatorResult", "MethodInfo", "NoMeasurement", "Row", "Shown", "Table", "bars_by_year",
    "disclosure", "findings", "lookup", "plots", "step", "stats", "text", "tidy_rows",
]
