"""Charts readers can explore: for a table with a breakdown (several series or groups), a
Vega-Lite chart made with Altair from the table's own values and compiled to Vega by
vl-convert, so that the page needs only Vega's runtime (``book/_extra/vendor``, the version
vl-convert compiles for). Readers tick which series, groups and years to show, read each
value on hover (a tooltip), on a tap or on keyboard focus (announced, and shown under the
chart), and have the table beside it. Without JavaScript, and in print, the static chart and
the table stand alone: the explorer is hidden until the page's script draws it
(``_static/utforska.js``).

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


def dimension_titles(table: Table) -> dict[str, str]:
    """What the rows and the columns (years, or groups) are, as the chart names them."""
    return {"rad": table.column_label or "Serie", "kolumn": "Grupp" if table.groups else "År"}


def coloured(values: pd.DataFrame) -> str:
    """The dimension drawn in colours: the rows (series or groups), unless they are more
    than the palette keeps distinct and the columns fewer; then the columns, and the rows
    go along the axis."""
    rows, columns = values.rad.nunique(), values.kolumn.nunique()
    return "kolumn" if rows > len(plots.FREE) and columns < rows else "rad"


def filters(values: pd.DataFrame) -> list[tuple[str, str, list[str]]]:
    """The readers' choices: for each dimension with more than one value (colours first),
    the name of its checkboxes' parameters, the field and its values in order."""
    colour = coloured(values)
    dims = [colour, "kolumn" if colour == "rad" else "rad"]
    return [(f"visa_{dim}", dim, list(dict.fromkeys(values[dim]))) for dim in dims
            if values[dim].nunique() > 1]


def chart(result: IndicatorResult, table: Table, values: pd.DataFrame | None = None):
    """The table as an Altair chart: bars per column (or per row, where the rows are too
    many for distinct colours), one colour per series or group, each estimate's confidence
    interval as a line through its bar (where the table gives one), a checkbox for each
    value of each dimension to show or hide it, a tooltip and an accessible description per
    bar (``values``: the table's :func:`frame`, when already made)."""
    import altair as alt

    values = frame(result, table) if values is None else values
    unit, titles = UNITS[table.unit], dimension_titles(table)
    colour = coloured(values)
    along = "kolumn" if colour == "rad" else "rad"
    order = {dim: list(dict.fromkeys(values[dim])) for dim in titles}
    choices = filters(values)
    boxes = [alt.param(name=f"{name}_{i}", value=True,
                       bind=alt.binding_checkbox(name=str(value)))
             for name, _, shown in choices for i, value in enumerate(shown)]
    chosen = " && ".join("(" + " || ".join(f"({name}_{i} && datum.{dim} == {json.dumps(v)})"
                                           for i, v in enumerate(shown)) + ")"
                         for name, dim, shown in choices) or "true"
    # Years or groups along a horizontal axis; the rows, when they are the axis's (too many
    # for colours), down a vertical one, with room for their names and their bars.
    lying = along == "rad"
    Across, Along, Offset = ((alt.X, alt.Y, alt.YOffset) if lying
                             else (alt.Y, alt.X, alt.XOffset))
    categories = Along(f"{along}:N", title=titles[along], sort=order[along],
                       axis=alt.Axis(labelAngle=0, labelLimit=150 if lying else 120))
    base = (alt.Chart(values, description=f"{table.title}. {unit}.")
            .encode(categories, Offset(f"{colour}:N", sort=order[colour]))
            .transform_filter(chosen))
    # One axis whatever is chosen: a series shown alone keeps the scale of all.
    ends = [0.0, *values.varde, *(values.hog.dropna() if "hog" in values else ())]
    domain = [float(min(ends)), float(max(ends))]
    # Whole numbers where the values are, never a label twice (Vega's least step still
    # gives 0, 0.5, 1 on a scale to 1, shown "0, 1, 1": up to ten, every whole number).
    top = math.ceil(domain[1])
    ticks = ({"format": ",d", **({"values": list(range(math.floor(domain[0]), top + 1))}
                                if top <= 10 else {"tickMinStep": 1})}
             if table.unit in ("count", "percent")
             else {"values": [0, 1], "labelExpr": "datum.value == 1 ? 'Ja' : 'Nej'"}
             if table.unit == "flag" else {"format": ",.2~f"})
    bars = base.mark_bar(stroke=plots.TEXT_COLOUR, strokeWidth=0.6).encode(
        Across("varde:Q", title=unit, scale=alt.Scale(domain=domain), axis=alt.Axis(**ticks)),
        color=alt.Color(f"{colour}:N", title=titles[colour], sort=order[colour],
                        scale=alt.Scale(domain=order[colour], range=plots.colours(order[colour])),
                        legend=alt.Legend(orient="top", direction="vertical",
                                          labelLimit={"expr": "max(width - 24, 80)"})),
        tooltip=[alt.Tooltip("rad:N", title=titles["rad"]),
                 alt.Tooltip("kolumn:N", title=titles["kolumn"]),
                 alt.Tooltip("visas:N", title=unit)],
        description=alt.Description("beskrivning:N"),
    ).transform_calculate(beskrivning="datum.rad + ', ' + datum.kolumn + ': ' + datum.visas")
    drawn = bars
    if "lag" in values:  # each estimate's confidence interval, drawn as an interval
        ends = {"x": "lag:Q", "x2": "hog:Q"} if lying else {"y": "lag:Q", "y2": "hog:Q"}
        drawn = alt.layer(bars, base.mark_rule(color=plots.TEXT_COLOUR, strokeWidth=1.5,
                                               aria=False).encode(**ends))
    return (
        drawn
        .add_params(*boxes)
        .properties(width="container", height=max(260, 14 * len(values) + 40) if lying
                    else 260)
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
    the table has no breakdown. Its checkboxes come in groups, each named by what it
    chooses (``data-grupper``: each group's name and number of boxes, in order)."""
    values = frame(result, table)
    if not explorable(values):
        return ""
    data = html.escape(json.dumps(spec(result, table, values), ensure_ascii=False,
                                  sort_keys=True))
    names = dimension_titles(table)
    groups = html.escape(json.dumps([[f"Visa: {names[dim].lower()}", len(shown)]
                                     for _, dim, shown in filters(values)],
                                    ensure_ascii=False))
    title = html.escape(table.title)
    return (f'<details class="utforska" hidden><summary class="utforska-rubrik">'
            f'Utforska diagrammet: {title}</summary>'
            f'<p class="utforska-hjalp">Kryssa i det som ska visas. Tryck på en stapel, håll '
            f'muspekaren över den eller gå till den med tabbtangenten för att läsa av '
            f'värdet.</p>'
            f'<div class="vega-diagram" data-spec="{data}" data-grupper="{groups}"></div>'
            f'<p class="utforska-varde" aria-live="polite"></p></details>')
