"""The edition's catalogue metadata, for data portals and search engines: one description
of each published table (:func:`datasets`), written as DCAT-AP-SE, the profile Sveriges
dataportal harvests (``katalog.ttl`` in the book's root), and as schema.org ``Dataset``
markup in the head of each indicator page.

The graph's IRIs are relative to the catalogue file, so they are right wherever the book is
served; the downloads it names get fixed addresses beside it (``data/``). The graph is
checked with pySHACL against the profile's shapes (``shapes/dcat-ap-se.ttl``) before the
edition is published: an edition whose catalogue does not conform is not published. A
catalogue found conforming is remembered in the build cache (by its text, the shapes, this
code and the installed libraries) and not checked again.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from indikatorbok import cache, downloads, pdf, report, text, workbook
from indikatorbok.catalog import id_order
from indikatorbok.downloads import DATA
from indikatorbok.editions import BuildError, Folder
from indikatorbok.programme import Edition

FILE = "katalog.ttl"  # in the book's root
SHAPES = Path(__file__).parent / "shapes" / "dcat-ap-se.ttl"
# The address the graph is built under (a reserved, never resolvable domain); the file
# gives every IRI under it relative to itself.
BASE = "http://bok.invalid/"

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU = "http://publications.europa.eu/resource/authority/"
THEMES = (f"{EU}data-theme/SOCI", f"{EU}data-theme/GOVE")  # society; government
KEYWORDS = ("jämställdhet", "jämställdhetsintegrering", "kvinnor och män", "kön")
NATIONAL_AUTHORITY = "http://purl.org/adms/publishertype/NationalAuthority"
FORMATS = {  # suffix -> (EU file type, IANA media type)
    ".csv": ("CSV", "text/csv"),
    ".xlsx": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".zip": ("ZIP", "application/zip"),
    ".json": ("JSON", "application/json"),
    ".pdf": ("PDF", "application/pdf"),
}


@dataclass(frozen=True)
class Download:
    title: str
    path: str  # from the book's root

    @property
    def formats(self) -> tuple[str, str]:
        return FORMATS[Path(self.path).suffix]


@dataclass(frozen=True)
class Dataset:
    """One published table (or the whole edition's) as catalogues describe it."""

    key: str
    title: str
    description: str
    page: str  # its page, from the book's root
    years: tuple[int, int]
    downloads: tuple[Download, ...]


def datasets(edition: Edition, out: Folder) -> list[Dataset]:
    """Every indicator's table with a page in the edition, then the edition's tables in one
    workbook, one zip and the PDF."""
    prog = edition.programme
    cat, computed = prog.catalog, report.read_findings(out.data)
    notice = prog.text("data_synthetic" if edition.synthetic else "data_real").strip()
    found = []
    for ind_id in sorted(computed, key=id_order):
        ind, measured = cat.indicators[ind_id], computed[ind_id].measured_years
        if not measured:
            continue
        goal = next(g for g in cat.goals if g.id == ind.step.goal_id)
        found.append(Dataset(
            f"indikator-{ind_id}", f"{ind_id} {ind.title}",
            f"Indikator {ind_id} i {prog.config['agency_genitive']} uppföljning av "
            f"jämställdhetsintegrering, mål {goal.id} ({goal.short.lower()}), "
            f"{ind.step.kind_label.lower()}: {text.lower_first(ind.step.title)}. Tabellen "
            f"redovisar mätåren {text.year_span(measured)}. {notice}",
            f"del2/{ind.notebook}.html", (min(measured), max(measured)),
            (Download("Resultattabellen som CSV-fil", f"{DATA}/{ind_id}.csv"),
             Download("Resultattabellen som CSV-fil för svenskt Excel",
                      f"{DATA}/{downloads.EXCEL}/{ind_id}_excel.csv"))))
    found.append(Dataset(
        "alla-tabeller", f"{prog.title} {edition.year}: alla tabeller",
        f"Alla indikatorers resultattabeller i utgåvan {edition.year} av "
        f"{prog.config['agency_genitive']} indikatorbok om jämställdhetsintegrering, "
        f"{text.year_span(edition.years)}. {notice}",
        "index.html", (min(edition.years), max(edition.years)),
        (Download("Alla tabeller i en Excelfil", f"{DATA}/{workbook.FILE}"),
         Download("Alla tabeller som CSV-filer (zip)", f"{DATA}/{downloads.ZIP}"),
         Download("Datapaket som beskriver CSV-filerna", f"{DATA}/{downloads.PACKAGE}"),
         Download("Hela boken som PDF", pdf.FILE))))
    return found


def graph(edition: Edition, found: list[Dataset]) -> Graph:
    """The DCAT-AP-SE graph of the edition: the catalogue, its publisher and contact
    point, and each dataset with its distributions."""
    prog = edition.programme
    g = Graph()
    for prefix, ns in (("dcat", DCAT), ("dcterms", DCTERMS), ("foaf", FOAF), ("vcard", VCARD)):
        g.bind(prefix, ns)
    here = URIRef(BASE + FILE)
    catalogue, publisher, contact = (URIRef(f"{here}#{n}") for n in
                                     ("katalog", "utgivare", "kontakt"))
    licence = URIRef(prog.config["licence"]["path"])
    sv, swedish = "sv", URIRef(f"{EU}language/SWE")
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal(prog.agency, lang=sv)))
    g.add((publisher, DCTERMS.type, URIRef(NATIONAL_AUTHORITY)))
    for kind in (VCARD.Organization, VCARD.Kind):
        g.add((contact, RDF.type, kind))
    g.add((contact, VCARD.fn, Literal(prog.text("contact"), lang=sv)))
    g.add((contact, VCARD.hasEmail, URIRef(f"mailto:{prog.config['contact']['email']}")))
    g.add((catalogue, RDF.type, DCAT.Catalog))
    g.add((catalogue, DCTERMS.title, Literal(f"{prog.title} {edition.year}", lang=sv)))
    g.add((catalogue, DCTERMS.description, Literal(
        f"Tabellerna i utgåvan {edition.year} av {prog.config['agency_genitive']} indikatorbok "
        f"om jämställdhetsintegrering, {text.year_span(edition.years)}.", lang=sv)))
    g.add((catalogue, DCTERMS.publisher, publisher))
    g.add((catalogue, DCTERMS.license, licence))
    g.add((catalogue, DCTERMS.language, swedish))
    g.add((catalogue, FOAF.homepage, URIRef(BASE + "index.html")))
    for d in found:
        node = URIRef(f"{here}#{d.key}")
        g.add((catalogue, DCAT.dataset, node))
        g.add((node, RDF.type, DCAT.Dataset))
        g.add((node, DCTERMS.title, Literal(d.title, lang=sv)))
        g.add((node, DCTERMS.description, Literal(d.description, lang=sv)))
        g.add((node, DCTERMS.publisher, publisher))
        g.add((node, DCAT.contactPoint, contact))
        g.add((node, DCAT.landingPage, URIRef(BASE + d.page)))
        g.add((node, DCTERMS.language, swedish))
        g.add((node, DCTERMS.spatial, URIRef(f"{EU}country/SWE")))
        g.add((node, DCTERMS.accessRights, URIRef(f"{EU}access-right/PUBLIC")))
        for theme in THEMES:
            g.add((node, DCAT.theme, URIRef(theme)))
        for word in KEYWORDS:
            g.add((node, DCAT.keyword, Literal(word, lang=sv)))
        period = BNode()
        g.add((node, DCTERMS.temporal, period))
        g.add((period, RDF.type, DCTERMS.PeriodOfTime))
        g.add((period, DCAT.startDate, Literal(f"{d.years[0]}-01-01", datatype=XSD.date)))
        g.add((period, DCAT.endDate, Literal(f"{d.years[1]}-12-31", datatype=XSD.date)))
        for n, download in enumerate(d.downloads, 1):
            dist = URIRef(f"{here}#{d.key}-{n}")
            file_type, media = download.formats
            g.add((node, DCAT.distribution, dist))
            g.add((dist, RDF.type, DCAT.Distribution))
            g.add((dist, DCTERMS.title, Literal(download.title, lang=sv)))
            g.add((dist, DCAT.accessURL, URIRef(BASE + d.page)))
            g.add((dist, DCAT.downloadURL, URIRef(BASE + download.path)))
            g.add((dist, DCTERMS.format, URIRef(f"{EU}file-type/{file_type}")))
            g.add((dist, DCAT.mediaType,
                   URIRef(f"https://www.iana.org/assignments/media-types/{media}")))
            g.add((dist, DCTERMS.license, licence))
    return g


