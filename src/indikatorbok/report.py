"""Presentation of an indicator page in a notebook: HTML/Markdown outputs, glue and the CSV.

Outputs are plain HTML and Markdown so that they read the same in JupyterLab and in the
built book, and are deterministic so that nbval can compare re-executions.
"""

from __future__ import annotations

import html
import json
import math
from pathlib import Path

import pandas as pd
from IPython.display import HTML, Markdown

from indikatorbok import assessments, explore, findings, paths, plots, reads, text
from indikatorbok.indicators import Shown
from indikatorbok.programme import Edition
from indikatorbok.result import (
    UNITS,
    Figure,
    IndicatorResult,
    Table,
    measured_columns,
    row_label,
    shown,
)

SCALE_PAGE = "bedomningar.html"  # the assessment scale (appendix.SCALE, rendered)
NARROW_SCREEN = 600  # px: screens up to this width get the narrow drawing of a figure
UNIT_WORDS = {"percent": "procent", "count": "antal", "index": "index från 0 till 100",
              "ratio": "oddskvot", "flag": "ja eller nej"}  # a unit as a sentence says it


def synthetic_notice(result: IndicatorResult) -> HTML:
    """A visible label when the page's figures come from synthetic data (else nothing)."""
    if not result.synthetic:
        return HTML("")
    notice = result.programme.text("page_synthetic")
    return HTML(f'<div class="syntetiska-data" role="note"><p>{notice}</p></div>')


def at_a_glance(result: IndicatorResult, assessment: dict | None = None) -> HTML:
    """The page's answer first, from its findings: the latest value with its unit and
    period, the change since the previous measurement, women and men, the analysts'
    assessment (``assessment``: its category and reason, as the build passes them; else
    read from the edition's file) and the status."""

    ind, found = result.indicator, result.statement()
    facts = []
    # What it measures: the headline's table (the first table, for a result in words).
    measures = next((tab for tab in result.tables if result.summary
                     or any(r.series_key == result.headline for r in tab.rows)), None)
    if measures is not None:
        unit = (unit_caption(result, measures).lower() if measures.unit == "count"
                else UNIT_WORDS[measures.unit])
        said = measures.title.rstrip(".")
        facts.append(("Mäter", said + ("." if said.lower().startswith(unit)
                                       else f" ({unit}).")))
    latest = found.latest
    if result.summary:
        year = str(max(result.measured_years)) if result.measured_years else ""
        when = f" ({year})" if year and year not in result.summary else ""
        facts.append(("Senaste resultat",
                      result.summary[:1].upper() + result.summary[1:] + when + "."))
    elif latest is not None:
        value = latest["words"]
        series = result.headline_rows().series.iloc[0]
        if found.unit != "count" and (measures is None
                                      or series != measures.title.rstrip(".")):
            value = f"{series}: {value}"  # else the table's title says what it is
        period = f", {latest['part_year']}" if latest["part_year"] else ""
        facts.append(("Senaste resultat",
                      f"{value[:1].upper()}{value[1:]} ({latest['year']}{period})."))
        measured = {y for y, _ in found.headline}
        if result.year in measured and latest["year"] != result.year:
            facts.append(("Obs", f"Värdet för {result.year} redovisas inte; det senaste som "
                                 f"redovisas avser {latest['year']}."))
    else:
        facts.append(("Senaste resultat", f"Inga uppgifter till och med {result.year}."))
    if found.change is not None and not result.summary:
        facts.append(("Förändring", found.change.sentence()))
    if found.difference is not None:
        facts.append(("Kvinnor och män", found.difference.brief()))
    if found.balance is not None:
        facts.append(("Könsfördelning", found.balance.brief()))
    if assessment is None:
        assessed = assessments.load(Edition(result.programme, result.year, Path()))
        assessment = {"category": assessed.indicators.get(ind.id),
                      "reason": assessed.reasons.get(ind.id)}
    category, reason = assessment["category"], assessment["reason"]
    word = (result.programme.policy.category(category).label.lower() if category
            else "saknas")
    facts.append(("Bedömning", word.capitalize() + "."
                  + (f" Analytikernas motivering: {reason}" if reason else "")))
    facts.append(("Status", f"Uppföljningen är {result.status}."))
    items = "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(v)}"
                    + (f' <a href="../{SCALE_PAGE}">Så bedöms indikatorerna</a>'
                       if k == "Bedömning" else "") + "</dd>" for k, v in facts)
    return HTML(f'<dl class="i-korthet">{items}</dl>')


