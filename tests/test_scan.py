"""Out-of-core reading of the registers: the same contract, rules and messages as pandas."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from indikatorbok import scan, sources
from indikatorbok.programme import load

FK = load("forsakringskassan")

TFP = "temporary_parental_benefit"


@pytest.fixture
def data(synthetic_dir, tmp_path) -> Path:
    out = tmp_path / "data"
    shutil.copytree(synthetic_dir, out)
    return out


def _frame(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _edit(data: Path, source: str, change, year: int = 2025, **to_csv) -> Path:
    path = data / str(year) / f"{source}.csv"
    df = change(_frame(path))
    path.unlink()
    suffix = to_csv.pop("suffix", ".csv")
    out = path.with_suffix(suffix)
    if suffix == ".parquet":
        df.to_parquet(out, index=False)
    else:
        df.to_csv(out, index=False, **to_csv)
    return out


def _set(column, value, rows=(3, 7)):
    def change(df):
        df.loc[list(rows), column] = value
        return df
    return change


CASES = {
    "negative days": (TFP, _set("days", "-1")),
    "unknown code": (TFP, _set("parent_sex", "X")),
    "wrong type": (TFP, _set("days", "tre")),
    "half a whole number": (TFP, _set("joint_custody_with_one", "0.5")),
    "empty cell": (TFP, _set("parent_sex", "")),
    "wrong year": (TFP, _set("year", "2024")),
    "too many days": (TFP, _set("days", "400")),
    "duplicate key": (TFP, lambda df: pd.concat([df, df.iloc[[5, 9]]], ignore_index=True)),
    "missing column": (TFP, lambda df: df.drop(columns="days")),
    "extra column": (TFP, lambda df: df.assign(note="x")),
    "header only": (TFP, lambda df: df.iloc[:0]),
    "date that is no date": ("sickness_cases", _set("case_start", "2025-02-30")),
    "unknown diagnosis group": ("sickness_cases", _set("diagnosis_group", "okand", (0,))),
    "payment amount as text": ("child_disability_benefits", _set("amount", "mycket")),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_same_problems_as_pandas(data, case):
    source, change = CASES[case]
    path = _edit(data, source, change)
    with pytest.raises(sources.DataError) as by_pandas:
        sources.load_year(FK.schema(source), data, 2025)
    with pytest.raises(sources.DataError) as out_of_core:
        scan.check_file(FK.schema(source), path, 2025)
    assert str(out_of_core.value) == str(by_pandas.value)


@pytest.mark.parametrize("fmt", [{"sep": ";", "decimal": ","}, {"encoding": "cp1252"},
                                 {"suffix": ".parquet"}])
def test_agency_export_formats(data, fmt):
    source = "sickness_cases" if "encoding" in fmt else TFP
    expected = sources.load_year(FK.schema(source), data, 2025)
    if "decimal" in fmt:
        path = _edit(data, source, lambda df: df.assign(
            days=df["days"].str.replace(".", ",", regex=False)), sep=";")
    else:
        path = _edit(data, source, lambda df: df, **fmt)
    with scan.connect() as con:
        found = scan.validate(con, FK.schema(source), path, 2025, "x")
        view, rows = found.view, found.rows
        got = con.sql(f"SELECT * FROM {view}").df()
    assert rows == len(expected)
    for column in expected.columns:
        left, right = expected[column], got[column]
        if column.endswith(("_start", "_end", "_date")):
            left, right = left.dt.date, pd.to_datetime(right).dt.date
        assert left.astype(str).tolist() == right.astype(str).tolist(), column


def test_an_empty_file(data):
    path = data / "2025" / f"{TFP}.csv"
    path.write_text("")
    with pytest.raises(sources.DataError, match="is empty"):
        scan.check_file(FK.schema(TFP), path, 2025)


def test_files_checked_at_once_share_the_memory_limit_and_the_cores(monkeypatch):
    """Validators run in parallel processes, each with a DuckDB connection: together they
    stay within the memory limit and the machine's cores."""
    monkeypatch.setattr(scan, "MEMORY_LIMIT", "3GiB")
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    for share, memory, threads in ((1, "3.0 GiB", 4), (2, "1.5 GiB", 2), (8, "384.0 MiB", 1)):
        with scan.connect(share) as con:
            assert con.execute("SELECT current_setting('memory_limit'), "
                               "current_setting('threads')").fetchone() == (memory, threads)


def test_a_memory_limit_that_is_no_size_is_refused_by_name():
    assert scan.memory_bytes("1500MiB") == 1500 * 2 ** 20
    with pytest.raises(ValueError, match="INDIKATORBOK_DUCKDB_MEMORY='two gigs'"):
        scan.memory_bytes("two gigs")
