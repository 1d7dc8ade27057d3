"""3.1.1: the word search and the selection of cases."""

import pandas as pd

from indikatorbok.indicators import ind_3_1_1 as ind


def test_any_word_beginning_with_vald_counts_in_any_case():
    texts = pd.DataFrame({"file_text": ["Frågade om VÅLD i hemmet.", "Våldet upphörde 2019.",
                                        "Hon är våldsutsatt.", "Tvål och vatten.",
                                        "Inget om det.", None]})
    assert ind.mentions_violence(texts).tolist() == [True, True, True, False, False, False]


def _cases(**columns) -> pd.DataFrame:
    return pd.DataFrame({k: pd.to_datetime(v) for k, v in columns.items()})


def test_selection_until_2023_needs_the_case_closed_by_may_2024():
    df = _cases(investigation_date=["2023-03-01", "2023-03-01", "2022-12-30"],
                case_start=["2023-02-01"] * 3,
                case_end=["2024-05-31", "2024-06-01", "2023-04-01"])
    assert ind.selected(df, 2023).index.tolist() == [0]


def test_selection_from_2024_needs_start_and_end_in_the_year():
    df = _cases(investigation_date=["2024-03-01"] * 3,
                case_start=["2024-01-01", "2023-12-31", "2024-05-01"],
                case_end=["2024-12-31", "2024-02-01", None])
    assert ind.selected(df, 2024).index.tolist() == [0]