TESTS_TITLE = "Statistiska prövningar"


def tests(result: IndicatorResult) -> Shown:
    """The tests behind the page's statements, for the reviewer: for every change and
    difference the page states, the test, its statistic, n per group, p, the level and the
    decision (or why nothing was tested), and the sentence the page says it in."""
    rows = []
    for compared, finding in result.tested():
        test = finding.test
        row = {"Jämförelse": compared, "Prövning": "ingen", "Statistika": math.nan,
               "n per grupp": "", "p": "", "Nivå": "",
               "Slutsats": finding.why or ("inga värden att jämföra" if finding.kind == "same"
                                           else "alla räknas, ingen osäkerhet att pröva")}
        if test is not None:
            row |= {"Prövning": test.name,
                    "Statistika": math.nan if test.statistic is None
                    else round(test.statistic, 3),
                    "n per grupp": " / ".join(text.number(n) for n in test.n), "p": test.words,
                    "Nivå": text.number(test.alpha, 2),
                    "Slutsats": "statistiskt säkerställd" if test.significant
                    else "inte statistiskt säkerställd"}
        rows.append(row | {"På sidan": finding.sentence()})
    notes = [] if rows else ["Sidan redovisar ingen förändring eller skillnad som prövas."]
    return Shown(TESTS_TITLE, pd.DataFrame(rows), notes)


def status(result: IndicatorResult) -> Markdown:
    ind = result.indicator
    measured = sorted(result.measured_years & set(ind.expected_years(result.year)))
    lines = [
        f"**Effektkedjans steg:** {ind.step.kind_label}: {ind.step.title}.",
        "",
        f"**Status:** Uppföljningen av indikatorn är {result.status}.",
    ]
    if measured:
        lines[-1] += f" Den har mätts {text.year_span(measured)}."
    planned = ind.expected_years(result.year)
    with_data = set(result.tidy.dropna(subset=["value"]).year.astype(int))
    if result.year in result.measured_years or result.year in with_data:
        pass  # measured in the year (in some series, when the headline's is not)
    elif planned and max(planned) < result.year:  # the plan's measurements ended earlier
        lines[-1] += (f" Planen anger mätningar {text.year_span(planned)}, så för "
                      f"{result.year} finns ingen.")
    elif result.measured_years:
        lines[-1] += (f" Det finns inga uppgifter för {result.year}; den senaste mätningen "
                      f"avser {max(result.measured_years)}.")
    if ind.progress(result.year, result.measured_years) != "done" and ind.reason_partial:
        lines[-1] += f" {ind.reason_partial}"
    return Markdown("\n".join(lines))


# The most characters a result table's row may need (its longest words, plus room for the
# cells' padding) to fit a phone's screen (390 px) at the table's small type; a wider table
# is shown there as one card per row, each value beside its column's heading.
PHONE_CHARS = 50


def fits_phone(columns: list[list[str]]) -> bool:
    """Whether a table whose columns hold these texts (heading first) fits a phone."""
    return sum(max((len(w) for t in column for w in t.split(" ")), default=0) + 1.5
               for column in columns) <= PHONE_CHARS


