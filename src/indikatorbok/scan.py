"""Register extracts read out of core with DuckDB.

Registers are national: a year of temporary parental benefit is about a million rows. Their
files are scanned by DuckDB, which streams them and spills to disk, instead of being read
into pandas. The contract and its rules are the same as in :mod:`sources` (types, codes,
ranges, the folder year, empty cells, unique keys), checked in SQL in one pass over the
file, with the same messages: source, file, column, rule and example rows by file line.
Indicators then aggregate in SQL and get back small frames (one row per couple or case).
Reading, typing and checking a file stay in this one module (about 430 lines): the SQL of
a rule and of the type it checks change together.
"""

from __future__ import annotations

import atexit
import codecs
import contextlib
import csv
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from indikatorbok import paths, sources
from indikatorbok.sources import DataError, Schema

MEMORY_LIMIT = os.environ.get("INDIKATORBOK_DUCKDB_MEMORY", "2GB")
UNITS = {"": 1, "b": 1, "kb": 10 ** 3, "mb": 10 ** 6, "gb": 10 ** 9, "tb": 10 ** 12,
         "kib": 2 ** 10, "mib": 2 ** 20, "gib": 2 ** 30, "tib": 2 ** 40}


# Files the readers write while reading (UTF-8 copies of Windows-1252 exports, DuckDB's
# spill files) hold confidential data: they live in the build's own folder, one private
# folder per connection, removed when the connection closes, at exit, and by the next build
# when a killed process left one behind.
TMP = paths.BUILD / "tmp"
_private: dict[int, Path] = {}  # id(connection) -> its folder


def memory_bytes(limit: str) -> int:
    """A memory limit as DuckDB writes it (``2GB``, ``1500MiB``), in bytes.

    >>> memory_bytes("2GB"), memory_bytes("1.5 GiB")
    (2000000000, 1610612736)
    """
    found = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*", limit)
    if not found or found[2].lower() not in UNITS:
        raise ValueError(f"INDIKATORBOK_DUCKDB_MEMORY={limit!r} is not a size: give one as "
                         f"DuckDB writes it, e.g. 2GB or 1500MiB.")
    return int(float(found[1]) * UNITS[found[2].lower()])


def _open(share: int = 1) -> duckdb.DuckDBPyConnection:
    """A connection with its private folder; ``share``: how many connections, each in a
    process of its own, work at once. They split the memory limit and the cores."""
    TMP.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=TMP))
    memory = memory_bytes(MEMORY_LIMIT) // share
    con = duckdb.connect(config={"memory_limit": f"{memory // 2 ** 20}MiB",
                                 "threads": max(1, (os.cpu_count() or 1) // share),
                                 "temp_directory": str(folder / "spill")})
    _private[id(con)] = folder
    # No progress bar: on a slow machine it would print into the build log. In a Jupyter
    # kernel it is already off, and DuckDB refuses to change it there without ipywidgets.
    if con.execute("SELECT current_setting('enable_progress_bar')").fetchall()[0][0]:
        con.execute("SET enable_progress_bar = false")
    return con


def close(con: duckdb.DuckDBPyConnection) -> None:
    """Close a connection and remove its private folder."""
    con.close()
    shutil.rmtree(_private.pop(id(con), TMP / "none"), ignore_errors=True)


@contextlib.contextmanager
def connect(share: int = 1):
    """A DuckDB connection for reading extracts, closed (its files removed) on leaving
    (``share``: as :func:`_open`)."""
    con = _open(share)
    try:
        yield con
    finally:
        close(con)


def persistent() -> duckdb.DuckDBPyConnection:
    """A connection kept for the life of the process (an indicator's kernel), closed and
    cleaned up at exit."""
    con = _open()
    atexit.register(close, con)
    return con


def remove_stale() -> None:
    """Private folders of processes that no longer run (a killed build's)."""
    for folder in TMP.glob("*-*") if TMP.is_dir() else ():
        pid = int(folder.name.split("-", 1)[0]) if folder.name.split("-", 1)[0].isdigit() else 0
        try:
            os.kill(pid, 0) if pid else None
            alive = bool(pid)
        except ProcessLookupError:
            alive = False
        except PermissionError:
            alive = True
        if not alive:
            shutil.rmtree(folder, ignore_errors=True)


def _literal(value) -> str:
    return "'" + str(value).replace("'", "''") + "'" if isinstance(value, str) else repr(value)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@dataclass(frozen=True)
class Extract:
    """One year's validated extract as a typed DuckDB view."""

    con: duckdb.DuckDBPyConnection
    view: str

    def df(self, query: str) -> pd.DataFrame:
        """Run ``query`` with ``{t}`` standing for the extract; return the (small) result."""
        return self.con.sql(query.replace("{t}", self.view)).df()


# --------------------------------------------------------------------------- reading


INTEGERS = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER",
            "UBIGINT", "HUGEINT")
