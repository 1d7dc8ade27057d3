"""The changes page against an archived edition, and the Excel workbook."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from indikatorbok import changes, report, workbook
from indikatorbok.editions import Folder
from indikatorbok.programme import Edition
from tests.conftest import findings_file

ROWS = [  # indicator, series, group, year, value, unit, n
    ("1.1.1", "Ser risk", "", 2022, 39, "percent", 5510),
    ("1.1.1", "Ser risk", "Män", 2022, None, "percent", None),  # too few: n < 50
    ("1.2.3", "Deltagare", "", 2024, 1454, "count", None),
    ("1.2.3", "Deltagare", "", 2025, 1500, "count", None),
]


def write_build(root, rows, measured) -> Folder:
    out = Folder(root)
    data_dir = out.data
    data_dir.mkdir(parents=True)
    frame = pd.DataFrame(rows, columns=["indicator", "series", "group", "year", "value", "unit",
                                        "n"])
    for indicator, part in frame.groupby("indicator"):
        part.to_csv(data_dir / f"{indicator}.csv", index=False)
        findings_file(data_dir, indicator, [[y, 1.0] for y in measured[indicator]])
    return out


@pytest.fixture
def prog(fk_copy):
    editions = fk_copy.editions_dir
    (editions / "2026").mkdir()
    text = (editions / "2025" / "assessments.yaml").read_text()
    (editions / "2026" / "assessments.yaml").write_text(
        text.replace("edition: 2025", "edition: 2026").replace('"1.2.3": tydliga',
                                                               '"1.2.3": delvisa'))
    return fk_copy


def test_changes_page_lists_new_revised_and_reassessed(prog, tmp_path):
    e2025, e2026 = (Edition(prog, y, tmp_path) for y in (2025, 2026))
    old = write_build(tmp_path / "old", ROWS, {"1.1.1": [2022], "1.2.3": [2024, 2025]})
    changes.record(e2025, old)
    changes.archive(e2025, old.data)
    revised = [r if r[3] != 2025 else (*r[:4], 1612, *r[5:]) for r in ROWS]
    new = write_build(tmp_path / "new",
                      [*revised, ("1.2.3", "Deltagare", "", 2026, 1700, "count", None)],
                      {"1.1.1": [2022], "1.2.3": [2024, 2025, 2026]})
    changes.record(e2026, new)
    page = changes.page(e2026, new)
    assert "1 nya uppgifter" in page.replace("1 ny uppgift", "1 nya uppgifter")
    assert "| 1.2.3 | Deltagare | Samtliga | 2025 | 1 500 | 1 612 |" in page.replace(
        "\xa0", " ")
    assert "Tydliga resultat" in page and "Delvisa resultat" in page  # 1.2.3 reassessed
    assert "1.1.1 " not in page.split("## Nya uppgifter")[0]  # unchanged: not listed


def test_a_value_withheld_to_protect_individuals_has_its_own_shorthand(fk, synthetic_dir,
                                                                      tmp_path):
    out = write_build(tmp_path / "out", ROWS[:2], {"1.1.1": [2022]})
    tidy = report.read_tidy(out.data / "1.1.1.csv").assign(withheld=[False, True])
    tidy.to_csv(out.data / "1.1.1.csv", index=False)
    rows = list(openpyxl.load_workbook(workbook.write(Edition(fk, 2025, synthetic_dir), out))[
        "1.1.1"].values)
    assert ("Ser risk", "Män", fk.policy.symbol(workbook.SUPPRESSED)) in rows


def test_changes_page_without_an_archive_says_so(prog, tmp_path):
    edition = Edition(prog, 2026, tmp_path)
    new = write_build(tmp_path / "new", ROWS, {"1.1.1": [2022], "1.2.3": [2024, 2025]})
    changes.record(edition, new)
    assert "ingen tidigare årgång att jämföra med" in changes.page(edition, new)


def test_workbook_has_a_sheet_per_indicator_and_reasons_for_blanks(fk, synthetic_dir,
                                                                    tmp_path):
    out = write_build(tmp_path / "out", ROWS, {"1.1.1": [2022], "1.2.3": [2024, 2025]})
    path = workbook.write(Edition(fk, 2025, synthetic_dir), out)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Om tabellerna", "Innehåll", "1.1.1", "1.2.3", "Anmärkningar"]
    assert "Inledning" in [c.value for c in wb["Om tabellerna"]["A"]]
    rows = list(wb["1.1.1"].values)
    header = next(r for r in rows if r[0] == "Serie")
    assert header == ("Serie", "Grupp", "2022\n(procent)")  # one unit: in the header
    missing = fk.policy.symbol(workbook.UNAVAILABLE)  # the book's symbol, ".."
    assert ("Ser risk", "Män", missing) in rows
    assert any("Syntetiska data" in str(r[0]) for r in rows)
    legend = [r[0] for r in rows if str(r[0]).startswith(f"{missing} = ")]
    assert legend == [f"{missing} = {workbook.shorthands(fk.policy)[missing]}"]
    counts = list(wb["1.2.3"].values)
    assert ("Deltagare", "Samtliga", 1454, 1500) in counts
    assert all(len(ws.tables) == 1 for ws in wb.worksheets[2:])  # real Excel tables
    with zipfile.ZipFile(path) as archive:  # no time in it: the same inputs, the same bytes
        assert {i.date_time for i in archive.infolist()} == {workbook.ZIP_EPOCH}
        properties = archive.read("docProps/core.xml").decode()
        assert "dcterms:created" not in properties
        assert f"<dc:creator>{fk.agency}</dc:creator>" in properties
        assert "<dc:title>" in properties and "openpyxl" not in properties


def test_a_label_that_looks_like_a_formula_stays_text(fk, synthetic_dir, tmp_path):
    """A programme label "=HYPERLINK(…)" was written as a live formula."""
    label = '=HYPERLINK("https://example.org","Klicka")'
    rows = [("1.2.3", label, "", 2025, 1500, "count", None)]
    out = write_build(tmp_path / "out", rows, {"1.2.3": [2025]})
    path = workbook.write(Edition(fk, 2025, synthetic_dir), out)
    assert (label, "Samtliga", 1500) in list(openpyxl.load_workbook(path)["1.2.3"].values)
    with zipfile.ZipFile(path) as archive:
        assert not any(b"<f>" in archive.read(n) for n in archive.namelist()
                       if n.startswith("xl/worksheets/"))


def test_yes_and_no_are_words_in_the_workbook():
    tidy = pd.DataFrame({"series": ["Kvalitetsanalys"] * 2, "group": ["", ""],
                         "year": [2024, 2025], "value": [1.0, 0.0], "unit": ["flag"] * 2})
    frame, _ = workbook.sheet_frame(tidy, {"withheld": "x", "missing": "..",
                                           "impossible": "."})
    assert frame[["2024", "2025"]].iloc[0].tolist() == ["Ja", "Nej"]


def test_counts_have_no_decimals_and_period_totals_their_own_column(fk, synthetic_dir,
                                                                     tmp_path):
    rows = [("2.4.1", "Besök", "", 2024, 342000, "count", None),
            ("2.4.1", "Besök", "", 2025, 351000, "count", None),
            ("2.4.1", "Besök 2024–2025", "", 2025, 693000, "count", None),
            ("2.4.1", "Kvot", "", 2025, 1.25, "ratio", None)]
    out = write_build(tmp_path / "out", rows, {"2.4.1": [2024, 2025]})
    csv = out.data / "2.4.1.csv"
    tidy = report.read_tidy(csv)
    tidy.insert(4, "first_year", [2024, 2025, 2024, 2025])  # the third row: a period total
    tidy.to_csv(csv, index=False)
    ws = openpyxl.load_workbook(workbook.write(Edition(fk, 2025, synthetic_dir), out))["2.4.1"]
    values = list(ws.values)
    assert next(r for r in values if r[0] == "Serie")[-1] == workbook.PERIOD_COLUMN
    impossible = fk.policy.symbol(workbook.NOT_APPLICABLE)
    assert ("Besök", "Samtliga", "Antal", 342000, 351000, impossible) in values
    assert ("Besök 2024–2025", "Samtliga", "Antal", impossible, impossible, 693000) in values
    formats = {r[0].value: r[4].number_format for r in ws.iter_rows() if r[0].value in
               ("Besök", "Kvot")}
    assert formats == {"Besök": "#,##0", "Kvot": "#,##0.00"}
    keys = [(r[0], r[1]) for r in values if r[0] in ("Besök", "Besök 2024–2025", "Kvot")]
    assert len(keys) == len(set(keys)) == 3  # no repeated rows


def test_a_workbook_cut_short_in_the_cache_is_never_published(fk, synthetic_dir, tmp_path,
                                                              monkeypatch):
    """A full disk while the workbook was copied into the cache left a truncated file under
    its final digest, and every later build published it (BadZipFile)."""
    from indikatorbok import paths

    monkeypatch.setattr(paths, "BUILD", tmp_path / "_build")
    out = write_build(tmp_path / "out", ROWS, {"1.1.1": [2022], "1.2.3": [2024, 2025]})
    edition = Edition(fk, 2025, synthetic_dir)
    first = workbook.write(edition, out).read_bytes()
    kept = next((tmp_path / "_build" / "cache" / "workbooks").glob("*.xlsx"))
    kept.write_bytes(kept.read_bytes()[: len(first) // 2])  # as the full disk left it
    path = workbook.write(edition, out)
    assert workbook.whole(path) and path.read_bytes() == first
    assert workbook.whole(kept)  # mended in the cache too


def test_a_copy_cut_short_on_its_way_into_the_cache_is_not_kept(fk, synthetic_dir, tmp_path,
                                                                 monkeypatch):
    from indikatorbok import paths

    monkeypatch.setattr(paths, "BUILD", tmp_path / "_build")
    original = shutil.copyfile

    def full_disk(src, dst, *args, **kwargs):  # the copy into the cache stops half-way
        original(src, dst, *args, **kwargs)
        if "workbooks" in str(dst):
            Path(dst).write_bytes(Path(dst).read_bytes()[:1000])

    monkeypatch.setattr(shutil, "copyfile", full_disk)
    out = write_build(tmp_path / "out", ROWS, {"1.1.1": [2022], "1.2.3": [2024, 2025]})
    path = workbook.write(Edition(fk, 2025, synthetic_dir), out)
    assert workbook.whole(path)
    assert list((tmp_path / "_build" / "cache" / "workbooks").iterdir()) == []


def test_a_workbook_is_written_again_when_a_file_it_quotes_changed(fk_copy, synthetic_dir,
                                                                  tmp_path, monkeypatch):
    """The kept workbook's key missed the contracts: a source renamed in its contract kept
    the old name in an incremental build's "Källa" lines (a clean build had the new)."""
    from indikatorbok import paths, programme

    monkeypatch.setattr(paths, "BUILD", tmp_path / "_build")
    out = write_build(tmp_path / "out", ROWS, {"1.1.1": [2022], "1.2.3": [2024, 2025]})

    def source_line() -> str:
        programme.forget()  # read anew, as a build does
        prog = programme.Programme(fk_copy.name, fk_copy.root)
        ws = openpyxl.load_workbook(workbook.write(Edition(prog, 2025, synthetic_dir), out))
        return next(r[0] for r in ws["1.1.1"].values if str(r[0]).startswith("Källa"))

    before = source_line()
    contract = fk_copy.schema_dir / "staff_survey.yaml"
    title = fk_copy.schema("staff_survey").title
    contract.write_text(contract.read_text(encoding="utf-8").replace(
        f"title: {title}", "title: Medarbetarenkäten, ny titel", 1), encoding="utf-8")
    assert source_line() == before.replace(title, "Medarbetarenkäten, ny titel") != before
