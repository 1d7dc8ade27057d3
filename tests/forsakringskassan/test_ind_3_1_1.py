"""3.1.1: the word search and the selection of cases."""

import pandas as pd
import pytest

from indikatorbok import builders, scan
from tests.conftest import analysis_on


@pytest.fixture(scope="module")
def analysis(fk):
    return analysis_on(fk, "3.1.1", {})


def selected(analysis, df: pd.DataFrame, year: int) -> pd.DataFrame:
    return scan.from_frame(df).df(analysis.query(year))


def _cases(n: int = 3, **columns) -> pd.DataFrame:
    base = {"case_id": [f"S{i}" for i in range(n)], "sex": "K", "born": "inrikes",
            "diagnosis_group": "ovriga", "file_text": "", "investigation_date": "2025-03-01",
            "case_start": "2025-02-01", "case_end": "2025-04-01"}
    df = pd.DataFrame({k: [v] * n if isinstance(v, str) else v for k, v in base.items()})
    for name, values in columns.items():
        df[name] = values
    for name in ("investigation_date", "case_start", "case_end"):
        df[name] = pd.to_datetime(df[name])
    return df


def test_any_word_containing_vald_counts_in_any_case(analysis):
    texts = ["Frågade om VÅLD i hemmet.", "Våldet upphörde 2019.", "Hon är våldsutsatt.",
             "Utsatt för partnervåld.", "Sexualvåld nämns.", "Tvål och vatten.",
             "Inget om det.", "Vål d.", None]
    cases = selected(analysis, _cases(len(texts), file_text=texts), 2025)
    assert cases["mentions"].tolist() == [True] * 5 + [False] * 4


def test_selection_until_2023_needs_the_case_closed_by_may_2024(analysis):
    df = _cases(investigation_date=["2023-03-01", "2023-03-01", "2022-12-30"],
                case_start=["2023-02-01"] * 3,
                case_end=["2024-05-31", "2024-06-01", "2023-04-01"])
    assert selected(analysis, df, 2023).case_id.tolist() == ["S0"]


def test_selection_from_2024_needs_start_and_end_in_the_year(analysis):
    df = _cases(investigation_date=["2024-03-01"] * 3,
                case_start=["2024-01-01", "2023-12-31", "2024-05-01"],
                case_end=["2024-12-31", "2024-02-01", None])
    assert selected(analysis, df, 2024).case_id.tolist() == ["S0"]


def test_each_chart_stands_with_the_table_of_its_values(fk, synthetic):
    from indikatorbok import report

    result = builders.compute("3.1.1", 2025, synthetic(fk.name, "default"), fk.name)
    page = report.results(result).data
    captions = [t.title for t in result.tables]
    first_chart, by_group_table = page.find("<figure"), page.find(captions[1])
    second_chart = page.find("<figure", first_chart + 1)
    assert first_chart < page.find(captions[0]) < second_chart < by_group_table
    result.figures[1].table = 5
    with pytest.raises(ValueError, match="3.1.1: the chart .* names a table the result does "
                                         "not have"):
        report.results(result)