TIMESTAMPS = ("TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS")
# The Parquet types whose values a contract type takes as they are (no round trip through
# text), and the type of each in the validated copy.
NATIVE = {"str": ("VARCHAR",), "int": INTEGERS, "float": (*INTEGERS, "FLOAT", "DOUBLE"),
          "date": ("DATE", *TIMESTAMPS)}
TYPED = {"str": "VARCHAR", "int": "BIGINT", "float": "DOUBLE", "date": "DATE"}


@dataclass(frozen=True)
class Raw:
    """A view of a file's cells: as text, except the Parquet columns ``native`` (name ->
    DuckDB type) whose type the contract takes as it is."""

    view: str
    decimal_comma: bool = False
    native: dict[str, str] = field(default_factory=dict)


def _native(ctype: str, duck_type: str) -> bool:
    return duck_type in NATIVE.get(ctype, ()) or (ctype == "float"
                                                  and duck_type.startswith("DECIMAL"))


def _raw(con: duckdb.DuckDBPyConnection, path: Path, name: str, spec: Schema) -> Raw:
    """A view of the file's cells (see :class:`Raw`), and whether numbers use decimal
    comma."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":  # spreadsheets are small: read with pandas
        df, decimal_comma = sources.read_table(path)
        con.register(f"{name}_frame", df.astype(object))
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM {name}_frame")
        return Raw(name, decimal_comma)
    if suffix == ".parquet":
        types = dict(r[:2] for r in con.execute(
            f"DESCRIBE SELECT * FROM read_parquet({_literal(str(path))})").fetchall())
        known = {*spec.columns, *spec.question_columns()}  # others: refused by name below
        native = {c: t for c, t in types.items()
                  if c in known and _native(spec.column_type(c), t)}
        cells = ", ".join(_quote(c) if c in native else
                          f"CAST({_quote(c)} AS VARCHAR) AS {_quote(c)}" for c in types)
        con.execute(f"CREATE VIEW {name} AS SELECT {cells} "
                    f"FROM read_parquet({_literal(str(path))})")
        return Raw(name, native=native)
    text = _utf8(path, _private[id(con)])
    with text.open(encoding="utf-8-sig") as f:
        first_line = f.readline()
    if not first_line.strip():
        raise DataError(f"File {path} is empty.")
    delimiter = sources.sniff_delimiter(first_line)
    header = next(csv.reader([first_line], delimiter=delimiter))
    stripped = [c.strip() for c in header]
    problems = sources.column_problems_twice(stripped)
    if problems:
        raise DataError(f"File {path}: {problems}")
    # The header as given, every field as text, and no guessing: a row with more or fewer
    # fields than the header, or an unclosed quote, is an error (with its line).
    # Named as the header gives them, space around a name left out (as in ``sources``).
    columns = "{" + ", ".join(f"{_literal(c)}: 'VARCHAR'" for c in stripped) + "}"
    con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_csv({_literal(str(text))}, "
                f"delim={_literal(delimiter)}, header=true, auto_detect=false, "
                f"columns={columns}, quote='\"', escape='\"', strict_mode=true)")
    return Raw(name, delimiter != ",")


def _utf8(path: Path, folder: Path) -> Path:
    """The file itself when it is UTF-8; else a UTF-8 copy of its Windows-1252 text (the
    two encodings agency exports use), converted in blocks into the connection's private
    ``folder``."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as f:
        try:
            for block in iter(lambda: f.read(1 << 24), b""):
                decoder.decode(block)
            decoder.decode(b"", final=True)
            return path
        except UnicodeDecodeError:
            pass
    copy = folder / path.name
    line = 1
    with path.open(encoding="cp1252", newline="") as src, \
            copy.open("w", encoding="utf-8", newline="") as dst:
        for block in iter(lambda: src.read(1 << 22), ""):
            dst.write(sources.check_single_encoding(block, path, line))
            line += block.count("\n")
    return copy


