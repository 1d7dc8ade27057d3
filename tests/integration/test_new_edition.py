"""A new edition, as an analyst makes it, in a copy of the project: the 2025 book built
from the agency's delivery folder, ``new-year`` into that folder, validation naming the
empty templates, the 2026 extracts put in their place, the 2026 build (series 2020-2026, the
changes page, the Excel workbook) and the PDF.

Runs after ``make book`` (``make integration``); the delivery is the synthetic data, copied
as an agency would deliver them (without the generator's marks).
"""

import json
import os
import re
import shutil
import subprocess
import sys
from html import unescape
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from pypdf import PdfReader

from indikatorbok import build, changes, downloads, editions, htmlfix, programme, synth, workbook
from indikatorbok import pdf as pdf_module

YEAR = 2026
PROGRAMME = programme.load("forsakringskassan")
pytestmark = pytest.mark.skipif(not editions.published(PROGRAMME.name, YEAR - 1),
                                reason="no built 2025 book: run `make book`")


def run(root, *args):
    return subprocess.run([sys.executable, "-m", "indikatorbok", *args, "--programme",
                           PROGRAMME.name], cwd=root, capture_output=True, text=True,
                          env={**os.environ, "INDIKATORBOK_ROOT": str(root)})


def ok(proc):
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return " ".join(proc.stdout.split())


def page_text(root, page):
    html = (root / "_build" / "html" / page).read_text(encoding="utf-8")
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


SYNTHETIC = Path("data") / "synthetic" / "forsakringskassan"
DATA = Path("data") / "leverans"  # the agency's delivery folder


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = build.copy_project(tmp_path_factory.mktemp("project"), with_cache=True,
                              programmes=[PROGRAMME.name])
    shutil.copytree(root / SYNTHETIC, root / DATA,
                    ignore=shutil.ignore_patterns(synth.MARKER, synth.OWNER))
    ok(run(root, "build", "--year", str(YEAR - 1), "--data", str(DATA)))
    return root


@pytest.fixture(scope="module")
def scaffolded(project):
    return ok(run(project, "new-year", "--year", str(YEAR), "--data", str(DATA)))


def templates(project) -> list[Path]:
    """The templates new-year left in the delivery folder: a header line and no rows."""
    return [p for p in (project / DATA).rglob("*.csv")
            if len(p.read_text(encoding="utf-8").splitlines()) == 1]


@pytest.fixture(scope="module")
def built(project, scaffolded):
    # The year's extracts arrive: made here by the generator in a folder of its own (the
    # years of the templates only: each year draws from its own random stream), and put in
    # place of the templates (with the year's delivery notes), as an analyst would.
    empty = templates(project)
    synth.generate(PROGRAMME, project / "extracts", sorted({int(t.parent.name) for t in empty}))
    for template in [*empty, project / DATA / str(YEAR) / "delivery.yaml"]:
        shutil.copyfile(project / "extracts" / template.relative_to(project / DATA), template)
    return ok(run(project, "build", "--year", str(YEAR), "--data", str(DATA)))


def editions_dir(project):
    return project / "data" / "programmes" / PROGRAMME.name / "editions"


def test_new_year_scaffolds_and_archives(project, scaffolded):
    assert f"Scaffolded the {YEAR} edition" in scaffolded and "archived" in scaffolded
    assert (project / DATA / str(YEAR) / "staff_survey.csv").is_file()
    assert f"DATA={DATA}" in scaffolded  # the next command carries the delivery folder
    assert (editions_dir(project) / str(YEAR) / "del1.yaml").is_file()
    assert (editions_dir(project) / str(YEAR - 1) / "arkiv" / "figures.csv").is_file()
    again = ok(run(project, "new-year", "--year", str(YEAR), "--data", str(DATA)))
    assert "0 files created" in again
    # Not into the synthetic data, which are generated again (and would lose the extracts).
    refused = run(project, "new-year", "--year", str(YEAR))
    assert refused.returncode == 1 and "Give that folder: DATA=" in refused.stdout


def test_validate_names_every_empty_template(project, scaffolded):
    proc = run(project, "validate", "--year", str(YEAR), "--data", str(DATA))
    out = " ".join(proc.stdout.split())
    assert proc.returncode == 1 and "Nothing was published" in out
    assert f"{YEAR}/staff_survey.csv: no rows" in out
    assert f"{YEAR - 2}/parental_benefit.csv: no rows" in out  # a lagged register


def test_the_new_edition_builds_with_series_to_the_new_year(project, built):
    assert f"Built the {YEAR} edition" in built
    summary = json.loads((project / "_build" / "build.json").read_text())
    assert summary["edition"] == YEAR
    visits = pd.read_csv(project / "_build" / "data" / "2.4.1.csv")
    assert sorted(visits.year.unique())[-1] == YEAR
    # Documents were reviewed until 2025 as planned: the 2026 page says there is nothing new.
    ind = PROGRAMME.catalog["1.2.4"]
    text = page_text(project, f"del2/{ind.notebook}.html")
    assert f"Planen anger mätningar 2021, 2023 och 2025, så för {YEAR} finns ingen" in text
    assert "Preliminära bedömningar" in page_text(project, "del1/mal_1.html")


