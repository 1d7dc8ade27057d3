"""The edition's machine-readable downloads beside the tidy CSV files: each table as a CSV
for Swedish Excel (semicolon, decimal comma, a byte-order mark, Swedish headers and words),
a Frictionless Data Package describing the tidy files (fields, types, units, what a blank
value means) and one zip with all of them, for readers who want every table at once."""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

from indikatorbok import pdf, text, workbook
from indikatorbok.catalog import id_order
from indikatorbok.editions import Folder
from indikatorbok.programme import Edition, Programme
from indikatorbok.result import UNITS

DATA = "data"  # the folder, in the book's root, of the downloads' fixed addresses
PACKAGE = "datapackage.json"
EXCEL = "excel"  # the folder, in the edition's data, of the tables for Swedish Excel
ZIP = "indikatorbok_csv.zip"
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # no time in the archive: the same tables, the same bytes

FIELDS = {
    "indicator": ("string", "Indikatorns nummer i verksamhetslogiken, till exempel 1.1.1."),
    "series": ("string", "Serien: vad värdet mäter."),
    "group": ("string", "Gruppen värdet gäller (tom: samtliga)."),
    "year": ("integer", "Året värdet avser; för en summa över flera år det sista av dem."),
    "first_year": ("integer", "Det första året värdet omfattar: detsamma som year för ett "
                              "årsvärde, periodens första år för en summa över flera år."),
    "value": ("number", "Värdet i enheten i kolumnen unit. Tomt när uppgiften saknas, är för "
                        "osäker att redovisa eller skyddas (se withheld)."),
    "unit": ("string", "Enheten: " + "; ".join(f"{k} = {v.lower()}" for k, v in
                                                UNITS.items()) + "."),
    "counted": ("string", "Vad ett antal räknar (till exempel persons, cases): ett av "
                          "programmets slag av antal; tomt för andra enheter."),
    "n": ("integer", "Antal svarande, personer eller ärenden som andelen bygger på, där det "
                     "finns ett."),
    "withheld": ("boolean", "Sant när värdet inte redovisas för att skydda enskilda personer "
                            "(tecknet x i boken); annars betyder ett tomt värde att uppgiften "
                            "saknas eller är för osäker (..)."),
}


# The tidy columns under their Swedish headings, in the CSV for Swedish Excel.
EXCEL_HEADERS = {"indicator": "Indikator", "series": "Serie", "group": "Grupp", "year": "År",
                 "first_year": "Första år", "value": "Värde", "unit": "Enhet",
                 "counted": "Räknar", "n": "Antal som värdet bygger på",
                 "withheld": "Skyddas (x)"}
YES_NO = {"True": "ja", "False": "nej"}


def for_excel(tidy_csv: Path, prog: Programme) -> list[list[str]]:
    """A tidy CSV's rows as Swedish Excel reads them, the Swedish headings first: units and
    count words in Swedish, "ja" and "nej" (the values and n as they are; :func:`write_excel`
    writes decimal commas). Read with the csv module: the files are small, and many."""
    words = {"unit": UNITS, "counted": prog.count_units}
    with tidy_csv.open(encoding="utf-8", newline="") as f:
        rows = [row for row in csv.reader(f) if row]
    columns = rows[0]
    return [[EXCEL_HEADERS.get(c, c) for c in columns]] + [
        [YES_NO.get(v, "") if c == "withheld" else words.get(c, {}).get(v, v)
         for c, v in zip(columns, row, strict=True)] for row in rows[1:]]


def write_excel(rows: list[list[str]], path: Path) -> None:
    """A table for Swedish Excel (its headings first): semicolons, decimal commas, UTF-8
    with a byte-order mark (so that Excel reads å, ä and ö) and Windows line ends."""
    value = rows[0].index(EXCEL_HEADERS["value"])
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, delimiter=";", lineterminator="\r\n")
        writer.writerow(rows[0])
        writer.writerows([*row[:value], row[value].replace(".", ","), *row[value + 1:]]
                         for row in rows[1:])


def write(edition: Edition, folder: Folder, day: str) -> list[Path]:
    """Write the tables for Swedish Excel, the data package (made on ``day``, as
    2026-12-01) and the zip of every tidy CSV into the edition's data."""
    data, prog = folder.data, edition.programme
    tables = sorted(data.glob("*.csv"), key=lambda p: id_order(p.stem))
    tables = [p for p in tables if p.stem in prog.catalog.indicators]
    (data / EXCEL).mkdir(exist_ok=True)
    excel = [data / EXCEL / f"{p.stem}_excel.csv" for p in tables]
    for tidy, path in zip(tables, excel, strict=True):
        write_excel(for_excel(tidy, prog), path)
    schema = {"fields": [{"name": name, "type": kind, "description": about}
                         for name, (kind, about) in FIELDS.items()],
              "missingValues": [""]}
    def sources(indicators: list[str]) -> list[dict]:
        names = dict.fromkeys(s for i in indicators for s in prog.catalog[i].sources)
        return [{"title": prog.schema(s).title} for s in names]

    package = {
        "name": f"indikatorbok-{prog.name}-{edition.year}",
        "title": f"{prog.title} {edition.year}",
        "description": prog.text("data_synthetic" if edition.synthetic else "data_real"),
        "created": f"{day}T00:00:00Z",
        "licenses": [dict(prog.config["licence"])],
        "contributors": [{"title": prog.agency, "role": "publisher",
                          "email": prog.config["contact"]["email"]}],
        "sources": sources([p.stem for p in tables]),
        "resources": [{"name": f"indikator-{p.stem.replace('.', '-')}", "path": p.name,
                       "title": f"{p.stem} {prog.catalog[p.stem].title}",
                       "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
                       "sources": sources([p.stem]), "schema": schema} for p in tables],
    }
    path = data / PACKAGE
    path.write_text(json.dumps(package, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    archive = data / ZIP
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for member in [*tables, path, *excel]:
            info = zipfile.ZipInfo(str(member.relative_to(data)), ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, member.read_bytes())
    return [*excel, path, archive]


def link(label: str, name: str, root: str) -> str:
    """A link to the download ``name`` (a path in the edition's data) at its fixed address
    (``root``: from the page to the book's root). Plain HTML, which Sphinx does not follow:
    a page that links the edition's shared files is not read again whenever they change."""
    return f'<a href="{root}{DATA}/{name}" download>{label}</a>'


def links(root: str) -> str:
    """Links to the whole edition's tables and its PDF (``root``: from the page to the
    book's root)."""
    return text.join([link("alla tabeller i en Excelfil", workbook.FILE, root),
                      link("alla tabeller som CSV-filer (zip)", ZIP, root),
                      f'<a href="{root}{pdf.FILE}">hela boken som PDF</a>'])
