"""The data package describes every column of the tidy CSV, the zip holds every table, and
the CSV for Swedish Excel reads back as the tidy one."""

from __future__ import annotations

import json
import math
import zipfile

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indikatorbok import downloads
from indikatorbok.editions import Folder
from indikatorbok.programme import Edition
from indikatorbok.result import TIDY_COLUMNS, UNITS


def test_every_column_is_described():
    assert list(downloads.FIELDS) == TIDY_COLUMNS


def test_package_and_zip(fk, synthetic_dir, tmp_path):
    out = Folder(tmp_path)
    out.data.mkdir(parents=True)
    (out.data / "1.1.1.csv").write_text(",".join(TIDY_COLUMNS) + "\n1.1.1,Ser risk,,2025,"
                                        "2025,33,percent,,2573,False\n", encoding="utf-8")
    *excel, package, archive = downloads.write(Edition(fk, 2025, synthetic_dir), out,
                                               "2026-12-08")
    assert [p.relative_to(out.data).as_posix() for p in excel] == ["excel/1.1.1_excel.csv"]
    described = json.loads(package.read_text(encoding="utf-8"))
    assert [r["path"] for r in described["resources"]] == ["1.1.1.csv"]
    assert [f["name"] for f in described["resources"][0]["schema"]["fields"]] == TIDY_COLUMNS
    assert described["licenses"][0]["name"] == "CC0-1.0"
    assert described["contributors"] == [{"title": fk.agency, "role": "publisher",
                                          "email": fk.config["contact"]["email"]}]
    assert described["resources"][0]["sources"]
    assert described["created"] == "2026-12-08T00:00:00Z"  # the edition's day, as its pages
    with zipfile.ZipFile(archive) as z:
        assert z.namelist() == ["1.1.1.csv", downloads.PACKAGE, "excel/1.1.1_excel.csv"]
        assert {i.date_time for i in z.infolist()} == {downloads.ZIP_EPOCH}


TIDY_ROWS = st.lists(st.fixed_dictionaries({
    "indicator": st.just("2.5.1"),
    "series": st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
                      min_size=1, max_size=30),
    "group": st.sampled_from(["", "K", "M", "Avdelning; syd", 'Citat "x"']),
    "year": st.integers(2015, 2030),
    "value": st.one_of(st.none(), st.integers(0, 10**7),
                       st.floats(0, 1000, allow_nan=False).map(lambda v: round(v, 2))),
    "unit": st.sampled_from(sorted(UNITS)),
    "counted": st.sampled_from(["", "persons", "cases"]),
    "n": st.one_of(st.none(), st.integers(0, 10**6)),
    "withheld": st.booleans(),
}), min_size=1, max_size=8)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=TIDY_ROWS)
def test_the_csv_for_swedish_excel_reads_back_as_the_tidy_csv(fk, tmp_path, rows):
    frame = pd.DataFrame(rows).assign(first_year=lambda d: d["year"])[TIDY_COLUMNS]
    frame["n"] = frame["n"].astype("Int64")
    frame["value"] = frame["value"].map(
        lambda v: "" if v is None or (isinstance(v, float) and math.isnan(v))
        else (str(int(v)) if float(v).is_integer() else str(v)))
    tidy = tmp_path / "2.5.1.csv"
    frame.to_csv(tidy, index=False, encoding="utf-8", lineterminator="\n")
    excel = tmp_path / "2.5.1_excel.csv"
    downloads.write_excel(downloads.for_excel(tidy, fk), excel)

    raw = excel.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # Excel's UTF-8, Windows lines
    back = pd.read_csv(excel, sep=";", decimal=",", encoding="utf-8-sig",
                       dtype={"Grupp": str, "Serie": str}, keep_default_na=False,
                       na_values={"Värde": [""], "Antal som värdet bygger på": [""]})
    assert list(back.columns) == list(downloads.EXCEL_HEADERS.values())
    words = {label: key for key, label in UNITS.items()}
    counts = {label: key for key, label in fk.count_units.items()}
    back = back.rename(columns={v: k for k, v in downloads.EXCEL_HEADERS.items()}).assign(
        unit=lambda d: d["unit"].map(words),
        counted=lambda d: d["counted"].map(lambda c: counts.get(c, c)),
        withheld=lambda d: d["withheld"].eq("ja"))
    expected = pd.read_csv(tidy, dtype={"group": str, "series": str}, keep_default_na=False,
                           na_values={"value": [""], "n": [""]})
    pd.testing.assert_frame_equal(back, expected, check_dtype=False)