def test_changes_page_lists_the_differences(project, built):
    text = page_text(project, "forandringar.html")
    text = text[text.index(f"Sidan jämför årgång {YEAR} med årgång {YEAR - 1}"):]  # not the menu
    new = text[text.index("Nya uppgifter"):text.index("Reviderade uppgifter")]
    assert "2.4.1 Användning av Försäkringskassans tjänster" in new
    assert re.search(r"har \d+ nya uppgifter för \d+ indikatorer, de flesta för 2026", new)
    assert "Status och bedömning" in text and "Reviderade uppgifter" in text
    assert (project / "_build" / "data" / changes.RECORD / "status.csv").is_file()


def test_workbook_has_a_sheet_per_indicator(project, built):
    wb = openpyxl.load_workbook(project / "_build" / "data" / workbook.FILE)
    ids = PROGRAMME.catalog.computed()
    assert sorted(wb.sheetnames[2:-1]) == sorted(ids)
    assert str(YEAR) in [str(c.value).split("\n")[0] for c in next(
        r for r in wb["2.4.1"].iter_rows() if r[0].value == "Serie")]
    assert (project / "_build" / "html" / downloads.DATA / workbook.FILE).is_file()


def test_pdf_has_every_chapter(project, built):
    proc = subprocess.run([sys.executable, "-m", "indikatorbok", "pdf"], cwd=project,
                          capture_output=True, text=True,
                          env={**os.environ, "INDIKATORBOK_ROOT": str(project)})
    out = ok(proc)
    assert "Printed the book" in out
    pdf = project / "_build" / "pdf" / f"indikatorbok_{PROGRAMME.name}_{YEAR}.pdf"
    reader = PdfReader(pdf)
    sheets = [" ".join((p.extract_text() or "").split()) for p in reader.pages]
    text = " ".join(sheets)
    cat = PROGRAMME.catalog
    for goal in cat.goals:
        assert f"Mål {goal.id}: {goal.short}" in text and goal.title in text
    for indicator_id in cat.computed():
        assert indicator_id in text
    for heading in ("Innehåll", "Sammanfattning", "Förändringar sedan förra årgången",
                    "Tabellbilaga", "Tillgänglighet", "Kvalitetsdeklaration"):
        assert heading in text
    assert "Analytikerguide" not in text and "Granskning av bedömningarna" not in text
    assert "Sida 2 av" in text  # page numbers
    assert reader.outline  # bookmarks for every chapter, spaced as their headings
    titles = [o.title for o in reader.outline if not isinstance(o, list)]
    assert any(t.startswith(PROGRAMME.title.split(" – ")[0]) for t in titles), titles[:3]
    assert PROGRAMME.title.split(" – ")[0] in sheets[0]
    assert f"Utgåva {YEAR}" in sheets[0]
    notice = PROGRAMME.text("banner_synthetic")
    assert all(notice in sheet for sheet in sheets)
    assert "Ladda ner" not in text  # downloads are for the web
    assert htmlfix.EDITION_DATE not in text and "Senast uppdaterad" not in text  # no day
    # The contents list gives the page on which each chapter starts.
    first = cat[cat.computed()[0]]
    page_of_first = f"document-del2/{first.notebook}"
    starts = pdf_module.chapter_pages(pdf, ["document-sammanfattning", "document-bilaga/index",
                                            page_of_first])
    contents = " ".join(sheets[1:starts["document-sammanfattning"] - 1])
    assert f"Sammanfattning {starts['document-sammanfattning']}" in contents
    assert f"Tabellbilaga {starts['document-bilaga/index']}" in contents
    # Every indicator is in the printed contents, with its page (after its title's first
    # line, where the title wraps).
    assert re.search(rf"{re.escape(first.id)} .{{0,200}}?\b{starts[page_of_first]}\b",
                     contents)
    assert starts["document-bilaga/index"] > starts["document-sammanfattning"] > 2
    # ... and the chapter is on that printed sheet ("Sida N av"), not on the one after.
    appendix = starts["document-bilaga/index"]
    assert f"Sida {appendix} av" in sheets[appendix - 1]
    assert "Tabellbilaga" in sheets[appendix - 1]
    # Tagged for screen readers: in Swedish, headings, tables with header cells, and every
    # figure with a text alternative (on itself or on the image it holds).
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and root["/Lang"] == "sv"
    roles, figures = structure(root["/StructTreeRoot"])
    assert {"/H1", "/H2", "/H3", "/Table", "/TH", "/TD", "/Figure", "/L", "/Link"} <= set(roles)
    assert figures and all(figures), "a figure without a text alternative"


def structure(node) -> tuple[list[str], list[bool]]:
    """The roles of a tagged PDF's structure elements, and for each figure whether it or
    a figure inside it has a text alternative (``/Alt``)."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    roles, figures = [], []

    def walk(k) -> bool:  # whether a figure with /Alt is at or under k
        if isinstance(k, IndirectObject):
            k = k.get_object()
        if isinstance(k, ArrayObject):
            return any([walk(c) for c in k])
        if not isinstance(k, DictionaryObject):
            return False
        role = k.get("/S")
        below = walk(k.get("/K"))
        if role is not None:
            roles.append(str(role))
        if role == "/Figure":
            figures.append("/Alt" in k or below)
            return "/Alt" in k or below
        return below

    walk(node.get("/K"))
    return roles, figures
