"""Back-test: the indicators, computed from the synthetic data, reproduce the report.

Every indicator with published figures is listed. Those without a definition yet are
strict expected failures: implementing one turns it into a pass, and the strict marker then
asks for it to be taken off this list, so coverage can only grow.
"""

import pandas as pd
import pytest

from indikatorbok import indicators, paths, reference

IMPLEMENTED = indicators.implemented()
PUBLISHED = sorted(reference.published().indicator.unique(),
                   key=lambda i: tuple(int(p) for p in i.split(".")))


@pytest.fixture(scope="module")
def computed(synthetic_dir) -> pd.DataFrame:
    frames = [indicators.compute(i, 2025, synthetic_dir).published() for i in IMPLEMENTED]
    return pd.concat(frames, ignore_index=True)


@pytest.mark.parametrize("indicator", [
    i if i in IMPLEMENTED else pytest.param(
        i, marks=pytest.mark.xfail(strict=True, reason="no definition module yet"))
    for i in PUBLISHED
])
def test_every_published_figure_is_reproduced(computed, indicator):
    published = reference.published()
    expected = published[published.indicator == indicator]
    exempt = reference.not_reproduced()
    expected = expected.merge(exempt[["indicator", "series", "group", "year"]], how="left",
                              indicator="_exempt").query("_exempt == 'left_only'")
    expected = expected.drop(columns="_exempt")
    merged = expected.merge(computed, on=["indicator", "series", "group", "year", "unit"],
                            how="left", suffixes=("_published", "_computed"))
    missing = merged[merged.value_computed.isna()]
    assert missing.empty, f"not computed:\n{missing.to_string()}"
    pd.testing.assert_series_equal(merged.value_computed.astype(float),
                                   merged.value_published.astype(float), check_names=False)
    with_n = merged[merged.n_published.notna()]
    pd.testing.assert_series_equal(with_n.n_computed.astype("Int64"),
                                   with_n.n_published.astype("Int64"), check_names=False)


def test_figures_listed_as_not_reproduced_really_differ(computed):
    """Each documented exception must still be an exception, with a reason."""
    exempt = reference.not_reproduced()
    merged = exempt.merge(computed, on=["indicator", "series", "group", "year"], how="left",
                          suffixes=("_published", "_computed"))
    assert merged.reason.str.len().gt(20).all()
    assert (merged.value_computed != merged.value_published).all()


RANGES = pd.read_csv(paths.REFERENCE.with_name("published_ranges.csv"),
                     dtype={"indicator": str, "group": str}, keep_default_na=False)


def test_every_implemented_indicator_has_published_figures():
    assert set(IMPLEMENTED) <= set(PUBLISHED) | set(RANGES.indicator)


@pytest.mark.parametrize("row", RANGES.to_dict("records"),
                         ids=lambda r: f"{r['indicator']}-{r['group'] or 'total'}")
def test_figures_published_as_a_range_fall_in_it(computed, row):
    """Where the report gives only a range ("5 till 10 per år", "mellan 16 och 21
    procent"), every computed year lies in it."""
    sel = computed[(computed.indicator == row["indicator"]) & (computed.series == row["series"])
                   & (computed.group == row["group"])
                   & computed.year.between(row["first_year"], row["last_year"])]
    assert len(sel) == row["last_year"] - row["first_year"] + 1
    assert sel.value.between(row["low"], row["high"]).all(), sel


def test_reference_table_is_tidy():
    df = reference.published()
    assert list(df.columns) == ["indicator", "series", "group", "year", "value", "unit", "n"]
    assert not df.duplicated(["indicator", "series", "group", "year"]).any()
    assert set(df.unit) <= {"percent", "count", "flag"}
    assert df.year.between(2020, 2025).all()