def table_html(result: IndicatorResult, table: Table) -> str:
    """An accessible HTML table: caption with unit, header cells with scope, notes below.
    Years without any measurement are left out (a note names them). A table too wide for
    a phone carries its headings on its cells, for the phone's card layout."""
    original, table = table, measured_columns(result, table)
    rows = [(row.label or row_label(result, row),
             [shown(result, row.series_key, year, group, table.unit)
              for group, year in table.cells(row)]) for row in table.rows]
    columns = [[table.column_label, *(label for label, _ in rows)],
               *([h, *(cells[j] for _, cells in rows)] for j, h in enumerate(table.headers))]
    cards = not fits_phone(columns)
    # A card table's roles, written out: laid out as blocks, its elements keep them.
    role = {k: f' role="{v}"' if cards else "" for k, v in (
        ("table", "table"), ("group", "rowgroup"), ("tr", "row"), ("col", "columnheader"),
        ("row", "rowheader"), ("td", "cell"))}
    head = "".join(f'<th scope="col"{role["col"]}>{html.escape(h)}</th>' for h in table.headers)
    body = []
    for label, cells in rows:
        shown_cells = "".join(
            f'<td{role["td"]} data-rubrik="{html.escape(h)}">{c}</td>' if cards
            else f"<td>{c}</td>" for h, c in zip(table.headers, cells, strict=True))
        body.append(f'<tr{role["tr"]}><th scope="row"{role["row"]}>{html.escape(label)}</th>'
                    f"{shown_cells}</tr>")
    caption = f"{html.escape(table.title)}. {html.escape(unit_caption(result, table))}"
    notes = "".join(f'<p class="anm">Anm. {html.escape(n)}</p>'
                    for n in [*table.notes, *_no_data_note(result, original)])
    kind = "indikatortabell kort" if cards else "indikatortabell"
    return (
        f'<table class="{kind}"{role["table"]}><caption>{caption}</caption>'
        f'<thead{role["group"]}><tr{role["tr"]}><th scope="col"{role["col"]}>'
        f"{html.escape(table.column_label)}</th>{head}</tr></thead>"
        f"<tbody{role['group']}>{''.join(body)}</tbody></table>{notes}{source_line(result)}"
    )


def unit_caption(result: IndicatorResult, table: Table) -> str:
    """A table's unit as its caption says it; a table of counts says what they count
    (``Antal personer``)."""
    if table.unit != "count":
        return UNITS[table.unit]
    t = result.tidy
    counted = set(t.loc[t.series_key.isin([r.series_key for r in table.rows]), "counted"])
    words = result.programme.count_units if result.programme is not None else {}
    if len(counted) == 1 and (word := words.get(counted.pop())):
        return f"{UNITS['count']} {word}"
    return UNITS["count"]


def source_line(result: IndicatorResult) -> str:
    """The source under a table or a figure (and that the figures are synthetic)."""
    source = result.method.source.rstrip(".")
    made_up = " Syntetiska data." if result.synthetic else ""
    return f'<p class="kalla">Källa: {html.escape(source)}.{made_up}</p>'


def _no_data_note(result: IndicatorResult, table: Table) -> list[str]:
    """A table of years that ends before the edition's year says which years it lacks."""
    if table.groups is not None or result.year in table.columns:
        return []
    last = max(table.columns, default=result.year - 1)
    missing = [str(y) for y in range(last + 1, result.year + 1)]
    return [f"Uppgifter för {text.join(missing)} finns inte."]


def results(result: IndicatorResult) -> HTML:
    """Each table with the charts of its values above it (and, where it has a breakdown,
    a chart to explore below it), then the charts no table shows, and a legend for the
    symbols the tables use."""
    n = len(result.tables)
    wrong = [f.caption for f in result.figures if f.table is not None and not -n <= f.table < n]
    if wrong:
        raise ValueError(f"{result.indicator.id}: the chart {wrong[0]!r} names a table the "
                         f"result does not have (it has {n})")
    placed = [None if f.table is None else f.table % n for f in result.figures]
    rendered = "".join(
        "".join(figure_html(result, f) for f, at in zip(result.figures, placed, strict=True)
                if at == i) + table_html(result, t) + explore.explorer_html(result, t)
        for i, t in enumerate(result.tables))
    rendered += "".join(figure_html(result, f) for f, at in zip(result.figures, placed,
                                                                  strict=True) if at is None)
    symbols = result.programme.policy.legend()
    used = [s for s in symbols if f">{s}</td>" in rendered]
    legend = "; ".join(f"<code>{s}</code> {symbols[s]}" for s in used)
    if legend:
        rendered += f'<p class="teckenforklaring">Teckenförklaring: {legend}.</p>'
    return HTML(rendered)


