"""The whole book as one PDF, for the Government, printed by every build that renders the
HTML (``make pdf`` copies the published edition's to ``_build/pdf``): the book's sources as a
single HTML page (Jupyter Book's ``singlehtml``, which opens with a linked table of
contents), given a cover (title, edition, date, the synthetic-data notice) and print styles
(each page of the book on a new sheet, page numbers in the footer, the notice at the top of
every sheet, no download sections or scrollbars) and printed by Debian's headless Chromium,
with bookmarks from the headings. The contents list gives each chapter's page: a print tells
on which page each chapter starts, and the book is printed again until the contents list
shows those pages (once, when the pages are those of the previous print)."""

from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
import time
from pathlib import Path

from rich.console import Console

from indikatorbok import cache, editions, jupyterbook, paths, text
from indikatorbok.editions import BuildError

OUT = paths.BUILD / "pdf"
PRINT_CSS = """
@page { size: A4; margin: 20mm 18mm 22mm 18mm;
  @bottom-center { content: "Sida " counter(page) " av " counter(pages);
                   font: 9pt sans-serif; color: #444; } }
.bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-footer, .bd-footer-article,
.prev-next-area, .header-article, .bd-header-announcement, .headerlink,
.skip-link, .bd-search { display: none !important; }
html { font-size: 10.5pt; }
.bd-page-width, .bd-container, .bd-container__inner, .bd-main, .bd-content, .bd-article,
.bd-article-container, article { max-width: 100% !important; width: auto !important;
  margin: 0 !important; padding: 0 !important; overflow: visible !important; }
section.bokens-sida { break-before: page; }  /* every page of the book */
table, figure, img { break-inside: avoid; }
.cell_output, .output, .table-wrapper { overflow: visible !important; }  /* no scrollbars */
section[id^="ladda-ner"] { display: none !important; }  /* downloads belong to the web */
section.omslag { break-after: page; padding-top: 60mm; }
section.omslag h1 { font-size: 24pt; } section.omslag p { font-size: 13pt; }
#jb-print-toc li > a { display: flex; gap: 0.5em; }
#jb-print-toc li > a::after { content: ""; order: 1; flex: 1; border-bottom: 1px dotted #666;
  margin-bottom: 0.3em; }
#jb-print-toc .sida { order: 2; min-width: 2.5em; text-align: right; }
/* Every indicator in the printed contents, under its goal (the theme shows the first level). */
#jb-print-toc .section-nav .nav { display: block !important; margin-left: 1.5em !important;
  list-style-type: none !important; font-size: 0.92em; }
"""
NOTICE_CSS = """@page { @top-center { content: "%s"; font: 9pt sans-serif; color: #444; } }"""


def cover(edition, synthetic: bool) -> str:
    """The PDF's first page: title, edition, agency and, for synthetic data, the notice
    (no build date: an edition printed again is the same edition)."""
    import html

    prog = edition.programme
    lines = [f"<h1>{html.escape(prog.title)} {edition.year}</h1>",
             f"<p>Utgåva {edition.year}: resultat för {text.year_span(edition.years)}.</p>",
             f"<p>{html.escape(prog.agency)}</p>"]
    if synthetic:
        lines.append(f"<p><strong>{html.escape(prog.text('banner_synthetic'))}</strong></p>")
    return f'<section class="omslag">{"".join(lines)}</section>'


PAGE_START = re.compile(r'<span id="(document-[^"]+)"></span>(\s*)<section id="([^"]+)">')


def markers_inside(page: str) -> str:
    """Each page's marker (``document-…``, which the contents list links to) moved inside
    the section it marks, which starts a new sheet: the marker, and so the page number
    the contents list gives, is then on the sheet where the page begins, not at the foot
    of the sheet before it.

    >>> markers_inside('<span id="document-a"></span>\\n<section id="a"><h3>A</h3>')
    '\\n<section id="a" class="bokens-sida"><span id="document-a"></span><h3>A</h3>'
    """
    return PAGE_START.sub(r'\2<section id="\3" class="bokens-sida"><span id="\1"></span>',
                          page)


EXTERNAL_SCRIPT = re.compile(r'<script\b[^>]*\bsrc="(?:https?:)?//[^"]*"[^>]*>\s*</script>\s*')


