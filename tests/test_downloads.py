"""The data package describes every column of the tidy CSV, and the zip holds every table."""

from __future__ import annotations

import json
import zipfile

from indikatorbok import downloads
from indikatorbok.editions import Folder
from indikatorbok.programme import Edition
from indikatorbok.result import TIDY_COLUMNS


def test_every_column_is_described():
    assert list(downloads.FIELDS) == TIDY_COLUMNS


def test_package_and_zip(fk, synthetic_dir, tmp_path):
    out = Folder(tmp_path)
    out.data.mkdir(parents=True)
    (out.data / "1.1.1.csv").write_text(",".join(TIDY_COLUMNS) + "\n1.1.1,Ser risk,,2025,33,"
                                        "percent,2573,False\n", encoding="utf-8")
    package, archive = downloads.write(Edition(fk, 2025, synthetic_dir), out)
    described = json.loads(package.read_text(encoding="utf-8"))
    assert [r["path"] for r in described["resources"]] == ["1.1.1.csv"]
    assert [f["name"] for f in described["resources"][0]["schema"]["fields"]] == TIDY_COLUMNS
    assert described["licenses"][0]["name"] == "CC0-1.0"
    assert described["contributors"] == [{"title": fk.agency, "role": "publisher",
                                          "email": fk.config["contact"]["email"]}]
    assert described["resources"][0]["sources"] and described["created"]
    with zipfile.ZipFile(archive) as z:
        assert z.namelist() == ["1.1.1.csv", downloads.PACKAGE]
        assert {i.date_time for i in z.infolist()} == {downloads.ZIP_EPOCH}
