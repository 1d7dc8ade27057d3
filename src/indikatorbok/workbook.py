"""Every indicator's figures in one Excel workbook, laid out as accessible statistical
spreadsheets are (gptables): a cover sheet, contents, notes, one sheet per indicator with
the unit in its own column and a stated reason in every cell without a figure."""

from __future__ import annotations

import math
import os
import re
import shutil
import zipfile
from pathlib import Path

import pandas as pd

from indikatorbok import cache, paths, report, text
from indikatorbok.catalog import id_order
from indikatorbok.editions import Folder
from indikatorbok.programme import Edition, Policy
from indikatorbok.result import UNITS

FILE = "indikatorbok_tabeller.xlsx"
# Cells without a figure carry the book's table symbols (the programme's policy), by name.
SUPPRESSED, UNAVAILABLE, NOT_APPLICABLE = "withheld", "missing", "impossible"
PERIOD_COLUMN = "Hela perioden"


def shorthands(policy: Policy) -> dict[str, str]:
    """The symbol of each kind of cell without a figure and what it means, as the book's
    tables say it, with the workbook's cases spelled out."""
    why = {
        SUPPRESSED: f": färre än {policy.min_cell} personer eller ärenden i en cell, eller en "
                    f"uppgift som annars skulle kunna räknas fram ur de andra",
        UNAVAILABLE: f" (till exempel färre än {policy.min_group} svarande, eller inte mätt "
                     f"det året)",
        NOT_APPLICABLE: " (ingen summa för hela perioden i en rad per år, inget år i en rad "
                        "för hela perioden)",
    }
    return {policy.symbol(name): policy.symbols[name]["text"] + why[name]
            for name in (SUPPRESSED, UNAVAILABLE, NOT_APPLICABLE)}


def notes(policy: Policy) -> list[str]:
    return [
        "Procentandelarna är avrundade till hela procent, halvor uppåt.",
        f"Grupper med färre än {policy.min_group} svarande redovisas aldrig och jämförs inte "
        "med andra grupper.",
        f"I registeruppgifter döljs celler med färre än {policy.min_cell} personer eller "
        "ärenden, och ytterligare celler där en summa annars skulle avslöja dem.",
    ]
# gptables writes the cover's headings in English.
COVER_HEADINGS = {"Introductory information": "Inledning", "About these data": "Om uppgifterna",
                  "Contact": "Kontakt"}


def unit_label(unit: str, counted: str, count_units: dict[str, str]) -> str:
    """A row's unit as the sheet says it: ``Procent``, ``Antal personer``."""
    if unit == "count" and counted in count_units:
        return f"{UNITS[unit]} {count_units[counted]}"
    return UNITS[unit]


def sheet_frame(tidy: pd.DataFrame, symbols: dict[str, str],
                count_units: dict[str, str] | None = None) -> tuple[pd.DataFrame, list[str]]:
    """One row per series and group, one column per year (and one for totals over the whole
    period, when the sheet has any); blanks replaced by the table symbols (``symbols``: name
    -> symbol, :func:`Policy.symbol`): withheld, missing (not measured, or too few), or
    impossible (a year of a total over the period, a period total of a yearly series). The
    unit is in its own column (dropped by :func:`write` when a sheet has one unit), saying
    what a count counts (``count_units``). Also returns each row's unit."""
    tidy = tidy.assign(group=tidy["group"].fillna(""))
    if "counted" not in tidy:
        tidy = tidy.assign(counted="")
    if "first_year" not in tidy:
        tidy = tidy.assign(first_year=tidy["year"])
    total = tidy["first_year"] != tidy["year"]
    columns = [str(y) for y in sorted(int(y) for y in tidy.loc[~total, "year"].unique())]
    if total.any():
        columns.append(PERIOD_COLUMN)
    rows, units = [], []
    tidy = tidy.assign(counted=tidy["counted"].fillna(""))
    for (series, group, unit, counted), part in tidy.groupby(["series", "group", "unit",
                                                               "counted"], sort=False):
        whole_period = bool((part["first_year"] != part["year"]).all())
        row = {c: symbols[NOT_APPLICABLE if (c == PERIOD_COLUMN) != whole_period
                          else UNAVAILABLE] for c in columns}
        row.update({"Serie": series, "Grupp": group or "Samtliga",
                    "Enhet": unit_label(unit, counted, count_units or {})})
        units.append(unit)
        for r in part.itertuples():
            column = PERIOD_COLUMN if r.first_year != r.year else str(int(r.year))
            if pd.isna(r.value):
                row[column] = symbols[SUPPRESSED if bool(getattr(r, "withheld", False))
                                      else UNAVAILABLE]
            elif unit == "flag":  # yes or no, as words
                row[column] = "Ja" if r.value else "Nej"
            else:
                row[column] = r.value
        rows.append(row)
    return pd.DataFrame(rows, columns=["Serie", "Grupp", "Enhet", *columns]), units


