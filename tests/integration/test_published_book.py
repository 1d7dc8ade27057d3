"""Every programme's published book (after `make books`): Swedish, working links, text
alternatives, and nothing from the microdata: no canary, no identifier, no record."""

from __future__ import annotations

import json
import re
import zipfile
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from indikatorbok import downloads, programme
from indikatorbok.synth import CANARY
from tests.integration.books import BOOKS, Book

pytestmark = pytest.mark.skipif(not BOOKS, reason="no built book: run `make books`")


@pytest.fixture(params=BOOKS, ids=str, scope="module")
def book(request) -> Book:
    return request.param


class Page(HTMLParser):
    """Links, anchors and images of one HTML page."""

    def __init__(self, path: Path):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.images: list[dict] = []
        self.lang = None
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        for key in ("id", "name"):
            if attrs.get(key):
                self.ids.add(attrs[key])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag in ("link", "script", "img") and (attrs.get("href") or attrs.get("src")):
            self.links.append(attrs.get("href") or attrs["src"])
        if tag == "img":
            self.images.append(attrs)


@cache
def page(path: Path) -> Page:
    return Page(path)


@cache
def html_pages(html: Path) -> list[Path]:
    return sorted(p for p in html.rglob("*.html") if "_static" not in p.parts)


def test_every_programme_is_published():
    assert [b.programme.name for b in BOOKS] == programme.names()


def test_every_page_declares_swedish(book):
    assert html_pages(book.html)
    assert [p for p in html_pages(book.html) if page(p).lang != "sv"] == []


def test_every_page_and_the_data_package_say_the_one_day_the_edition_was_made(book):
    package = json.loads((book.folder.data / downloads.PACKAGE).read_text(encoding="utf-8"))
    day = package["created"].removesuffix("T00:00:00Z")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", day)
    said = {p.relative_to(book.html): re.findall(r"Senast uppdaterad (\S+)\.",
                                                 p.read_text(encoding="utf-8"))
            for p in html_pages(book.html)}
    assert {p: days for p, days in said.items() if days != [day]} == {}


def test_internal_links_resolve(book):
    broken, checked = [], 0
    for path in html_pages(book.html):
        for link in page(path).links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith(("//", "mailto:")):
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            checked += 1
            if not target.is_file():
                broken.append(f"{path.relative_to(book.html)}: {link}")
            elif parts.fragment and target.suffix == ".html" and \
                    unquote(parts.fragment) not in page(target).ids:
                broken.append(f"{path.relative_to(book.html)}: {link} (no such anchor)")
    print(f"{checked} internal links checked")
    assert checked > 500 and broken == []


def test_every_figure_has_a_text_alternative(book):
    figures = [(p, img) for p in html_pages(book.html) for img in page(p).images
               if "_static" not in img.get("src", "")]
    assert figures
    assert [(str(p), img.get("src")) for p, img in figures if not img.get("alt", "").strip()] == []


def published_files(book: Book) -> list[Path]:
    """Every file of the published edition: HTML, downloads, pages and notebooks."""
    return sorted(f for f in book.folder.root.rglob("*") if f.is_file()
                  and f.suffix in (".html", ".csv", ".json", ".xlsx", ".md", ".ipynb")
                  and "_static" not in f.parts)


def data_files(book: Book, suffix: str = "csv") -> list[Path]:
    return sorted(book.data.glob(f"*/*.{suffix}"))


def identifier_columns(book: Book, path: Path) -> list[str]:
    prog = book.programme
    source = next(s for s in prog.sources() if prog.schema(s).file == path.stem)
    return prog.schema(source).identifiers


def published_text(path: Path) -> str:
    """A published file's text; for the Excel workbook, the text of all its XML parts."""
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as z:
            return "\n".join(z.read(n).decode("utf-8") for n in z.namelist()
                             if n.endswith(".xml"))
    return path.read_text(encoding="utf-8")


@cache
def published_texts(book: Book) -> dict[Path, str]:
    return {f: published_text(f) for f in published_files(book)}


def parquet_canaries(book: Book) -> set[str]:
    """Canaries planted in the identifiers of the national registers kept as Parquet."""
    import duckdb

    found = set()
    for f in data_files(book, "parquet"):
        for column in identifier_columns(book, f):
            found |= {r[0] for r in duckdb.sql(
                f"SELECT DISTINCT {column} FROM read_parquet('{f}') "
                f"WHERE {column} LIKE '{CANARY}%'").fetchall()}
    return found


def test_no_canary_reaches_the_book(book):
    planted = {m for f in data_files(book)
               for m in re.findall(rf"{CANARY}[0-9a-f]{{8}}", f.read_text(encoding="utf-8"))}
    planted |= parquet_canaries(book)
    assert len(planted) >= 50  # identifiers of every source, and free texts
    found = [str(f) for f, text in published_texts(book).items() if CANARY in text]
    print(f"{len(planted)} canaries planted, {len(found)} found in "
          f"{len(published_texts(book))} published files")
    assert found == []


