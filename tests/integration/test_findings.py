"""One finding, the same on every surface: for every indicator of every published book, the
answer box, the narrative, Del 1, the summary, the tidy CSV and the workbook state what the
indicator's findings state (its latest value, the change since the previous measurement
with its test, the difference between women and men, the even-division reading, each
withheld cell)."""

from __future__ import annotations

import html
import re
from functools import cache

import openpyxl
import pytest

from indikatorbok import findings, report, text, workbook
from tests.integration.books import BOOKS, Book

pytestmark = pytest.mark.skipif(not BOOKS, reason="no built book: run `make books`")


@pytest.fixture(params=BOOKS, ids=str, scope="module")
def book(request) -> Book:
    return request.param


def plain(markup: str) -> str:
    """The text of some HTML, as a reader reads it (one space between words; inline
    elements, such as a quoted value, run on with the words around them)."""
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S | re.I)
    markup = re.sub(r"</?(p|li|dd|dt|div|h\d|table|tr|td|th|br)\b[^>]*>", " ", markup)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", markup)).replace("\xa0", " ")
                    .split())


def same(words: str) -> str:
    return " ".join(words.replace("\xa0", " ").split())


@cache
def found(book: Book) -> dict[str, findings.Findings]:
    return report.read_findings(book.folder.data)


@cache
def page(book: Book, indicator: str) -> str:
    ind = book.programme.catalog.indicators[indicator]
    return (book.html / "del2" / f"{ind.notebook}.html").read_text(encoding="utf-8")


def box(book: Book, indicator: str) -> dict[str, str]:
    """The answer box: heading -> its text."""
    dl = re.search(r'<dl class="i-korthet">(.*?)</dl>', page(book, indicator), re.S).group(1)
    return {plain(k): plain(v) for k, v in re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", dl,
                                                      re.S)}


def narrative(book: Book, indicator: str) -> str:
    """The first paragraph of the results: the headline's sentences."""
    results = page(book, indicator).split('id="resultat"', 1)[-1]
    return plain(re.search(r"<p>(.*?)</p>", results, re.S).group(1))


def previous_words(change: findings.Change) -> str:
    fmt = text.percent_words if change.unit == "percent" else text.number
    return same(f"{fmt(change.previous)} ({change.previous_year})")


def test_every_indicator_has_its_findings(book):
    computed = set(book.programme.catalog.computed())
    assert set(found(book)) == computed


def test_the_box_states_the_findings(book):
    wrong = []
    for i, f in found(book).items():
        said = box(book, i)
        expected = {"Förändring": f.change and not f.summary and f.change.sentence(),
                    "Kvinnor och män": f.difference and f.difference.brief(),
                    "Könsfördelning": f.balance and f.balance.brief()}
        for heading, sentence in expected.items():
            if sentence and same(sentence) != said.get(heading):
                wrong.append(f"{i} {heading}: {said.get(heading)!r} != {sentence!r}")
            if not sentence and heading in said:
                wrong.append(f"{i} {heading}: the box says {said[heading]!r}, the findings "
                             f"nothing")
        if f.latest and not f.summary and same(f.latest["words"]).lower() not in \
                said["Senaste resultat"].lower():
            wrong.append(f"{i} Senaste resultat: {said['Senaste resultat']!r}")
    assert wrong == []


# The words each kind of change is said with, and the words that contradict it.
SAID = {"up": ("ökning", "fler"), "down": ("minskning", "färre"),
        "uncertain": ("ingen statistiskt säkerställd förändring",),
        "same": ("oförändrat", "lika många"), "rounded_same": ("Avrundat",),
        "not_compared": ("Jämförs inte", "görs inte")}


def test_the_narrative_states_the_change_the_findings_state(book):
    wrong = []
    for i, f in found(book).items():
        change = f.change
        if change is None or f.summary:
            continue
        first = narrative(book, i)
        about = (rf"(?:än|som) {change.previous_year}" if change.unit == "count"
                 else rf"jämfört med {change.previous_year}")
        for sentence in re.findall(rf"[^.]*{about}[^.]*\.", first):
            if not any(w in sentence for w in SAID[change.kind]):
                wrong.append(f"{i}: {sentence.strip()!r} where the finding is {change.kind}")
        if f.difference is not None and f.difference.kind != "not_compared" \
                and f.difference.unit == "percent":
            whole = plain(page(book, i))
            if same(f.difference.sentence()) not in whole:
                wrong.append(f"{i}: the page does not state {f.difference.sentence()!r}")
    assert wrong == []


def del1_lines(book: Book) -> dict[str, str]:
    """Each indicator's line in Del 1 and the summary: indicator -> the texts."""
    lines: dict[str, list[str]] = {}
    pages = [*sorted((book.html / "del1").glob("mal_*.html")),
             book.html / "sammanfattning.html"]
    for path in pages:
        for item in re.findall(r"<li>(.*?)</li>", path.read_text(encoding="utf-8"), re.S):
            said = plain(item)
            m = re.match(r"(\d+(?:\.\d+)+) ", said)
            if m:
                lines.setdefault(m.group(1), []).append(said)
    return lines


def test_del1_and_the_summary_state_the_change_the_findings_state(book):
    lines, wrong = del1_lines(book), []
    for i, f in found(book).items():
        change = f.change
        for line in lines.get(i, []):
            if f.latest and not f.summary and same(f.latest["words"]) not in line:
                wrong.append(f"{i}: {line!r} lacks {f.latest['words']!r}")
            if (change is None or f.summary or not f.latest
                    or change.year != f.latest["year"]):
                continue
            clause = same(change.clause(previous_words(change)))
            if clause not in line:
                wrong.append(f"{i}: {line!r} does not say {clause!r}")
    assert lines and wrong == []


def test_the_csv_publishes_the_cells_of_the_findings(book):
    wrong = []
    for i, f in found(book).items():
        tidy = report.read_tidy(book.folder.data / f"{i}.csv")
        assert len(tidy) == len(f.cells)
        for row, (_, _, year, value, n, withheld, unit) in zip(tidy.itertuples(), f.cells,
                                                                strict=True):
            shown = None if text.missing(row.value) else float(row.value)
            if (int(row.year), shown, bool(row.withheld), row.unit) != \
                    (year, value, withheld, unit) or (None if text.missing(row.n)
                                                      else int(row.n)) != n:
                wrong.append(f"{i}: {row} against {(year, value, n, withheld, unit)}")
    assert wrong == []


@cache
def sheets(book: Book):
    return openpyxl.load_workbook(book.folder.data / workbook.FILE, read_only=True)


def test_the_workbook_states_the_latest_value_and_every_withheld_cell(book):
    wb, wrong = sheets(book), []
    symbol = book.programme.policy.symbol(workbook.SUPPRESSED)
    for i, f in found(book).items():
        if not f.cells:
            continue
        values = [c for row in wb[i].iter_rows(values_only=True) for c in row]
        if values.count(symbol) != sum(c[5] for c in f.cells):
            wrong.append(f"{i}: {values.count(symbol)} withheld cells in the workbook, "
                         f"{sum(c[5] for c in f.cells)} in the findings")
        if f.latest and f.latest["value"] is not None and f.unit != "flag" \
                and f.latest["value"] not in values:
            wrong.append(f"{i}: the latest value {f.latest['value']} is not on its sheet")
    assert wrong == []