def offline(page: str) -> str:
    """The page without scripts from other sites (Sphinx's single page asks for MathJax from
    a CDN, though the book has no formulas): the print reads nothing from the network, and
    prints the same wherever it is made.

    >>> offline('<script async="async" src="https://cdn.example/m.js"></script><p>x</p>')
    '<p>x</p>'
    >>> offline('<script src="_static/utforska.js"></script>')
    '<script src="_static/utforska.js"></script>'
    """
    return EXTERNAL_SCRIPT.sub("", page)


CHAPTER = re.compile(
    r'(<a class="reference internal nav-link" href="#(document-[^"]+)">)(.*?)(</a>)', re.S)


def with_page_numbers(page: str, numbers: dict[str, int] | None) -> str:
    """The page with each chapter's page number in the printed contents list (``000``,
    as wide as a number, before the numbers are known)."""
    start = page.index('id="jb-print-toc"')
    end = page.index("</nav>", start)

    def number(m: re.Match) -> str:
        shown = str(numbers[m.group(2)]) if numbers else "000"
        return f'{m.group(1)}<span>{m.group(3)}</span><span class="sida">{shown}</span>{m.group(4)}'

    return page[:start] + CHAPTER.sub(number, page[start:end]) + page[end:]


def chapter_pages(pdf: Path, chapters: list[str]) -> dict[str, int]:
    """The page (from 1) on which each chapter starts, from the printed PDF's named
    destinations."""
    import pikepdf

    with pikepdf.open(pdf) as doc:
        named = doc.Root.get("/Dests", {})
        missing = [c for c in chapters if f"/{c}" not in named]
        if missing:
            raise BuildError(f"The printed PDF has no page for {', '.join(missing[:5])}.")
        number = {page.objgen: n for n, page in enumerate(doc.pages, start=1)}
        return {c: number[named[f"/{c}"][0].objgen] for c in chapters}


def print_pdf(page: Path, target: Path) -> None:
    proc = subprocess.run(
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu",
         "--no-pdf-header-footer", "--generate-pdf-document-outline",
         "--virtual-time-budget=20000", f"--print-to-pdf={target}", page.as_uri()],
        capture_output=True, text=True)
    if proc.returncode != 0 or not target.is_file():
        raise BuildError(f"Chromium could not print the PDF:\n{proc.stderr[-2000:]}")


@functools.cache
def chromium_version() -> str:
    """The printing Chromium's version: another may lay the book out otherwise."""
    return subprocess.run([chromium(), "--version"], capture_output=True,
                          text=True).stdout.strip()


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise BuildError("No Chromium found: install Debian's (apt-get install chromium); "
                           "`make env` does so when run as root.")


FILE = "indikatorbok.pdf"  # in the root of the edition's HTML, linked from its pages


def render(edition, sphinx: Path, source: Path, config: Path, toc: Path, target: Path
           ) -> float:
    """Print the edition's book to ``target``: Jupyter Book's ``singlehtml`` in its own kept
    folder (``sphinx``: it re-reads only the pages that changed), a cover and print styles,
    then headless Chromium, until the contents list shows the pages it has. Returns the
    seconds it took."""
    start = time.perf_counter()
    proc = jupyterbook.jupyter_book(source, config, toc, sphinx, "singlehtml")
    log = sphinx.parent / "jupyter-book-singlehtml.log"
    log.write_text(proc.stdout + proc.stderr, encoding="utf-8")
    single = sphinx / "_build" / "singlehtml" / "index.html"
    if proc.returncode != 0 or not single.is_file():
        raise BuildError(f"Jupyter Book singlehtml failed; see {paths.shown(log)}")
    synthetic = edition.synthetic
    styles = PRINT_CSS + (NOTICE_CSS % edition.programme.text("banner_synthetic").replace(
        '"', "'") if synthetic else "")
    page = markers_inside(offline(single.read_text(encoding="utf-8")))
    page = page.replace("</head>", f"<style media=\"print\">{styles}</style></head>", 1)
    page = re.sub(r"(<main[^>]*>)", lambda m: m.group(1) + cover(edition, synthetic), page,
                  count=1)
    printable = single.with_name("print.html")
    contents = page[page.index('id="jb-print-toc"'):]
    chapters = list(dict.fromkeys(m.group(2) for m in CHAPTER.finditer(
        contents[:contents.index("</nav>")])))
    # The contents list carries the pages the previous print found (placeholders the first
    # time); the book is printed again until the pages it shows are the pages it has.
    # Kept in the build cache, per edition: a copy of the project with its cache (tests)
    # prints once too.
    kept = cache.CACHE / "pdf" / f"{edition.programme.name}-{edition.year}.pages.json"
    numbers = json.loads(kept.read_text(encoding="utf-8")) if kept.is_file() else None
    numbers = numbers if numbers and set(numbers) == set(chapters) else None
    numbers = print_settled(page, chapters, numbers, printable, target)
    kept.parent.mkdir(parents=True, exist_ok=True)
    cache.replace_text(kept, json.dumps(numbers))
    return time.perf_counter() - start