def figure_html(result: IndicatorResult, f: Figure) -> str:
    """A chart drawn twice: for wide screens and print, and narrower for phones (so that
    its text is not scaled down below a readable size)."""
    wide = plots.to_data_uri(f.figure)
    small = plots.to_data_uri(plots.narrow(f.figure))
    return (f'<figure class="indikatorfigur"><picture>'
            f'<source media="(max-width: {NARROW_SCREEN}px)" srcset="{small}">'
            f'<img src="{wide}" alt="{html.escape(f.alt)}"></picture>'
            f"<figcaption>{html.escape(f.caption)}{source_line(result)}</figcaption></figure>")


def narrative(result: IndicatorResult) -> Markdown:
    return Markdown("\n\n".join(result.narrative))


def method(result: IndicatorResult) -> Markdown:
    m = result.method
    out = [f"**Datakälla:** {m.source}"]
    if m.question:
        out.append(f"**Fråga i enkäten:** {m.question}")
        out.append("**Svarsalternativ:**\n\n" + "\n".join(f"- {o}" for o in m.options))
    out.extend(m.paragraphs)
    if m.respondents is not None and not m.respondents.empty:
        header = "| " + " | ".join(m.respondents.columns) + " |"
        sep = "|" + "---|" * len(m.respondents.columns)
        rows = ["| " + " | ".join(str(v) for v in r) + " |"
                for r in m.respondents.itertuples(index=False)]
        out.append("\n".join([header, sep, *rows]))
    return Markdown("\n\n".join(out))


FINDINGS_SUFFIX = ".findings.json"
READS_SUFFIX = ".reads.json"  # what the notebook read, for the build's cache (not published)


def read_tidy(path: Path) -> pd.DataFrame:
    """A tidy CSV as :func:`publish` wrote it: blank values and n are NaN, blank groups ""."""
    return pd.read_csv(path, dtype={"group": str}, keep_default_na=False,
                       na_values={"value": [""], "n": [""]})


def read_findings(data_dir: Path) -> dict[str, findings.Findings]:
    """What :func:`publish` wrote per indicator: its findings, the claims every other page
    of the edition states about it."""
    return {p.name.removesuffix(FINDINGS_SUFFIX): findings.Findings.from_dict(
        json.loads(p.read_text(encoding="utf-8")))
        for p in sorted(data_dir.glob(f"*{FINDINGS_SUFFIX}"))}


class GluedText(str):
    """A glued string shown as itself (not its Python repr) where another page quotes it."""

    def __repr__(self) -> str:
        return str(self)

    def _repr_pretty_(self, p, cycle) -> None:
        p.text(str(self))


def publish(result: IndicatorResult, out_dir: str | Path,
            data_dir: str | Path | None = None) -> Path:
    """Write the tidy CSV into ``out_dir`` (relative paths from the project root), glue the
    key values for other pages to quote, and, given the edition's ``data_dir``, note what
    the notebook read (for the build's cache)."""
    from myst_nb import glue

    target = paths.resolve(out_dir, paths.ROOT)
    target.mkdir(parents=True, exist_ok=True)
    path = target / f"{result.indicator.id}.csv"
    frame = result.published()
    frame["value"] = frame["value"].map(
        lambda v: "" if math.isnan(v) else (str(int(v)) if float(v).is_integer() else str(v)))
    frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    # The findings, which Del 1, the summary, the review and the audit state and check.
    (target / f"{result.indicator.id}{FINDINGS_SUFFIX}").write_text(json.dumps(
        result.statement().as_dict(), ensure_ascii=False, allow_nan=False),
        encoding="utf-8")
    for key, value in result.key_values().items():
        glue(key, GluedText(value), display=False)
    if data_dir is not None:
        (target / f"{result.indicator.id}{READS_SUFFIX}").write_text(json.dumps(
            reads.named(reads.stop(), reads.roots(result.programme.root,
                                                  paths.resolve(data_dir, paths.ROOT))),
            indent=1), encoding="utf-8")
    return path