def turtle(g: Graph) -> str:
    """The graph in Turtle with its IRIs relative to the file (no ``@base``: a reader
    resolves them against the address it fetched the file from)."""
    return g.serialize(format="turtle").replace(f"<{BASE}", "<")


def check(g: Graph) -> list[str]:
    """What the graph breaks of the profile's shapes (empty: it conforms)."""
    from pyshacl import validate  # slow to import; only when a catalogue is checked

    conforms, report_graph, _ = validate(g, shacl_graph=str(SHAPES), shacl_graph_format="turtle",
                                         inference="none", allow_warnings=True)
    if conforms:
        return []
    SH = Namespace("http://www.w3.org/ns/shacl#")
    return sorted(f"{report_graph.value(r, SH.focusNode)} {report_graph.value(r, SH.resultPath)}:"
                  f" {report_graph.value(r, SH.resultMessage)}"
                  for r in report_graph.subjects(RDF.type, SH.ValidationResult)
                  if report_graph.value(r, SH.resultSeverity) == SH.Violation)


def remembered_check(g: Graph, written: str) -> list[str]:
    """:func:`check` of the graph (``written``: its Turtle), skipped when the same text was
    found conforming to the same shapes by the same code and libraries (pySHACL, rdflib)
    before."""
    key = hashlib.sha256("\0".join((written, SHAPES.read_text(encoding="utf-8"),
                                     cache.code_digest_with(Path(__file__)))).encode()
                         ).hexdigest()
    conforming = cache.CACHE / "catalogue" / f"{key}.conforms"
    if conforming.is_file():
        return []
    problems = check(g)
    if not problems:
        conforming.parent.mkdir(parents=True, exist_ok=True)
        cache.replace_text(conforming, "")
    return problems