def test_no_identifier_or_record_reaches_the_book(book):
    """No identifier of any data file (looked up in the files with DuckDB, not loaded) and
    no whole record (a line of a CSV file) appears in a published file."""
    import duckdb
    import pandas as pd

    texts = published_texts(book)
    tokens = {f: set(re.findall(r"[A-Za-z0-9][A-Za-z0-9_-]{4,}", t)) for f, t in texts.items()}
    shown_lines = set().union(*(t.splitlines() for t in texts.values()))
    con = duckdb.connect()
    con.register("tokens", pd.DataFrame({"t": sorted(set().union(*tokens.values()))}))
    identifiers, records, scanned = set(), set(), 0
    for f in data_files(book) + data_files(book, "parquet"):
        rows = (f"read_parquet('{f}')" if f.suffix == ".parquet"
                else f"read_csv('{f}', header=true, all_varchar=true)")
        for column in identifier_columns(book, f):  # one pass: how many, and which shown
            distinct, shown = con.sql(
                f"SELECT approx_count_distinct({column}), list(DISTINCT {column}) FILTER "
                f"(WHERE {column} IN (SELECT t FROM tokens)) FROM {rows}").fetchall()[0]
            scanned += distinct
            identifiers |= set(shown or [])
        if f.suffix == ".csv":
            with f.open(encoding="utf-8") as lines:
                next(lines, None)  # the header
                records |= {line for line in (raw.rstrip("\r\n") for raw in lines)
                            if line in shown_lines and len(line) > 20 and "," in line}
    leaks = []
    for f, text in texts.items():
        leaks += [f"{f}: identifier {t}" for t in sorted(tokens[f] & identifiers)[:3]]
        leaks += [f"{f}: record {r[:60]}" for r in sorted(set(text.splitlines()) & records)[:3]]
    assert scanned > 100_000 and leaks == []


def disclosure_problems(book: Book) -> list[str]:
    """Every published table of the book, swept for a shown group under the rules and for
    a withheld value that follows from the others: a total with all but one group of a
    grouping shown (with their n, or as counts precise to less than the smallest cell)."""
    import pandas as pd

    from indikatorbok import report

    policy, problems = book.programme.policy, []
    groupings = [set(g.labels.values()) for g in book.programme.groupings.values()]
    for path in sorted(book.folder.data.glob("*.csv")):
        tidy = report.read_tidy(path)
        for (series, unit, year), cells in tidy.groupby(["series", "unit", "year"]):
            by_group = {("" if pd.isna(g) else g): r for g, r in
                        zip(cells.group, cells.itertuples(), strict=True)}
            where = f"{path.name}: {series}, {year}"
            for group, r in by_group.items():
                if unit == "percent" and not pd.isna(r.value) and not pd.isna(r.n) \
                        and r.n < policy.min_group:
                    problems.append(f"{where}, {group or 'Samtliga'}: shown with n = {r.n}")
            total = by_group.get("Samtliga") or by_group.get("")
            if total is None or pd.isna(total.value):
                continue
            for labels in groupings:
                members = [r for g, r in by_group.items() if g in labels]
                if len(members) != len(labels) or len(members) < 2:
                    continue
                missing = [r for r in members if pd.isna(r.value)]
                if len(missing) != 1:
                    continue
                shown = [r for r in members if not pd.isna(r.value)]
                precise = (unit == "count" and all(
                    r.value % 100 for r in [total, *shown] if r.value)) or (
                    unit != "count" and not pd.isna(total.n)
                    and all(not pd.isna(r.n) for r in shown))
                if precise:
                    problems.append(f"{where}, {missing[0].group}: withheld but follows from "
                                    f"the total and the other groups")
    return problems


def test_no_withheld_value_can_be_recovered_and_no_small_group_is_shown(book):
    problems = disclosure_problems(book)
    print(f"{len(list(book.folder.data.glob('*.csv')))} tables swept")
    assert problems == []


def test_no_page_sources_and_strict_json(book):
    """The HTML carries no page sources (they held the notebooks' parameters, such as the
    data folder), and every JSON record is strict JSON (no NaN)."""
    import json

    assert not (book.html / "_sources").exists()
    assert not list(book.html.rglob("*.ipynb"))

    def refuse(name):
        raise ValueError(f"{name} is not JSON")

    for path in book.folder.root.rglob("*.json"):
        if "_static" not in path.parts:
            json.loads(path.read_text(encoding="utf-8"), parse_constant=refuse)


# Words of production that readers should never meet: files, commands and build machinery.
PRODUCTION = re.compile(r"\.ya?ml\b|\.ipynb\b|\.py\b|\bmake\b|notebook|\bbygg(et|s|e)\b|"
                        r"\bcache|parameter|jupyter|papermill|_build|data/|\bkör(s)? om\b",
                        re.IGNORECASE)


def reader_text(path: Path) -> str:
    """The text a reader sees on a page: no markup, scripts, styles or navigation code."""
    raw = path.read_text(encoding="utf-8")
    raw = re.sub(r"<(script|style)\b.*?</\1>", " ", raw, flags=re.S | re.I)
    return " ".join(re.sub(r"<[^>]+>", " ", raw).split())


