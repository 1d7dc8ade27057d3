"""The edition's machine-readable downloads beside the tidy CSV files: a Frictionless Data
Package describing them (fields, types, units, what a blank value means) and one zip with
all of them, for readers who want every table at once."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

from indikatorbok import pdf, text
from indikatorbok.catalog import id_order
from indikatorbok.editions import Folder
from indikatorbok.programme import Edition
from indikatorbok.result import UNITS

PACKAGE = "datapackage.json"
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


def write(edition: Edition, folder: Folder) -> list[Path]:
    """Write the data package and the zip of every tidy CSV into the edition's data."""
    data, prog = folder.data, edition.programme
    tables = sorted(data.glob("*.csv"), key=lambda p: id_order(p.stem))
    tables = [p for p in tables if p.stem in prog.catalog.indicators]
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
        "created": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT00:00:00Z"),  # the day made
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
        for member in [*tables, path]:
            info = zipfile.ZipInfo(member.name, ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, member.read_bytes())
    return [path, archive]


def links(prefix: str, root: str) -> str:
    """Markdown download links to the whole edition's tables and its PDF (``prefix``: from
    the page's source to the data; ``root``: from the page to the book's root)."""
    return text.join([
        f"{{download}}`alla tabeller i en Excelfil <{prefix}indikatorbok_tabeller.xlsx>`",
        f"{{download}}`alla tabeller som CSV-filer (zip) <{prefix}{ZIP}>`",
        f'<a href="{root}{pdf.FILE}">hela boken som PDF</a>'])