# --------------------------------------------------------------------------- validation


def _cell(name: str, raw: Raw) -> str:
    """SQL for a cell, NULL when empty: text trimmed of spaces (only where it has them, the
    trimming is slow on long texts), a text of spaces empty."""
    native, q = raw.native.get(name), _quote(name)
    if native and native != "VARCHAR":
        return q
    return (f"(CASE WHEN starts_with({q}, ' ') OR ends_with({q}, ' ') THEN NULLIF(trim({q}), '') "
            f"ELSE NULLIF({q}, '') END)")


def _text(name: str, raw: Raw) -> str:
    """SQL for a cell as the text an error message shows."""
    return f"CAST({_quote(name)} AS VARCHAR)" if name in raw.native else f"trim({_quote(name)})"


def _typed(name: str, ctype: str, raw: Raw) -> str:
    """SQL for a cell converted to the contract's type (NULL when it does not convert): a
    native Parquet value as it is (a number finite, a time stamp at midnight), else the
    text parsed."""
    cell, native = _cell(name, raw), raw.native.get(name)
    if ctype == "str":
        return cell
    if native:
        value = f"TRY_CAST({cell} AS {TYPED[ctype]})"
        if ctype == "float":
            return f"(CASE WHEN isfinite({value}) THEN {value} END)"
        if native in TIMESTAMPS:
            return f"(CASE WHEN CAST({cell} AS DATE) = {cell} THEN {value} END)"
        return value
    decimal_comma = raw.decimal_comma
    if ctype == "date":
        day = f"regexp_replace({cell}, {_literal(sources.MIDNIGHT)}, '')"
        return f"CAST(TRY_STRPTIME({day}, {_literal(sources.DATE_FORMAT)}) AS DATE)"
    text = f"replace({cell}, ',', '.')" if decimal_comma else cell
    number = f"TRY_CAST({text} AS DOUBLE)"
    # A number is finite: NaN and infinity are no values (as in ``sources``).
    return f"(CASE WHEN isfinite({number}) THEN {number} END)"


def _checks(spec: Schema, year: int, present: list[str], raw: Raw
            ) -> list[tuple[str, str, str]]:
    """(column, rule, SQL condition true for a failing row), as in ``sources``."""
    qcols = spec.question_columns()
    checks = []
    for name in present:
        col = spec.columns.get(name)
        ctype = spec.column_type(name)
        cell, value = _cell(name, raw), _typed(name, ctype, raw)
        if ctype != "str":
            checks.append((name, f"type {ctype}", f"{cell} IS NOT NULL AND {value} IS NULL"))
        if ctype == "int":
            checks.append((name, "type int (whole numbers)",
                           f"{value} % 1 <> 0 OR abs({value}) >= {sources.INT_LIMIT}"))
        if col is None:
            q = qcols[name]
            codes = [0, 1] if q.kind == "multi" else list(q.options)
            checks.append((name, f"allowed values: {codes}",
                           f"{value} NOT IN ({', '.join(map(_literal, codes))})"))
            continue
        if not col.nullable:
            checks.append((name, "no empty cells", f"{cell} IS NULL"))
        if col.codes:
            codes = list(col.codes)
            checks.append((name, f"allowed codes: {', '.join(map(str, codes))}",
                           f"{value} NOT IN ({', '.join(map(_literal, codes))})"))
        if col.min is not None:
            checks.append((name, f"at least {col.min}", f"{value} < {col.min}"))
        if col.max is not None:
            checks.append((name, f"at most {col.max}", f"{value} > {col.max}"))
        if col.folder_year:
            checks.append((name, f"equals the folder year {year}", f"{value} <> {year}"))
        if col.in_folder_year:
            checks.append((name, f"date within {year}", f"year({value}) <> {year}"))
    return checks


