"""Charts readers can explore: for a table with a breakdown (several series or groups), a
Vega-Lite chart made with Altair from the table's own values and compiled to Vega by
vl-convert, so that the page needs only Vega's runtime (``book/_extra/vendor``, the version
vl-convert compiles for). Readers choose which series or group to show, read each value on
hover (a tooltip) or on keyboard focus (announced, and shown under the chart), and have the
table beside it. Without JavaScript, and in print, the static chart and the table stand
alone: the explorer is hidden until the page's script draws it (``_static/utforska.js``).

``vega.min.js`` is Vega 6.2.0 (BSD-3-Clause, ``LICENSE-vega`` beside it), published as an
extra file that the script fetches when a reader first opens a chart. It must be the version
vl-convert compiles for (``tests/test_explore.py`` checks it): to update it, install that
version from npm (``npm install vega@<version>``) and copy ``node_modules/vega/build/
vega.min.js`` into ``book/_extra/vendor``.
"""

from __future__ import annotations

import html
import json
import math

import pandas as pd

from indikatorbok import plots
from indikatorbok.result import (
    UNITS,
    IndicatorResult,
    Table,
    cell,
    lookup,
    measured_columns,
    row_label,
)

ALL = "Alla"
FONT_PX = 12  # every text in the chart (the book's least for figures is 11 px)
# Swedish numbers in axes and tooltips: decimal comma, a space between thousands.
LOCALE = {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", " kr"]}


def frame(result: IndicatorResult, table: Table) -> pd.DataFrame:
    """The table's values, one row per cell with a value (withheld and missing cells are
    left out, as the chart cannot show them): series or group, column, value, and the value
    as the table shows it; where the table gives confidence intervals (``Table.interval``),
    each estimate with its bounds (``lag``, ``hog``) and no row or column of bounds."""
    table = measured_columns(result, table)
    bounds = table.interval or ()
    by_rows = bool(bounds) and bounds[0] in {r.series_key for r in table.rows}
    rows, limits = [], {}
    for row in table.rows:
        label = row.label or row_label(result, row)
        for header, (group, year) in zip(table.headers, table.cells(row), strict=True):
            value = lookup(result.tidy, row.series_key, year, group)
            bound = row.series_key if by_rows else group
            if bound in bounds:  # kept beside its estimate: the same column, or row
                limits[(header if by_rows else label, bounds.index(bound))] = value
            elif not math.isnan(value):
                rows.append({"rad": label, "kolumn": header, "varde": float(value),
                             "visas": cell(value, table.unit)})
    out = pd.DataFrame(rows, columns=["rad", "kolumn", "varde", "visas"])
    if bounds:
        key = out.kolumn if by_rows else out.rad
        out["lag"] = [limits.get((k, 0), math.nan) for k in key]
        out["hog"] = [limits.get((k, 1), math.nan) for k in key]
        out["visas"] += [f" (KI {cell(lo, table.unit)}–{cell(hi, table.unit)})"
                         if not (math.isnan(lo) or math.isnan(hi)) else ""
                         for lo, hi in zip(out.lag, out.hog, strict=True)]
    return out


def explorable(values: pd.DataFrame) -> bool:
    """Values (of :func:`frame`) with a breakdown to choose from: at least two series or
    groups, and more than two values; or estimates with their confidence intervals in at
    least three columns (e.g. a share per group)."""
    if "lag" in values and values.kolumn.nunique() >= 3:
        return True
    return values.rad.nunique() >= 2 and len(values) >= 3


def chart(result: IndicatorResult, table: Table, values: pd.DataFrame | None = None):
    """The table as an Altair chart: bars per column, one colour per series or group, each
    estimate's confidence interval as a line through its bar (where the table gives one), a
    menu to show one of them or all, a tooltip and an accessible description per bar
    (``values``: the table's :func:`frame`, when already made)."""
    import altair as alt

    values = frame(result, table) if values is None else values
    labels = list(dict.fromkeys(values.rad))
    unit = UNITS[table.unit]
    shown = alt.param(name="visa", value=ALL, bind=alt.binding_select(
        options=[ALL, *labels], name="Visa "))
    column = "År" if not table.groups else "Grupp"  # the columns: years, or groups
    x = alt.X("kolumn:N", title=column, sort=list(dict.fromkeys(values.kolumn)),
              axis=alt.Axis(labelAngle=0, labelLimit=120))
    base = (alt.Chart(values, description=f"{table.title}. {unit}.")
            .encode(x=x, xOffset=alt.XOffset("rad:N", sort=labels))
            .transform_filter(f"visa == '{ALL}' || datum.rad == visa"))
    # One axis for every choice in the menu: a series shown alone keeps the scale of all.
    ends = [0.0, *values.varde, *(values.hog.dropna() if "hog" in values else ())]
    domain = [float(min(ends)), float(max(ends))]
    # Whole numbers where the values are (never a label twice: 0, 1, 1).
    ticks = ({"tickMinStep": 1, "format": ",d"} if table.unit in ("count", "percent")
             else {"format": ",.2~f"})
    bars = base.mark_bar(stroke=plots.TEXT_COLOUR, strokeWidth=0.6).encode(
        y=alt.Y("varde:Q", title=unit, scale=alt.Scale(domain=domain), axis=alt.Axis(**ticks)),
        color=alt.Color("rad:N", title=table.column_label or None, sort=labels, scale=alt.Scale(
            domain=labels, range=plots.colours(labels)), legend=alt.Legend(
            orient="top", direction="vertical", labelLimit=320)),
        tooltip=[alt.Tooltip("rad:N", title=table.column_label or "Serie"),
                 alt.Tooltip("kolumn:N", title=column),
                 alt.Tooltip("visas:N", title=unit)],
        description=alt.Description("beskrivning:N"),
    ).transform_calculate(beskrivning="datum.rad + ', ' + datum.kolumn + ': ' + datum.visas")
    drawn = bars
    if "lag" in values:  # each estimate's confidence interval, drawn as an interval
        drawn = alt.layer(bars, base.mark_rule(color=plots.TEXT_COLOUR, strokeWidth=1.5,
                                               aria=False).encode(y="lag:Q", y2="hog:Q"))
    return (
        drawn
        .add_params(shown)
        .properties(width="container", height=260)
        .configure(font="DejaVu Sans, sans-serif", locale={"number": LOCALE})
        .configure_axis(labelFontSize=FONT_PX, titleFontSize=FONT_PX, labelColor=plots.TEXT_COLOUR,
                        titleColor=plots.TEXT_COLOUR)
        .configure_legend(labelFontSize=FONT_PX, titleFontSize=FONT_PX,
                          labelColor=plots.TEXT_COLOUR)
        .configure_view(stroke=None)
    )


def spec(result: IndicatorResult, table: Table, values: pd.DataFrame | None = None) -> dict:
    """The :func:`chart` compiled to Vega. Altair's check of the Vega-Lite schema (about a
    third of an explorer's time) is left to the tests: the chart's shape is this code's,
    only its values come from the data."""
    import vl_convert

    lite = chart(result, table, values).to_dict(validate=False)
    return vl_convert.vegalite_to_vega(lite, vl_version="6.4")


def explorer_html(result: IndicatorResult, table: Table) -> str:
    """The explorer of a table (hidden until the page's script draws it), or nothing when
    the table has no breakdown."""
    values = frame(result, table)
    if not explorable(values):
        return ""
    data = html.escape(json.dumps(spec(result, table, values), ensure_ascii=False,
                                  sort_keys=True))
    title = html.escape(table.title)
    return (f'<details class="utforska" hidden><summary class="utforska-rubrik">'
            f'Utforska diagrammet: {title}</summary>'
            f'<p class="utforska-hjalp">Välj vad som visas i menyn. Tryck på en stapel, håll '
            f'muspekaren över den eller gå till den med tabbtangenten för att läsa av '
            f'värdet.</p>'
            f'<div class="vega-diagram" data-spec="{data}"></div>'
            f'<p class="utforska-varde" aria-live="polite"></p></details>')