def schema_org(edition: Edition, d: Dataset) -> dict:
    """A dataset as schema.org ``Dataset`` markup for its page (addresses from the page)."""
    prog = edition.programme
    up = "../" * d.page.count("/")
    return {
        "@context": "https://schema.org", "@type": "Dataset", "name": d.title,
        "description": d.description, "inLanguage": "sv", "isAccessibleForFree": True,
        "license": prog.config["licence"]["path"], "keywords": list(KEYWORDS),
        "temporalCoverage": f"{d.years[0]}/{d.years[1]}", "spatialCoverage": "Sverige",
        "creator": {"@type": "GovernmentOrganization", "name": prog.agency,
                    "email": prog.config["contact"]["email"]},
        "distribution": [{"@type": "DataDownload", "name": x.title,
                          "encodingFormat": x.formats[1], "contentUrl": up + x.path}
                         for x in d.downloads]}


def publish(edition: Edition, out: Folder) -> Path:
    """Write the catalogue and the downloads it names into the edition's HTML, and the
    schema.org markup into each dataset's page; raise when the catalogue does not conform
    to DCAT-AP-SE."""
    found = datasets(edition, out)
    g = graph(edition, found)
    written = turtle(g)
    problems = remembered_check(g, written)
    if problems:
        raise BuildError("The edition's catalogue (DCAT-AP-SE) does not conform to the "
                         "profile; the book is not published:\n"
                         + "\n".join(f"  - {p}" for p in problems[:20]))
    for d in found:
        for download in d.downloads:
            target = out.html / download.path
            if download.path.startswith(f"{DATA}/"):
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(out.data / download.path.removeprefix(f"{DATA}/"), target)
        page = out.html / d.page
        markup = json.dumps(schema_org(edition, d), ensure_ascii=False).replace("</", "<\\/")
        html = page.read_text(encoding="utf-8")
        page.write_text(html.replace(
            "</head>", f'<script type="application/ld+json">{markup}</script>\n</head>', 1),
            encoding="utf-8")
    path = out.html / FILE
    path.write_text(written, encoding="utf-8")
    return path