def _examples(con, raw: str, condition: str, shown: str) -> list[tuple[int, object]]:
    """The first failing rows as (file line, value); the header is line 1."""
    rows = con.execute(
        f"SELECT line, value FROM (SELECT row_number() OVER () + 1 AS line, {shown} AS value, "
        f"{condition} AS failed FROM {raw}) WHERE failed ORDER BY line "
        f"LIMIT {sources.MAX_EXAMPLES}").fetchall()
    return [(line, pd.NA if value is None else value) for line, value in rows]


def _file_lines(path: Path, examples: list[tuple[int, object]]) -> list[tuple[int, object]]:
    """Examples numbered by record (the header is 1) renumbered by the line of the file
    each record starts on, where quoted fields span lines (read only on this error path)."""
    if path.suffix.lower() != ".csv" or not examples:
        return examples
    wanted, starts = max(n for n, _ in examples), {}
    with path.open(encoding="latin-1", newline="") as f:  # quotes and line breaks are ASCII
        reader = csv.reader(f, delimiter=sources.sniff_delimiter(f.readline()))
        record, start = 1, 2
        for _ in reader:
            record += 1
            starts[record] = start
            start = reader.line_num + 2  # the header line was read before the reader
            if record >= wanted:
                break
    return [(starts.get(n, n), v) for n, v in examples]


def validate(con: duckdb.DuckDBPyConnection, spec: Schema, path: Path, year: int,
             name: str) -> Checked:
    """Check the file against the contract in SQL; return a typed view of it. Every
    problem, the file's own included, is a :class:`DataError` in the error format."""
    try:
        return _validate(con, spec, path, year, name)
    except DataError as err:
        if str(err).startswith("Source "):
            raise
        raise DataError(f"Source '{spec.source}': {err}") from None
    except Exception as err:  # noqa: BLE001 (DuckDB, zip or Parquet: the file is unreadable)
        raise DataError(f"Source '{spec.source}': {sources.unreadable(path, err)}") from None


@dataclass(frozen=True)
class Checked:
    """A file that meets its contract: a typed view of it and its rows. ``as_delivered``:
    the file is typed Parquet already as the contract types it (every column of its type,
    no text to trim), so it is its own validated copy."""

    view: str
    rows: int
    as_delivered: bool = False