def test_no_production_words_on_public_pages(book):
    found = {}
    for path in html_pages(book.html):
        if path.name == "search.html":
            continue
        hits = sorted({m.group() for m in PRODUCTION.finditer(reader_text(path))})
        if hits:
            found[str(path.relative_to(book.html))] = hits
    assert found == {}


def test_the_executed_notebooks_stay_internal(book):
    """The executed notebooks show every step with its counts before disclosure control
    ("Män 8/49 16,3 %" for a group the book withholds): they live in ``internal/`` with a
    note that says so, and nothing that may be published holds one."""
    root = book.folder.root
    assert not [p for part in ("html", "data") for p in (root / part).rglob("*.ipynb")]
    assert list((root / "internal" / "book" / "del2").glob("*.ipynb"))
    assert {p.name for p in root.iterdir()} <= {"html", "data", "internal", "build.json"}
    assert "före röjandekontrollen" in (root / "internal" / "README.md").read_text(
        encoding="utf-8")


def test_every_tested_statement_has_its_test_step_in_the_notebook(book):
    """Where a page states a test's result (any change or difference tested), the
    reviewer's notebook shows that test as a step: what it compares, its name, n per group,
    p and decision. Any page that speaks of statistical significance has a step with tests
    (a kind may show its own, as 1.3.1 does per benefit and year)."""
    import json

    from indikatorbok import report

    def outputs(cell: dict) -> str:
        return "".join("".join(o.get("data", {}).get("text/plain", ""))
                       for o in cell.get("outputs", ()))

    missing = []
    for indicator, found in report.read_findings(book.folder.data).items():
        slug = indicator.replace(".", "_")
        cells = json.loads((book.folder.del2 / f"indikator_{slug}.ipynb").read_text(
            encoding="utf-8"))["cells"]
        step = next((i for i, c in enumerate(cells) if c["cell_type"] == "markdown"
                     and "".join(c["source"]) == f"### {report.TESTS_TITLE}"), None)
        shown = "" if step is None else outputs(cells[step + 1])
        if not all(all(t[k] in shown for k in ("compared", "name", "p")) for t in found.tests):
            missing.append(indicator)
        published = (book.html / "del2" / f"indikator_{slug}.html").read_text(encoding="utf-8")
        if "statistiskt säkerställ" in published and not any(
                re.search(r"Prövning.*\bp [=<] ", outputs(c), re.S) for c in cells):
            missing.append(indicator)
    assert not missing, f"no test step for {missing}"


def test_the_accessibility_statement_has_what_diggs_model_asks(book):
    """A way to report a problem, the supervisor's form, how the site was tested, and when
    the statement was prepared and last reviewed."""
    statement = (book.html / "tillganglighet.html").read_text(encoding="utf-8")
    for part in ("e-post:", "telefon:", "https://www.digg.se/tdosanmalan",
                 "Hur vi har testat webbplatsen", "upprättades den", "granskades senast den"):
        assert part in statement
    assert re.search(r"[\w.-]+@[\w.-]+\.\w+", statement)


def test_the_catalogue_conforms_to_dcat_ap_se_and_names_what_is_published(book):
    """``katalog.ttl`` conforms to the profile's shapes; every page and download it names,
    resolved from where the file is, is in the published book; every indicator page carries
    schema.org markup naming the same downloads as the catalogue."""
    import json
    from urllib.parse import urljoin

    from rdflib import Graph, URIRef, namespace

    from indikatorbok import dcat, report

    served = book.html.resolve().as_uri() + "/"
    g = Graph().parse(book.html / dcat.FILE, format="turtle", publicID=served + dcat.FILE)
    assert dcat.check(g) == []
    named = {str(o) for p in (namespace.DCAT.downloadURL, namespace.DCAT.accessURL,
                              namespace.DCAT.landingPage) for o in g.objects(None, p)}
    assert [n for n in named if not (book.html / n.removeprefix(served)).is_file()] == []
    measured = [i for i, f in report.read_findings(book.folder.data).items()
                if f.measured_years]
    assert len(set(g.subjects(namespace.RDF.type, namespace.DCAT.Dataset))) == len(measured) + 1
    for ind_id in measured:
        path = book.html / "del2" / f"{book.programme.catalog[ind_id].notebook}.html"
        scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>',
                             path.read_text(encoding="utf-8"), flags=re.S)
        assert len(scripts) == 1, path
        markup = json.loads(scripts[0].replace("<\\/", "</"))
        page = path.resolve().as_uri()
        dataset = URIRef(f"{served}{dcat.FILE}#indikator-{ind_id}")
        in_catalogue = {str(g.value(dist, namespace.DCAT.downloadURL))
                        for dist in g.objects(dataset, namespace.DCAT.distribution)}
        assert {urljoin(page, x["contentUrl"]) for x in markup["distribution"]} == in_catalogue
        assert markup["name"] == str(g.value(dataset, namespace.DCTERMS.title))
