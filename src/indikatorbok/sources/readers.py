"""Readers for agency exports: a year's file found by its contract, in whichever format the
agency exported (CSV with comma or semicolon, UTF-8 or Windows-1252, decimal comma; Excel;
Parquet)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from indikatorbok.sources.contract import FORMATS, MAX_EXAMPLES, MISSING_TOKENS, DataError, Schema

if TYPE_CHECKING:
    pass


def find_file(data_dir: Path, year: int, spec: Schema) -> Path | None:
    """The year's file for a source, in any supported format; an error if there are several."""
    found = [data_dir / str(year) / f"{spec.file}{ext}" for ext in FORMATS]
    found = [p for p in found if p.is_file()]
    if len(found) > 1:
        raise DataError(f"Source '{spec.source}', year {year}: several files "
                        f"({', '.join(p.name for p in found)}); keep exactly one.")
    return found[0] if found else None


def check_file_names(folder: Path) -> None:
    """Refuse file names that are not UTF-8 (a Latin-1 "å" from an old system): the
    engine names every file it reads in its outputs and messages, which are UTF-8."""
    bad = sorted(str(p.relative_to(folder)).encode("utf-8", "surrogateescape")
                 for p in folder.rglob("*") if not _utf8(p.name))
    if bad:
        shown = ", ".join(repr(name)[2:-1] for name in bad[:MAX_EXAMPLES])
        raise DataError(f"Folder {folder}: {len(bad)} file name(s) not in UTF-8 ({shown}). "
                        f"Rename them with UTF-8 characters, or move them out of the folder.")


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes come back as lone surrogates
        return False
    return True


# UTF-8 letters read as Windows-1252: "å" becomes "Ã¥". In a file that is not valid UTF-8,
# they show that part of it was UTF-8 after all.
MIXED_ENCODING = re.compile("Ã[" + re.escape(bytes(range(0x80, 0xC0)).decode(
    "cp1252", errors="ignore")) + "]")


def _decode(raw: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM), else Windows-1252, the two encodings agency exports use;
    an error for a file that mixes them."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return check_single_encoding(raw.decode("cp1252"), path)


def check_single_encoding(text: str, path: Path, first_line: int = 1) -> str:
    """``text`` decoded as Windows-1252, unless it shows UTF-8 letters (then an error)."""
    found = MIXED_ENCODING.search(text)
    if found:
        line = first_line + text.count("\n", 0, found.start())
        raise DataError(f"File {path} mixes encodings: it is not UTF-8, but line {line} has "
                        f"UTF-8 letters ({found.group()!r} read as Windows-1252). Export the "
                        f"whole file in one encoding.")
    return text


def read_table(path: Path) -> tuple[pd.DataFrame, bool]:
    """Read a file as text columns. Returns the frame and whether numbers use decimal comma.
    The frame's index is each row's file line minus two (the header is line 1), so that
    messages name the line even where a quoted field spans lines."""
    suffix = path.suffix.lower()
    if suffix in (".parquet", ".xlsx") and path.stat().st_size == 0:
        raise DataError(f"File {path} is empty.")
    if suffix == ".parquet":
        return pd.read_parquet(path).astype("string"), False
    if suffix == ".xlsx":
        df = pd.read_excel(path, dtype=str, engine="openpyxl", keep_default_na=False,
                           na_values=list(MISSING_TOKENS))
        return df.astype("string"), False
    text = _decode(path.read_bytes(), path)
    if not text.strip():
        raise DataError(f"File {path} is empty.")
    delimiter = sniff_delimiter(text.splitlines()[0])
    df = _plain_csv(text, delimiter)
    if df is None:
        header, rows, lines = csv_records(text, delimiter, path)
        df = pd.DataFrame(rows, columns=header, index=[n - 2 for n in lines], dtype="string")
    return df.replace(list(MISSING_TOKENS), pd.NA), delimiter != ","


def _plain_csv(text: str, delimiter: str) -> pd.DataFrame | None:
    """A CSV without quotes or blank lines read by Arrow's reader (ten times the speed of
    :func:`csv_records`): each record is one line, so the index is the line minus two as
    there. None, for :func:`csv_records` to read (and explain), when the text has quotes or
    blank lines, a repeated column name or a line with the wrong number of fields."""
    import pyarrow as pa
    from pyarrow import csv as arrow_csv

    body = text.removesuffix("\n").removesuffix("\r")
    if '"' in text or "\n\n" in body or "\n\r\n" in body or "\r" in body.replace("\r\n", ""):
        return None
    header = body.split("\n", 1)[0].rstrip("\r").split(delimiter)
    if len(set(header)) != len(header):
        return None
    try:
        table = arrow_csv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=arrow_csv.ReadOptions(column_names=header, skip_rows=1),
            parse_options=arrow_csv.ParseOptions(delimiter=delimiter, quote_char=False),
            convert_options=arrow_csv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.string()), strings_can_be_null=False,
                quoted_strings_can_be_null=False))
    except pa.ArrowInvalid:
        return None
    df = table.to_pandas().astype("string")
    df.index = range(len(df))
    return df


def csv_records(text: str, delimiter: str, path: Path
                ) -> tuple[list[str], list[list[str]], list[int]]:
    """The header, the records and the file line each record starts on; an error naming
    the lines whose number of fields differs from the header's, or an unclosed quote."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows, lines, wrong = [], [], []
    try:
        header = next(reader)
        start = reader.line_num + 1
        for record in reader:
            if record:  # a blank line is no record
                if len(record) != len(header):
                    wrong.append(f"line {start}: {len(record)} fields")
                rows.append(record)
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as err:
        raise DataError(f"File {path}: cannot be read as CSV from line {start} ({err}): "
                        f"probably a quote that is never closed. Export the file again with "
                        f"every text field that contains the separator, a quote or a line "
                        f"break in double quotes.") from None
    if wrong:
        more = f" (and {len(wrong) - MAX_EXAMPLES} more)" if len(wrong) > MAX_EXAMPLES else ""
        raise DataError(f"File {path}: the header has {len(header)} fields, but "
                        f"{', '.join(wrong[:MAX_EXAMPLES])}{more}. A field that contains the "
                        f"separator must be quoted; a cut-off file must be exported again.")
    return header, rows, lines


def sniff_delimiter(header: str) -> str:
    """Comma, semicolon or tab, from the header line."""
    try:
        return csv.Sniffer().sniff(header, delimiters=",;\t").delimiter
    except csv.Error:
        return ","