def print_settled(page: str, chapters: list[str], numbers: dict | None, printable: Path,
                  target: Path) -> dict[str, int]:
    """Print ``page`` to ``target`` until the page numbers its contents list gives are
    those it has (``numbers``: the last print's, or None); returns them. Printed under
    another name until settled and read back whole: a print killed half-way never stands
    where a finished one is looked for."""
    printing = target.with_name(f".{target.name}.printing")
    try:
        for _ in range(3):
            printable.write_text(with_page_numbers(page, numbers), encoding="utf-8")
            print_pdf(printable, printing)
            found = chapter_pages(printing, chapters)
            if found == numbers:
                break
            numbers = found
        else:
            raise BuildError("The contents list's page numbers do not settle.")
        if pages(printing) < len(chapters):
            raise BuildError(f"The printed book {printing} has fewer pages than "
                                   f"chapters; print it again.")
        spaced_bookmarks(printing, headings(page))
        printing.replace(target)
    finally:
        printing.unlink(missing_ok=True)
    return numbers


HEADING = re.compile(r"<h[1-6][^>]*>(.*?)</h[1-6]>", re.S)


def headings(page: str) -> list[str]:
    """The text of every heading of the page, as readers see it.

    >>> headings('<h3>Inledning<a class="headerlink" href="#i">#</a></h3><h1>A &amp; B</h1>')
    ['Inledning', 'A & B']
    """
    import html

    bare = (re.sub(r"<[^>]+>", "", re.sub(r'<a class="headerlink".*?</a>', "", h, flags=re.S))
            for h in HEADING.findall(page))
    return [" ".join(html.unescape(t).split()) for t in bare]


def bookmark_title(title: str, spaced: dict[str, str]) -> str:
    """A bookmark's title with the spaces Chromium drops where its heading wrapped
    (``spaced``: each heading by its text without spaces).

    >>> bookmark_title("Jämställdhetsintegrering iFörsäkringskassan",
    ...                {"JämställdhetsintegreringiFörsäkringskassan":
    ...                 "Jämställdhetsintegrering i Försäkringskassan"})
    'Jämställdhetsintegrering i Försäkringskassan'
    """
    return spaced.get(re.sub(r"\s", "", title), title)


def spaced_bookmarks(pdf: Path, texts: list[str]) -> None:
    """Rewrite the PDF's bookmarks with their headings' own spacing."""
    import pikepdf

    spaced = {re.sub(r"\s", "", t): t for t in texts}
    with pikepdf.open(pdf, allow_overwriting_input=True) as doc:
        with doc.open_outline() as outline:
            items = list(outline.root)
            while items:
                item = items.pop()
                item.title = bookmark_title(item.title, spaced)
                items += item.children
        doc.save(pdf)


def pages(pdf: Path) -> int:
    import pikepdf

    with pikepdf.open(pdf) as doc:
        return len(doc.pages)


def make(console: Console) -> tuple[Path, int]:
    """The published edition's PDF, copied to ``_build/pdf`` under a name that says which
    book it is; return it and its page count."""
    current = editions.published()
    folder = editions.Folder(current.root.resolve()) if current else None
    summary = editions.summary(folder)
    if not summary or not (folder.html / FILE).is_file():
        raise BuildError("No built book to print: run `make book` first.")
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    target = OUT / f"indikatorbok_{summary['programme']}_{summary['edition']}.pdf"
    shutil.copyfile(folder.html / FILE, target)
    return target, pages(target)