def number_formats(frame: pd.DataFrame, units: list[str]) -> dict[str, str]:
    """The Excel number format of each unit's rows: thousands grouped, and as many decimals
    (at most two) as the unit's values have on the sheet (counts have none)."""
    formats = {}
    for unit in dict.fromkeys(units):
        rows = frame[[u == unit for u in units]].iloc[:, 3:]
        values = [v for v in rows.to_numpy().ravel() if not isinstance(v, str)]
        decimals = 0 if unit == "count" else max(
            (len(f"{v:g}".partition(".")[2]) for v in values if not math.isnan(v)), default=0)
        formats[unit] = "#,##0" + ("." + "0" * min(decimals, 2) if decimals else "")
    return formats


def write(edition: Edition, folder: Folder) -> Path:
    """The workbook of the tidy CSV files in the edition's data: the one written for the
    same tables, programme files, code and libraries before (the workbook is byte-identical
    for the same inputs), else written anew and kept."""
    import hashlib

    prog, out = edition.programme, folder.data
    tables = [*sorted(out.glob("*.csv")), *sorted(out.glob(f"*{report.FINDINGS_SUFFIX}"))]
    # The configuration, the catalog, the contracts (the sources' titles), the plans and
    # the definitions; the package's code and the installed libraries; this file.
    programme_files = [*prog.files(), *sorted(prog.indicators_dir.glob("*.yaml"))]
    digest = hashlib.sha256("\n".join([
        cache.files_digest(tables, out), cache.files_digest(programme_files, prog.root),
        cache.code_digest_with(Path(__file__)),
        str(edition.synthetic), str(edition.year)]).encode()).hexdigest()
    kept = paths.BUILD / "cache" / "workbooks" / f"{digest}.xlsx"
    path = out / FILE
    if kept.is_file() and whole(kept):
        shutil.copyfile(kept, path)
        return path
    _write(edition, folder)
    # Kept under its digest only once the copy reads back whole (a full disk cut one short).
    kept.parent.mkdir(parents=True, exist_ok=True)
    tmp = kept.with_name(f".{kept.name}.{os.getpid()}.tmp")
    try:
        shutil.copyfile(path, tmp)
        if whole(tmp):
            tmp.replace(kept)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def whole(path: Path) -> bool:
    """Whether a workbook file reads back whole (every part of the zip intact)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.testzip() is None
    except (OSError, zipfile.BadZipFile):
        return False


def _write(edition: Edition, folder: Folder) -> Path:
    import warnings

    import gptables

    prog, out = edition.programme, folder.data
    cat, policy = prog.catalog, prog.policy
    synthetic = edition.synthetic
    symbols, notes_ = shorthands(policy), notes(policy)
    named = {name: policy.symbol(name) for name in policy.symbols}
    # gptables refuses a cell of signs only (".."): such symbols go in as a stand-in, put
    # back when the workbook is written (:func:`_put_back`).
    stand_in = {sym: f"[{name}]" for name, sym in named.items() if not re.search(r"\w", sym)}
    found = report.read_findings(out)
    sheets = {}
    for csv in sorted(out.glob("*.csv"), key=lambda p: id_order(p.stem)):
        ind, tidy = cat[csv.stem], report.read_tidy(csv)
        if tidy.empty:  # no measurement in the period: nothing to tabulate
            continue
        frame, row_units = sheet_frame(tidy, named, prog.count_units)
        used = [s for s in symbols if (frame.iloc[:, 3:] == s).any().any()]
        years = list(frame.columns[3:])
        formats = number_formats(frame, row_units)
        # The page's table notes (what is counted, rounding, breaks, part years), once each.
        table_notes = list(dict.fromkeys(
            n for notes in (found[ind.id].notes.values() if ind.id in found else ())
            for n in notes))
        units = None
        if frame["Enhet"].nunique() == 1:  # one unit: in the year headers
            units = {y: frame["Enhet"].iloc[0].lower() for y in years}
            frame = frame.drop(columns="Enhet")
        source_titles = ", ".join(prog.schema(s).title for s in ind.sources)
        sheets[ind.id] = gptables.GPTable(
            table=frame.replace(stand_in), table_name=f"indikator_{ind.slug}",
            title=f"Indikator {ind.id}. {ind.title}",
            subtitles=[f"Mål {ind.step.goal_id}, {ind.step.kind_label.lower()}. "
                       "Anmärkningarna 1 och 2 på bladet Anmärkningar gäller alla tabeller.",
                       *(["Syntetiska data: siffrorna är inte verkliga uppgifter."]
                         if synthetic else []),
                       *(f"Anm. {n}" for n in table_notes)],
            instructions="Bladet innehåller en tabell med en kolumn per år.",
            units=units,
            legend=[f"{stand_in.get(s, s)} = {symbols[s]}" for s in used],
            source=f"Källa: {prog.agency}{', ' + source_titles if source_titles else ''}.",
            index_columns={2: 0},
            additional_formatting=[{"column": {"columns": years, "format": {"align": "right"}}}]
            + [{"row": {"rows": [i + 1 for i, u in enumerate(row_units) if u == unit],
                        "format": {"num_format": fmt}}} for unit, fmt in formats.items()],
        )
    sheets["Anmärkningar"] = gptables.GPTable(
        table=pd.DataFrame({"Nummer": range(1, len(notes_) + 1), "Anmärkning": notes_}),
        table_name="anmarkningar", title="Anmärkningar",
        instructions="Bladet innehåller en tabell med anmärkningar som gäller alla tabeller.",
        index_columns={2: 0})
    about = [
        "Varje indikator har ett eget blad. Raderna är indikatorns serier och grupper, "
        "kolumnerna är år.",
        "Celler utan siffra har samma tecken som tabellerna i boken: "
        + "; ".join(f"{k} {v}" for k, v in symbols.items()) + ".",
        *notes_,
    ]
    if synthetic:
        about.insert(0, prog.text("workbook_synthetic"))
    cover = gptables.Cover(
        cover_label="Om tabellerna",
        title=prog.text("workbook_title", year=edition.year),
        intro=[f"Tabellerna i årgång {edition.year} av indikatorboken, en per indikator, "
               f"med resultat för {text.year_span(edition.years)}."],
        about=about,
        contact=[prog.text("contact")])
    out.mkdir(parents=True, exist_ok=True)
    path = out / FILE
    with warnings.catch_warnings():
        # Our notes are a sheet of their own, not gptables' notes; gptables' use of pandas
        # is not ours to fix.
        warnings.filterwarnings("ignore", "No note text provided")
        warnings.filterwarnings("ignore", module="gptables")
        gptables.write_workbook(
            filename=str(path), sheets=sheets, cover=cover, contentsheet_label="Innehåll",
            contentsheet_options={"title": "Innehåll", "column_names": ["Blad", "Tabell"],
                                  "instructions": "Bladet innehåller en tabell med en rad "
                                                  "per blad."},
            auto_width=True,
            # A label such as "=HYPERLINK(...)" stays text, never a live formula.
            workbook_options={"strings_to_formulas": False})
    _put_back(path, cover.cover_label, stand_in)
    _finish(path, cover.title, prog.agency)
    return path


def _put_back(path: Path, cover: str, stand_in: dict[str, str]) -> None:
    """The book's table symbols where gptables took a stand-in (in cells and in the legend
    lines "<symbol> = …"), and the cover's headings in Swedish."""
    import openpyxl

    symbol_of = {v: k for k, v in stand_in.items()}
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if not isinstance(value, str):
                    continue
                if ws.title == cover and value in COVER_HEADINGS:
                    cell.value = COVER_HEADINGS[value]
                elif value in symbol_of:
                    cell.value = symbol_of[value]
                elif (code := value.partition(" = ")[0]) in symbol_of:
                    cell.value = symbol_of[code] + value[len(code):]
    wb.save(path)


ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


CORE = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{title}'
        '</dc:title><dc:creator>{creator}</dc:creator><dc:language>sv-SE</dc:language>'
        '</cp:coreProperties>')


def _finish(path: Path, title: str, creator: str) -> None:
    """The document's title, creator and language as its only properties (written here,
    not by openpyxl, whose XML differs with the libraries it finds); and the file made to
    depend on its contents only, so that the same inputs give the same bytes: no creation
    or modification time in the properties, one fixed time on every part of the archive."""
    from xml.sax.saxutils import escape

    core = CORE.format(title=escape(title), creator=escape(creator)).encode()
    with zipfile.ZipFile(path) as archive:
        parts = [(info.filename, archive.read(info)) for info in archive.infolist()]
    tmp = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(tmp, "w") as archive:
        for name, data in parts:
            archive.writestr(zipfile.ZipInfo(name, date_time=ZIP_EPOCH),
                             core if name == "docProps/core.xml" else data,
                             compress_type=zipfile.ZIP_DEFLATED)
    tmp.replace(path)