def _validate(con: duckdb.DuckDBPyConnection, spec: Schema, path: Path, year: int,
              name: str) -> Checked:
    source = spec.source
    raw = _raw(con, path, f"{name}_raw", spec)
    present = [r[0].strip() for r in con.execute(f"DESCRIBE {raw.view}").fetchall()]
    problems = sources.column_problems(spec, present)
    label = f"Source '{source}' ({spec.title}), file {path}"
    if problems:
        raise DataError(f"{label}:\n" + "\n".join(f"  - {p}" for p in problems))
    checks = _checks(spec, year, present, raw)
    key = ", ".join(_quote(k) for k in spec.key)
    # Text a typed copy would trim or empty, in the Parquet columns read as they are.
    padded = [c for c, t in raw.native.items() if t == "VARCHAR"]
    # One pass: the rules, the distinct keys (by hash: as many hashes as rows proves the
    # keys unique; fewer, and the keys are counted exactly below) and the padded text.
    counts = con.execute(
        f"SELECT count(*), count(DISTINCT hash({key}))"
        + "".join(f", count_if(coalesce({c}, false))" for _, _, c in checks)
        + "".join(f", count_if(starts_with({_quote(c)}, ' ') OR ends_with({_quote(c)}, ' ') "
                  f"OR {_quote(c)} = '')" for c in padded)
        + f" FROM {raw.view}").fetchone()
    rows, hashes = counts[:2]
    failures, untrimmed = counts[2:2 + len(checks)], counts[2 + len(checks):]
    if rows == 0:
        raise DataError(f"{label}: {sources.NO_ROWS}")
    failing = [(check, n) for check, n in zip(checks, failures, strict=True) if n]
    wrong_type = any(rule.startswith("type ") for (_, rule, _), _ in failing)
    if wrong_type:  # as in ``sources``: values of the wrong type first, other rules after
        failing = [(check, n) for check, n in failing if check[1].startswith("type ")]
    for (column, rule, condition), n in failing:
        # As in ``sources``: the text of a value of the wrong type, else the typed value.
        shown = _text(column, raw) if rule.startswith("type ") else _cast(column, spec, raw)
        examples = _file_lines(path, _examples(con, raw.view, f"coalesce({condition}, false)",
                                               shown))
        problems.append(sources.describe_examples(column, rule, n, examples))
    duplicated = 0 if hashes == rows else con.execute(
        f"SELECT coalesce(sum(n), 0) FROM (SELECT count(*) AS n FROM {raw.view} GROUP BY {key} "
        f"HAVING count(*) > 1)").fetchone()[0]
    if duplicated and not wrong_type:
        for column in spec.key:  # as in ``sources``: one line per key column
            examples = _file_lines(path, _examples(
                con, raw.view, f"count(*) OVER (PARTITION BY {key}) > 1", _text(column, raw)))
            problems.append(sources.describe_examples(column, "unique key", duplicated,
                                                      examples))
    if problems:
        raise DataError(f"{label}:\n" + "\n".join(f"  - {p}" for p in problems))
    columns = ", ".join(f"{_cast(n, spec, raw)} AS {_quote(n)}" for n in present)
    con.execute(f"CREATE VIEW {name} AS SELECT {columns} FROM {raw.view}")
    as_delivered = (not any(untrimmed) and len(raw.native) == len(present) and all(
        raw.native.get(n) == TYPED[spec.column_type(n)] for n in present))
    return Checked(name, rows, as_delivered)


def _cast(name: str, spec: Schema, raw: Raw) -> str:
    ctype = spec.column_type(name)
    value = _typed(name, ctype, raw)
    return f"CAST({value} AS BIGINT)" if ctype == "int" else value


def from_parquet(con: duckdb.DuckDBPyConnection, path: Path, name: str) -> Extract:
    """An extract over a validated, typed Parquet file (the build's checked copy)."""
    con.execute(f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM read_parquet("
                f"{_literal(str(path))})")
    return Extract(con, name)


def validated(con: duckdb.DuckDBPyConnection, spec: Schema, path: Path, year: int,
              name: str) -> Extract:
    """Validate the file and query a typed Parquet copy of it, kept in the connection's
    private folder: the text is parsed once, however many queries follow."""
    checked = validate(con, spec, path, year, f"{name}_text")
    if checked.as_delivered:
        return from_parquet(con, path, name)
    copy = _private[id(con)] / f"{name}.parquet"
    write_parquet(con, checked.view, copy)
    return from_parquet(con, copy, name)


def write_parquet(con: duckdb.DuckDBPyConnection, view: str, target: Path) -> None:
    """A validated view's rows as a typed Parquet file."""
    con.execute(f"COPY (SELECT * FROM {view}) TO {_literal(str(target))} (FORMAT parquet)")


def from_frame(df: pd.DataFrame) -> Extract:
    """An extract over an in-memory frame (for tests of the SQL definitions)."""
    con = duckdb.connect()
    con.register("frame", df)
    return Extract(con, "frame")


def check_file(spec: Schema, path: Path, year: int) -> int:
    """Validate one file out of core; return its rows."""
    with connect() as con:
        return validate(con, spec, path, year, "extract").rows
