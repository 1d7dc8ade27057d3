"""Back-test: each programme's indicators, computed from its synthetic data, reproduce the
figures its source document publishes (``reference/published.csv``), except those listed
with a reason in ``reference/not_reproduced.csv``; figures published only as a range fall
in it (``reference/published_ranges.csv``)."""

import pandas as pd
import pytest

from indikatorbok import builders, programme, reference
from tests.conftest import PROGRAMMES, checked_copies

WITH_FIGURES = [n for n in PROGRAMMES if len(reference.published(programme.load(n)))]
KEY = ["indicator", "series", "group", "year"]


@pytest.fixture(scope="module")
def computed(synthetic):
    """Every indicator of a programme, computed once per worker."""
    def of(name: str) -> pd.DataFrame:
        prog, data = programme.load(name), synthetic(name)
        copies = checked_copies(prog, data)  # each file validated once, as in a build
        frames = [builders.analysis(i, prog.default_year, data, name, checked=copies)
                  .result().published() for i in prog.catalog.computed()]
        return pd.concat(frames, ignore_index=True)

    cached: dict[str, pd.DataFrame] = {}

    def get(name: str) -> pd.DataFrame:
        if name not in cached:
            cached[name] = of(name)
        return cached[name]

    return get


def published_ids(name: str) -> list[tuple[str, str]]:
    from indikatorbok.catalog import id_order

    ids = sorted(reference.published(programme.load(name)).indicator.unique(), key=id_order)
    return [(name, i) for i in ids]


@pytest.mark.parametrize(("name", "indicator"),
                         [p for n in WITH_FIGURES for p in published_ids(n)])
def test_every_published_figure_is_reproduced(computed, name, indicator):
    prog = programme.load(name)
    published = reference.published(prog)
    expected = published[published.indicator == indicator]
    exempt = reference.not_reproduced(prog)
    expected = expected.merge(exempt[KEY], how="left", indicator="_exempt").query(
        "_exempt == 'left_only'").drop(columns="_exempt")
    merged = expected.merge(computed(name), on=[*KEY, "unit"], how="left",
                            suffixes=("_published", "_computed"))
    missing = merged[merged.value_computed.isna()]
    assert missing.empty, f"not computed:\n{missing.to_string()}"
    pd.testing.assert_series_equal(merged.value_computed.astype(float),
                                   merged.value_published.astype(float), check_names=False)
    with_n = merged[merged.n_published.notna()]
    pd.testing.assert_series_equal(with_n.n_computed.astype("Int64"),
                                   with_n.n_published.astype("Int64"), check_names=False)


@pytest.mark.parametrize("name", WITH_FIGURES)
def test_figures_listed_as_not_reproduced_really_differ(computed, name):
    """Each documented exception must still be an exception, with a reason."""
    exempt = reference.not_reproduced(programme.load(name))
    merged = exempt.merge(computed(name), on=KEY, how="left",
                          suffixes=("_published", "_computed"))
    assert merged.reason.str.len().gt(20).all()
    assert (merged.value_computed != merged.value_published).all()


@pytest.mark.parametrize("name", WITH_FIGURES)
def test_every_computed_indicator_has_published_figures(name):
    prog = programme.load(name)
    known = set(reference.published(prog).indicator) | set(reference.ranges(prog).indicator)
    assert set(prog.catalog.computed()) <= known


@pytest.mark.parametrize(("name", "row"), [
    (n, r) for n in WITH_FIGURES
    for r in reference.ranges(programme.load(n)).to_dict("records")],
    ids=lambda v: v if isinstance(v, str) else f"{v['indicator']}-{v['group'] or 'total'}")
def test_figures_published_as_a_range_fall_in_it(computed, name, row):
    """Where the document gives only a range ("5 till 10 per år", "mellan 16 och 21
    procent"), every computed year lies in it, unless the book withholds the value so that
    a group too small to show cannot be recovered from the others (the document's range
    covers groups the book does not show one by one)."""
    c = computed(name)
    sel = c[(c.indicator == row["indicator"]) & (c.series == row["series"])
            & (c.group == row["group"]) & c.year.between(row["first_year"], row["last_year"])]
    assert len(sel) == row["last_year"] - row["first_year"] + 1
    shown = sel[~sel.withheld.astype(bool)]
    assert shown.value.between(row["low"], row["high"]).all(), sel


@pytest.mark.parametrize("name", WITH_FIGURES)
def test_reference_table_is_tidy(name):
    prog = programme.load(name)
    df = reference.published(prog)
    assert list(df.columns) == reference.COLUMNS
    assert not df.duplicated(KEY).any()
    assert set(df.unit) <= {"percent", "count", "flag"}
    assert df.year.between(prog.first_year, prog.default_year).all()
