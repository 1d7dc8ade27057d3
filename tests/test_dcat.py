"""The catalogue metadata: the DCAT-AP-SE graph of an edition conforms to the profile's
shapes (and the shapes refuse a graph that leaves out what the profile requires), its
IRIs are relative to the file, and a page's schema.org markup names the same downloads."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from rdflib import Graph, URIRef, namespace

from indikatorbok import dcat, downloads, editions, notebooks, programme
from indikatorbok.findings import Findings
from indikatorbok.programme import Edition
from tests.conftest import PROGRAMMES

SERVED = "https://example.org/bok/2025/"  # wherever a reader fetches the book from


def edition_with_findings(name: str, root: Path) -> tuple[Edition, editions.Folder]:
    prog = programme.load(name)
    edition = Edition(prog, prog.default_year, prog.synthetic_data)
    out = editions.Folder(root)
    out.data.mkdir(parents=True)
    for ind_id in prog.catalog.computed()[:5]:
        found = Findings(ind_id, [edition.years[0], edition.year], [], "percent")
        (out.data / f"{ind_id}.findings.json").write_text(json.dumps(found.as_dict()),
                                                           encoding="utf-8")
    return edition, out


@pytest.mark.parametrize("name", PROGRAMMES)
def test_an_editions_catalogue_conforms_and_resolves_where_it_is_served(name, tmp_path):
    edition, out = edition_with_findings(name, tmp_path)
    found = dcat.datasets(edition, out)
    assert [d.key for d in found][:-1] == [f"indikator-{i}" for i in
                                           edition.programme.catalog.computed()[:5]]
    g = dcat.graph(edition, found)
    assert dcat.check(g) == []
    written = dcat.turtle(g)
    assert dcat.BASE not in written
    served = Graph().parse(data=written, format="turtle", publicID=SERVED + dcat.FILE)
    assert len(served) == len(g)
    downloads = {str(o) for o in served.objects(None, namespace.DCAT.downloadURL)}
    assert downloads == {SERVED + x.path for d in found for x in d.downloads}
    assert set(served.subjects(namespace.RDF.type, namespace.DCAT.Dataset)) == {
        URIRef(f"{SERVED}{dcat.FILE}#{d.key}") for d in found}


@pytest.mark.parametrize("drop", [namespace.DCTERMS.title, namespace.DCTERMS.publisher,
                                  namespace.DCAT.contactPoint])
def test_the_shapes_refuse_a_dataset_without_what_the_profile_requires(drop, tmp_path):
    edition, out = edition_with_findings("forsakringskassan", tmp_path)
    g = dcat.graph(edition, dcat.datasets(edition, out))
    dataset = next(g.subjects(namespace.RDF.type, namespace.DCAT.Dataset))
    g.remove((dataset, drop, None))
    problems = dcat.check(g)
    assert len(problems) == 1 and str(drop) in problems[0] and str(dataset) in problems[0]


def test_the_shapes_refuse_a_contact_without_an_email_address(tmp_path):
    edition, out = edition_with_findings("forsakringskassan", tmp_path)
    g = dcat.graph(edition, dcat.datasets(edition, out))
    contact = next(g.objects(None, namespace.DCAT.contactPoint))
    g.remove((contact, dcat.VCARD.hasEmail, None))
    assert any("hasEmail" in p for p in dcat.check(g))


def test_a_conforming_catalogue_is_checked_once_and_a_failing_one_every_time(tmp_path,
                                                                               monkeypatch):
    edition, out = edition_with_findings("forsakringskassan", tmp_path / "out")
    monkeypatch.setattr(dcat.cache, "CACHE", tmp_path / "cache")
    checks = []
    monkeypatch.setattr(dcat, "check", lambda g, real=dcat.check: checks.append(g) or real(g))
    g = dcat.graph(edition, dcat.datasets(edition, out))
    assert dcat.remembered_check(g, dcat.turtle(g)) == []
    assert dcat.remembered_check(g, dcat.turtle(g)) == [] and len(checks) == 1
    monkeypatch.setattr(dcat.cache, "code_digest", lambda: "rdflib==8.0")  # another library
    assert dcat.remembered_check(g, dcat.turtle(g)) == [] and len(checks) == 2
    dataset = next(g.subjects(namespace.RDF.type, namespace.DCAT.Dataset))
    g.remove((dataset, namespace.DCTERMS.title, None))  # another text: checked, and refused
    for _ in range(2):
        assert dcat.remembered_check(g, dcat.turtle(g))
    assert len(checks) == 4


def test_a_pages_markup_names_the_catalogues_downloads(tmp_path):
    edition, out = edition_with_findings("pensionsmyndigheten", tmp_path)
    for d in dcat.datasets(edition, out):
        markup = dcat.schema_org(edition, d)
        page = urljoin(SERVED, d.page)
        assert [urljoin(page, x["contentUrl"]) for x in markup["distribution"]] == \
            [SERVED + x.path for x in d.downloads]
        assert markup["name"] == d.title and markup["description"] == d.description


@pytest.mark.parametrize("name", PROGRAMMES)
def test_a_pages_download_links_are_the_catalogues_addresses(name, tmp_path):
    """Plain links (Sphinx follows no file, so a page is not read again when the edition's
    shared files change) to the addresses the catalogue publishes: the indicator's own
    tables, the edition's and the PDF."""
    edition, out = edition_with_findings(name, tmp_path)
    found = dcat.datasets(edition, out)
    mine, everything = found[0], found[-1]
    cell = next(c.source for c in notebooks.notebook(
        edition.programme.catalog[mine.key.removeprefix("indikator-")], edition).cells
        if c.source.startswith("## Ladda ner"))
    assert "{download}" not in cell
    page = urljoin(SERVED, mine.page)
    linked = [urljoin(page, href) for href in re.findall(r'href="([^"]+)"', cell)]
    assert linked == [SERVED + x.path for x in (*mine.downloads, *everything.downloads)
                      if not x.path.endswith(downloads.PACKAGE)]
