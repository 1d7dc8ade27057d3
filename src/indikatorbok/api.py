"""The public surface for a programme's own code: its kinds (``kinds/<kind>.py``) and its
synthetic-data generators (``synth/*.py``) import from here and from nowhere else in the
package (a test checks it), so that the engine may change behind these names. The names
a kind is written with are the engine's builders' own (:mod:`indikatorbok.kit`).

A kind is a subclass of :class:`Analysis` named ``Analysis`` in its file, with its steps
marked by :func:`step`; it returns an :class:`IndicatorResult`. A generator takes a
:class:`Spec` and returns a frame of one source's records.
"""

from __future__ import annotations

from indikatorbok import regression
from indikatorbok.builders.facts import known, paragraph
from indikatorbok.builders.shares import WITHHELD_REASON, Shares
from indikatorbok.kit import (
    Analysis,
    DefinitionError,
    Figure,
    IndicatorResult,
    MethodInfo,
    NoMeasurement,
    Row,
    Shown,
    Table,
    findings,
    lookup,
    plots,
    stats,
    step,
    text,
    tidy_rows,
)
from indikatorbok.scan import Extract
from indikatorbok.stats import calibrate

FOR_GENERATORS = ("Spec", "bound", "sampling")  # loaded when asked for (see __getattr__)
__all__ = [
    "WITHHELD_REASON",
    "Analysis",
    "DefinitionError",
    "Extract",
    "Figure",
    "IndicatorResult",
    "MethodInfo",
    "NoMeasurement",
    "Row",
    "Shares",
    "Shown",
    "Table",
    "calibrate",
    "findings",
    "known",
    "lookup",
    "paragraph",
    "plots",
    "regression",
    "stats",
    "step",
    "text",
    "tidy_rows",
    *FOR_GENERATORS,
]


def __getattr__(name: str):
    """``Spec``, ``bound`` and ``sampling``, for the synthetic-data generators, loaded when
    asked for: the notebooks, which load the kinds, never load the generator."""
    if name in FOR_GENERATORS:
        from indikatorbok import synth

        return getattr(synth, name)
    raise AttributeError(f"module 'indikatorbok.api' has no attribute {name!r}")
