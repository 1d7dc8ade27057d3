"""The data contract: readers for agency exports and validation with readable errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from indikatorbok import sources
from indikatorbok.programme import load
from tests.conftest import PROGRAMMES

FK = load("forsakringskassan")


@pytest.fixture
def data(synthetic_dir, tmp_path) -> Path:
    """A private copy of the synthetic data to corrupt."""
    out = tmp_path / "data"
    shutil.copytree(synthetic_dir, out)
    return out


def survey(data: Path, year: int = 2025) -> pd.DataFrame:
    return pd.read_csv(data / str(year) / "staff_survey.csv", dtype=str, keep_default_na=False)


def write(df: pd.DataFrame, data: Path, year: int = 2025, name: str = "staff_survey.csv",
          **kw) -> Path:
    path = data / str(year) / name
    df.to_csv(path, index=False, **kw)
    return path


def error(data: Path, source: str = "staff_survey", year: int = 2025) -> str:
    with pytest.raises(sources.DataError) as exc:
        sources.load_year(FK.schema(source), data, year)
    return str(exc.value)


class TestSchema:
    def test_every_source_has_a_contract(self):
        assert {"staff_survey", "hr_training", "parental_benefit"} <= set(FK.sources())

    def test_expected_years(self):
        assert FK.schema("staff_survey").expected_years(2025) == [2020, 2021, 2022, 2025]
        assert FK.schema("parental_benefit").expected_years(2025) == [2020, 2021, 2022,
                                                                            2023]


class TestReaders:
    def test_shipped_data_is_valid(self, synthetic_dir):
        df = sources.load_year(FK.schema("staff_survey"), synthetic_dir, 2025)
        assert len(df) == 4720 and df["year"].eq(2025).all()

    def test_semicolon_and_decimal_comma(self, data):
        df = pd.read_csv(data / "2023/parental_benefit.csv", dtype=str)
        path = data / "2023/parental_benefit.csv"
        df.assign(days=df.days.str.replace(".", ",", regex=False)).to_csv(path, sep=";",
                                                                          index=False)
        assert ";" in path.read_text().splitlines()[0]
        got = sources.load_year(FK.schema("parental_benefit"), data, 2023)
        assert got["days"].sum() == pytest.approx(pd.to_numeric(df.days).sum())

    def test_windows_1252(self, data):
        df = survey(data)
        write(df, data, encoding="cp1252")
        got = sources.load_year(FK.schema("staff_survey"), data, 2025)
        assert "handläggare" in set(got["role"]) and "övrig" in set(got["role"])

    def test_excel_export(self, data):
        df = survey(data)
        (data / "2025/staff_survey.csv").unlink()
        df.to_excel(data / "2025/staff_survey.xlsx", index=False)
        got = sources.load_year(FK.schema("staff_survey"), data, 2025)
        assert len(got) == len(df) and got["risk_contact"].sum() > 0

    def test_parquet_export(self, data):
        df = pd.read_csv(data / "2024/hr_training.csv")
        (data / "2024/hr_training.csv").unlink()
        df.to_parquet(data / "2024/hr_training.parquet", index=False)
        assert len(sources.load_year(FK.schema("hr_training"), data, 2024)) == len(df)

    def test_two_formats_for_one_year_is_an_error(self, data):
        survey(data).to_excel(data / "2025/staff_survey.xlsx", index=False)
        assert "several files" in error(data)

    def test_absent_file_is_none(self, data):
        assert sources.load_year(FK.schema("staff_survey"), data, 2023) is None


class TestValidationErrors:
    def test_missing_column(self, data):
        write(survey(data).drop(columns="sex"), data)
        msg = error(data)
        assert "staff_survey" in msg and "staff_survey.csv" in msg
        assert "missing column(s): sex" in msg

    def test_extra_column(self, data):
        write(survey(data).assign(favourite_colour="blå"), data)
        assert "not in the contract: favourite_colour" in error(data)

    def test_unknown_code_names_rows(self, data):
        df = survey(data)
        df.loc[[3, 7], "sex"] = "X"
        write(df, data)
        msg = error(data)
        assert "column 'sex'" in msg and "allowed codes: K, M" in msg
        assert "line 5: 'X'" in msg and "line 9: 'X'" in msg

    def test_wrong_type(self, data):
        df = survey(data)
        df.loc[0, "year"] = "tjugo"
        write(df, data)
        msg = error(data)
        assert "column 'year'" in msg and "type int" in msg and "'tjugo'" in msg

    def test_duplicate_key(self, data):
        df = survey(data)
        df.loc[1, "respondent_id"] = df.loc[0, "respondent_id"]
        write(df, data)
        msg = error(data)
        assert "column 'respondent_id'" in msg and "unique" in msg

    def test_negative_days(self, data):
        df = pd.read_csv(data / "2022/parental_benefit.csv", dtype=str)
        df.loc[10, "days"] = "-3"
        write(df, data, 2022, "parental_benefit.csv")
        msg = error(data, "parental_benefit", 2022)
        assert "column 'days'" in msg and "at least 0" in msg and "line 12" in msg

    def test_wrong_year(self, data):
        df = survey(data)
        df.loc[2, "year"] = "2024"
        write(df, data)
        assert "equals the folder year 2025" in error(data)

    def test_date_outside_year(self, data):
        df = pd.read_csv(data / "2024/hr_training.csv", dtype=str)
        df.loc[0, "date"] = "2023-12-31"
        write(df, data, 2024, "hr_training.csv")
        assert "date within 2024" in error(data, "hr_training", 2024)

    def test_empty_file(self, data):
        (data / "2025/staff_survey.csv").write_text("")
        assert "is empty" in error(data)

    def test_header_only(self, data):
        write(survey(data).head(0), data)
        assert "no rows" in error(data)

    def test_incomplete_multi_select_question(self, data):
        write(survey(data).drop(columns="risk_other"), data)
        assert "question 'risk_areas' is incomplete" in error(data)

    def test_multi_select_value_other_than_0_1(self, data):
        df = survey(data)
        idx = df.index[df.risk_contact != ""][0]
        df.loc[idx, "risk_contact"] = "2"
        write(df, data)
        assert "column 'risk_contact'" in error(data)

    def test_question_not_asked_is_allowed_to_be_absent(self, data):
        df = survey(data)
        write(df[[c for c in df.columns if not c.startswith("risk_")]], data)
        got = sources.load_year(FK.schema("staff_survey"), data, 2025)
        assert "risk_contact" not in got.columns


@pytest.mark.parametrize("name", PROGRAMMES)
def test_every_source_is_documented_in_the_programme_readme(name):
    prog = load(name)
    readme = (prog.root / "README.md").read_text(encoding="utf-8")
    for source in prog.sources():
        assert f"`{source}`" in readme, f"{prog.root}/README.md does not describe {source}"
