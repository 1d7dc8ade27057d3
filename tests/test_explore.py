"""Charts to explore: made from a table's own values, with checkboxes for its series, groups
and years, distinct colours, a description of every bar, Swedish numbers, and hidden until
the page's script draws them."""

import json
import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indikatorbok import builders, explore, plots
from indikatorbok.result import lookup


@pytest.fixture(scope="module")
def result(fk, synthetic):
    return builders.compute("1.1.1", 2025, synthetic(fk.name, "default"), fk.name)


def test_the_chart_shows_the_tables_values_and_leaves_out_what_it_cannot_show(result):
    table = result.tables[0]
    values = explore.frame(result, table)
    cells = [(row, group, year) for row in table.rows for group, year in table.cells(row)]
    shown = [c for c in cells
             if not math.isnan(lookup(result.tidy, c[0].series_key, c[2], c[1]))]
    assert len(values) == len(shown) and len(shown) > 0
    assert not values.varde.isna().any()
    assert set(values.rad) == {r.label for r, _, _ in shown}


def test_readers_choose_what_is_shown_and_each_bar_describes_itself(result):
    table = result.tables[0]
    spec = explore.spec(result, table)
    values = explore.frame(result, table)
    boxes = [s for s in spec["signals"] if s.get("bind", {}).get("input") == "checkbox"]
    # A checkbox, ticked, for each value of each dimension with more than one.
    wanted = [str(v) for dim in ("rad", "kolumn") if values[dim].nunique() > 1
              for v in dict.fromkeys(values[dim])]
    assert sorted(b["bind"]["name"] for b in boxes) == sorted(wanted)
    assert all(b["value"] is True for b in boxes)
    bars = spec["marks"][0]["encode"]["update"]
    assert "description" in bars and "tooltip" in bars
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    assert spec == explore.spec(result, table)  # the same page for the same values
    y = next(s for s in spec["scales"] if s["name"] == "y")  # one axis whatever is chosen
    assert y["domain"] == [0.0, explore.frame(result, table).varde.max()]


def test_the_chart_is_valid_vega_lite(result):
    chart = explore.chart(result, result.tables[0])
    chart.to_dict(validate=True)  # raises on any property the schema does not allow
    broken = chart.copy()
    broken.mark = {"type": "bar", "strokeWidth": "thin"}
    with pytest.raises(Exception, match="strokeWidth"):
        broken.to_dict(validate=True)


def test_a_table_without_a_breakdown_has_no_chart_to_explore(result):
    other = next(t for t in result.tables if t.title == "Andra svar")  # one series
    assert explore.explorer_html(result, other) == ""
    page = explore.explorer_html(result, result.tables[0])
    assert page.startswith('<details class="utforska" hidden>')
    spec = json.loads(page.split('data-spec="')[1].split('"')[0].replace("&quot;", '"')
                      .replace("&#x27;", "'").replace("&amp;", "&"))
    assert spec["$schema"].endswith("vega/v6.json")


def test_the_pages_vega_is_the_version_the_charts_are_compiled_for():
    import re

    import vl_convert

    from indikatorbok import paths

    runtime = (paths.BOOK / "_extra" / "vendor" / "vega.min.js").read_text(encoding="utf-8")
    assert re.search(r'version="([\d.]+)"', runtime).group(1) == vl_convert.get_vega_version()


def test_confidence_intervals_are_drawn_as_intervals_around_their_estimates(fk, synthetic):
    """An odds ratio's bounds are not bars of their own: each estimate carries them, drawn
    as a line through its bar and said in its description."""
    odds = builders.compute("1.3.2", 2025, synthetic(fk.name, "default"), fk.name)
    table = next(t for t in odds.tables if t.interval)
    values = explore.frame(odds, table)
    assert set(values.kolumn) == {table.groups["or"]}  # no column of bounds
    assert (values.lag <= values.varde).all() and (values.varde <= values.hog).all()
    assert values.visas.str.contains("KI").all()
    spec = explore.spec(odds, table)
    assert {m["type"] for m in spec["marks"]} >= {"rect", "rule"}
    explore.chart(odds, table).to_dict(validate=True)


def test_a_survey_share_is_explored_with_its_interval_per_group(result):
    """Survey shares carry their confidence intervals: one estimate per group, each with
    its bounds around it, in the table, the chart and the tidy figures."""
    table = next(t for t in result.tables if t.interval)
    values = explore.frame(result, table)
    assert explore.explorable(values) and set(values.kolumn) == set(table.groups.values())
    assert (values.lag <= values.varde).all() and (values.varde <= values.hog).all()
    bounds = result.tidy[result.tidy.series_key.isin(table.interval)]
    shown = result.tidy[(result.tidy.series_key == "andel") & result.tidy.value.notna()]
    assert len(bounds.dropna(subset=["value"])) == 2 * len(shown)


@settings(max_examples=40, deadline=None)
@given(rows=st.integers(1, 14), columns=st.integers(1, 8))
def test_the_colours_of_a_chart_to_explore_stay_distinct(rows, columns):
    """Whatever the breakdown, the dimension in colour has no colour twice (where either
    dimension is few enough for the palette), and one checkbox stands for each value."""
    values = pd.DataFrame([{"rad": f"Grupp {r}", "kolumn": str(2020 + c), "varde": 1.0,
                            "visas": "1"} for r in range(rows) for c in range(columns)])
    dim = explore.coloured(values)
    shown = list(dict.fromkeys(values[dim]))
    if min(rows, columns) <= len(plots.FREE):
        assert len(set(plots.colours(shown))) == len(shown)
    assert {d for _, d, _ in explore.filters(values)} == {
        d for d in ("rad", "kolumn") if values[d].nunique() > 1}
