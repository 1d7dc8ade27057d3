"""Keyword reviews: what counts as mentioning a theme, and documents missing from the data."""

import pandas as pd
import pytest

from indikatorbok import catalog, sources
from indikatorbok.indicators import Context, ind_2_2_4, ind_3_2_4


def test_keywords_match_in_any_case_and_only_as_words_where_anchored():
    assert ind_3_2_4.SPEC.mentions("Frågor om VÅLD i nära relationer")
    assert ind_3_2_4.SPEC.mentions("våldsutsatta personer")
    assert not ind_3_2_4.SPEC.mentions("Ansökan om bostadsbidrag")
    assert ind_2_2_4.SPEC.mentions("Texten talar om den andra föräldern.")
    assert not ind_2_2_4.SPEC.mentions("")


def test_a_document_in_the_scope_but_not_in_the_data_is_an_error(synthetic_dir, tmp_path):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(synthetic_dir, data)
    path = data / "2025" / "documents.csv"
    df = pd.read_csv(path)
    df[df.owner != "foraldrapenning"].to_csv(path, index=False)
    ctx = Context(catalog.load()["2.2.4"], 2025, data)
    with pytest.raises(sources.DataError, match="vägledning för Föräldrapenning"):
        ind_2_2_4.compute(ctx)
