"""Keyword reviews: what counts as mentioning a theme, and documents missing from the data."""

import pandas as pd
import pytest

from indikatorbok import builders, sources
from tests.conftest import analysis_on


def test_keywords_match_in_any_case_and_only_as_words_where_anchored(fk):
    violence, equal_use = analysis_on(fk, "3.2.4", {}), analysis_on(fk, "2.2.4", {})
    assert violence.mentions("Frågor om VÅLD i nära relationer")
    assert violence.mentions("våldsutsatta personer")
    assert not violence.mentions("Ansökan om bostadsbidrag")
    assert equal_use.mentions("Texten talar om den andra föräldern.")
    assert not equal_use.mentions("")


def test_a_document_in_the_scope_but_not_in_the_data_is_an_error(synthetic_dir, tmp_path):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(synthetic_dir, data)
    path = data / "2025" / "documents.csv"
    df = pd.read_csv(path)
    df[df.owner != "foraldrapenning"].to_csv(path, index=False)
    with pytest.raises(sources.DataError, match="vägledning för Föräldrapenning"):
        builders.compute("2.2.4", 2025, data, "forsakringskassan")
