"""Data sources: the machine-readable contract, readers for agency exports, and validation.

Every source of a programme is described by its ``schema/<source>.yaml`` (columns, types,
codes, keys, ranges, survey questions). :func:`load` reads a year's file in whichever format
the agency exported (CSV with comma or semicolon, UTF-8 or Windows-1252, decimal comma;
Excel; Parquet), coerces it to the contract's types and validates it with pandera. Any
violation raises :class:`DataError` naming the source, file, column, rule and example rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from indikatorbok import reads
from indikatorbok.yamlfile import ProgrammeError, checked, read_yaml

if TYPE_CHECKING:
    import pandera.pandas as pa


FORMATS = (".csv", ".xlsx", ".parquet")
DELIVERY_FILE = "delivery.yaml"
NO_ROWS = ("no rows. If it is the empty template of a new edition, replace it with the "
           "year's extract.")
MAX_EXAMPLES = 5
# One rule for every reader (pandas and DuckDB, CSV, Excel and Parquet): only an empty cell is
# missing ("NA", "-" and the like are values, refused where the contract wants a number), and a
# date is written YYYY-MM-DD, optionally with a midnight time, as Excel date cells and Parquet
# timestamps come out as text.
MISSING_TOKENS = ("",)
# A whole number is one a 64-bit integer holds (and a number is finite: NaN and infinity,
# which some exports write for a missing amount, are no values).
INT_LIMIT = 2 ** 63
DATE_FORMAT = "%Y-%m-%d"
MIDNIGHT = r"[ T]00:00:00(\.0+)?$"


class DataError(Exception):
    """Input that breaks the data contract. The message is meant for the analyst."""


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    kind: str  # "multi": one 0/1 column per option; "single"/"scale": one coded column
    options: dict[str, str]
    used_by: tuple[str, ...] = ()
    asked_if: str | None = None  # routing, e.g. "discrimination_risk = ja"
    earlier: dict | None = None  # a former wording: {until: year, text: ...}

    @property
    def columns(self) -> list[str]:
        return list(self.options) if self.kind == "multi" else [self.key]

    @property
    def numeric(self) -> bool:
        """Coded as whole numbers (multi-select 0/1, scales, numbered options)."""
        return self.kind != "single" or all(isinstance(k, int) for k in self.options)

    def wording(self, year: int) -> str:
        """The question as asked in ``year``."""
        if self.earlier and year <= self.earlier["until"]:
            return self.earlier["text"]
        return self.text


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str = ""
    nullable: bool = False
    codes: dict | None = None
    min: float | None = None
    max: float | None = None
    folder_year: bool = False
    in_folder_year: bool = False
    identifier: bool = False
    used_by: tuple[str, ...] = ()


class _Fields(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)


NAME = r"^[A-Za-z_][A-Za-z0-9_]*$"  # a source's or a column's name


class ColumnFile(_Fields):
    type: Literal["str", "int", "float", "date"]
    description: str = ""
    nullable: bool = False
    codes: dict[str | int, str] | None = None
    min: float | None = None
    max: float | None = None
    folder_year: bool = False
    in_folder_year: bool = False
    identifier: bool = False
    used_by: list[str] = []


class QuestionFile(_Fields):
    text: str
    kind: Literal["multi", "single", "scale"]
    options: dict[str | int, str] = Field(min_length=1)
    used_by: list[str] = []
    asked_if: str | None = None
    earlier: dict | None = None


class ExpectedFile(_Fields):
    from_: int = Field(alias="from", ge=1900, le=2100)
    to: int | None = Field(default=None, ge=1900, le=2100)
    lag: int = Field(default=0, ge=0)
    skip: list[int] = []


class LikeFile(_Fields):
    source: Annotated[str, Field(pattern=NAME)]
    questions: list[str]


class ContractFile(_Fields):
    """What a contract (``schema/<source>.yaml``) holds."""

    source: Annotated[str, Field(pattern=NAME)]
    title: str
    description: str
    file: Annotated[str, Field(pattern=r"^[\w-]+$")]
    expected: ExpectedFile
    key: list[str] = []
    columns: dict[Annotated[str, Field(pattern=NAME)], ColumnFile] = {}
    questions: dict[Annotated[str, Field(pattern=NAME)], QuestionFile] = {}
    like: LikeFile | None = None
    out_of_core: bool = False
    partial_year: bool = False


@dataclass(frozen=True)
class Schema:
    source: str
    title: str
    description: str
    file: str
    expected: dict
    key: tuple[str, ...]
    columns: dict[str, Column]
    questions: dict[str, Question] = field(default_factory=dict)
    out_of_core: bool = False  # national registers: validated and queried with DuckDB
    partial_year: bool = False  # the current year's extract may end before 31 December
    path: Path | None = None  # the contract's file
    like: Path | None = None  # the contract whose columns and questions it reuses

    @property
    def files(self) -> tuple[Path, ...]:
        """The files that define the contract."""
        return tuple(p for p in (self.path, self.like) if p is not None)

    @property
    def survey(self) -> bool:
        """A survey: it has questions (and a design, total or sample, per delivery)."""
        return bool(self.questions)

    def expected_years(self, edition: int) -> list[int]:
        """Years whose file an edition needs: from ``from`` to ``edition - lag`` (or ``to``),
        less ``skip``."""
        e = self.expected
        last = min(edition - e.get("lag", 0), e.get("to", edition))
        return [y for y in range(e["from"], last + 1) if y not in e.get("skip", ())]

    @property
    def identifiers(self) -> list[str]:
        return [c.name for c in self.columns.values() if c.identifier]

    def column_type(self, name: str) -> str:
        """The contract's type of a column; question columns are int when coded as numbers."""
        col = self.columns.get(name)
        if col is not None:
            return col.type
        return "int" if self.question_columns()[name].numeric else "str"

    def question_columns(self) -> dict[str, Question]:
        """Column name -> the question it belongs to."""
        return {col: q for q in self.questions.values() for col in q.columns}


def read_schema(folder: Path, source: str) -> Schema:
    """The contract of a source, from the programme's folder of contracts (noted as read,
    with the contract whose columns it reuses)."""
    spec = _schema(folder, source)
    reads.record(*spec.files)
    return spec


@cache
def _schema(folder: Path, source: str) -> Schema:
    path = folder / f"{source}.yaml"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in folder.glob("*.yaml")))
        raise KeyError(f"unknown source {source!r}; known sources: {known}")
    raw = read_yaml(path)
    checked(path, raw, ContractFile)
    if raw["source"] != source:
        raise DataError(f"{path}: 'source' is {raw['source']!r}; a contract is named by its "
                        f"source ({source}.yaml).")
    common = {"source": raw["source"], "title": raw["title"],
              "description": raw["description"].strip(), "file": raw["file"],
              "expected": raw["expected"], "out_of_core": raw.get("out_of_core", False),
              "partial_year": raw.get("partial_year", False), "path": path}
    if "like" in raw:  # a survey that reuses another's background columns and questions
        base = _schema(folder, raw["like"]["source"])
        return Schema(key=base.key, columns=base.columns,
                      questions={k: base.questions[k] for k in raw["like"]["questions"]},
                      like=base.path, **common)
    columns = {
        name: Column(name=name, **{k: tuple(v) if k == "used_by" else v for k, v in spec.items()})
        for name, spec in raw["columns"].items()
    }
    questions = {
        key: Question(key=key, text=q["text"], kind=q["kind"],
                      options={(int(k) if q["kind"] == "scale" else k): v
                               for k, v in q["options"].items()},
                      used_by=tuple(q.get("used_by", ())), asked_if=q.get("asked_if"),
                      earlier=q.get("earlier"))
        for key, q in (raw.get("questions") or {}).items()
    }
    return Schema(key=tuple(raw["key"]), columns=columns, questions=questions, **common)


# --------------------------------------------------------------------------- reading


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
    header, rows, lines = csv_records(text, delimiter, path)
    df = pd.DataFrame(rows, columns=header, index=[n - 2 for n in lines], dtype="string")
    return df.replace(list(MISSING_TOKENS), pd.NA), delimiter != ","


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


def _coerce(df: pd.DataFrame, spec: Schema, decimal_comma: bool) -> tuple[pd.DataFrame, list[str]]:
    """Convert text columns to the contract's types; report values that do not convert."""
    out, problems = df.copy(), []
    for name in df.columns:
        ctype = spec.column_type(name)
        values = df[name].str.strip()
        if ctype == "str":
            out[name] = values
            continue
        if ctype == "date":
            converted = pd.to_datetime(values.str.replace(MIDNIGHT, "", regex=True),
                                       format=DATE_FORMAT, errors="coerce")
        else:
            text = values.str.replace(",", ".", regex=False) if decimal_comma else values
            converted = pd.to_numeric(text, errors="coerce").astype(float)
            converted = converted.where(np.isfinite(converted))
        bad = converted.isna() & values.notna()
        if bad.any():
            problems.append(_describe(name, f"type {ctype}", df.index[bad], values[bad]))
        if ctype == "int":
            whole = (converted.dropna() % 1 == 0) & (converted.dropna().abs() < INT_LIMIT)
            if not whole.all():
                idx = whole.index[~whole]
                problems.append(_describe(name, "type int (whole numbers)", idx, values[idx]))
            converted = converted.where(converted.abs() < INT_LIMIT).round().astype("Int64")
        out[name] = converted
    return out, problems


def _describe(column: str, rule: str, index: Iterable, values: Iterable) -> str:
    """One line naming column, rule and example rows (file line numbers: header is line 1)."""
    index, values = list(index), list(values)
    return describe_examples(column, rule, len(index),
                             [(i + 2, v) for i, v in zip(index, values, strict=True)])


def describe_examples(column: str, rule: str, failing: int,
                      examples: list[tuple[int, object]]) -> str:
    """One line naming column, rule, how many rows fail and examples as (file line, value)."""
    shown = ", ".join(f"line {line}: {v!r}" for line, v in examples[:MAX_EXAMPLES])
    more = f" (and {failing - MAX_EXAMPLES} more)" if failing > MAX_EXAMPLES else ""
    return f"column '{column}', rule '{rule}': {failing} row(s) fail, e.g. {shown}{more}"


# --------------------------------------------------------------------------- validation


def _pandera_schema(spec: Schema, year: int, present: list[str]) -> pa.DataFrameSchema:
    import pandera.pandas as pa  # a third of a second: not for notebooks reading checked copies

    qcols = spec.question_columns()
    columns = {}
    for name in present:
        col = spec.columns.get(name)
        checks = []
        if col is None:  # a question column: 0/1 for multi-select, else one of the codes
            q = qcols[name]
            codes = [0, 1] if q.kind == "multi" else list(q.options)
            checks.append(pa.Check.isin(codes, error=f"allowed values: {codes}"))
            columns[name] = pa.Column(nullable=True, checks=checks)
            continue
        if col.codes:
            codes = list(col.codes)
            listed = ", ".join(map(str, codes))
            checks.append(pa.Check.isin(codes, error=f"allowed codes: {listed}"))
        if col.min is not None:
            checks.append(pa.Check.ge(col.min, error=f"at least {col.min}"))
        if col.max is not None:
            checks.append(pa.Check.le(col.max, error=f"at most {col.max}"))
        if col.folder_year:
            checks.append(pa.Check.eq(year, error=f"equals the folder year {year}"))
        if col.in_folder_year:
            checks.append(pa.Check.between(pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31),
                                           error=f"date within {year}"))
        columns[name] = pa.Column(nullable=col.nullable, checks=checks,
                                  unique=col.identifier and list(spec.key) == [name])
    key = list(spec.key)
    return pa.DataFrameSchema(columns, unique=key if len(key) > 1 else None,
                              report_duplicates="all")


def _pandera_problems(err: pa.errors.SchemaErrors, df: pd.DataFrame) -> list[str]:
    problems = []
    cases = err.failure_cases
    for (column, check), group in cases.groupby(["column", "check"], sort=False, dropna=False):
        check = str(check)
        rule = {"not_nullable": "no empty cells", "field_uniqueness": "unique key",
                "multiple_fields_uniqueness": "unique key"}.get(check, check)
        idx = group["index"].dropna().astype(int).tolist()
        if rule == "unique key":
            idx = sorted(set(idx))
            values = [" / ".join(str(df.at[i, c]) for c in (column if isinstance(column, list)
                                                             else [column])) for i in idx]
        else:
            values = group["failure_case"].tolist()
        problems.append(_describe(str(column), rule, idx, values))
    return problems


def column_problems_twice(present: list[str]) -> str:
    """The problem of a header that names a column twice (empty when none is)."""
    twice = sorted({c for c in present if present.count(c) > 1})
    return (f"column(s) named twice (spaces around names do not count): {', '.join(twice)}"
            if twice else "")


def column_problems(spec: Schema, present: list[str]) -> list[str]:
    """Columns named twice, missing and unknown columns, and survey questions with only some
    option columns (``present``: the header's names, spaces around them removed)."""
    twice = column_problems_twice(present)
    if twice:
        return [twice]
    problems = []
    known = set(spec.columns) | set(spec.question_columns())
    missing = [c for c in spec.columns if c not in present]
    extra = [c for c in present if c not in known]
    if missing:
        problems.append(f"missing column(s): {', '.join(missing)}")
    if extra:
        problems.append(f"column(s) not in the contract: {', '.join(extra)} "
                        f"(see {spec.path})")
    for q in spec.questions.values():
        have = [c for c in q.columns if c in present]
        if have and len(have) != len(q.columns):
            lacking = [c for c in q.columns if c not in present]
            problems.append(f"question '{q.key}' is incomplete: missing option column(s) "
                            f"{', '.join(lacking)}")
    return problems


def validate_frame(df: pd.DataFrame, spec: Schema, year: int, label: str,
                   decimal_comma: bool = False) -> pd.DataFrame:
    """Check a frame against the contract; return it with the contract's types."""
    source = spec.source
    if df.empty:
        raise DataError(f"Source '{source}' ({spec.title}), file {label}: {NO_ROWS}")
    df = df.rename(columns=lambda c: str(c).strip())
    problems = column_problems(spec, list(df.columns))
    if not problems:
        df, problems = _coerce(df, spec, decimal_comma)
    if not problems:
        import pandera.pandas as pa

        try:
            df = _pandera_schema(spec, year, list(df.columns)).validate(df, lazy=True)
        except pa.errors.SchemaErrors as err:
            problems = _pandera_problems(err, df)
    if problems:
        lines = "\n".join(f"  - {p}" for p in problems)
        raise DataError(f"Source '{source}' ({spec.title}), file {label}:\n{lines}")
    return df.reset_index(drop=True)


def unreadable(path: Path, err: Exception) -> str:
    """What the reader said about a file it cannot read, in the error format."""
    said = str(err).strip().splitlines()
    first = said[0].split(": ", 1)[-1] if said else type(err).__name__
    detail = [ln for ln in said[1:4] if ln.startswith(("Expected", "Value with"))]
    if detail:  # DuckDB's CSV errors: the line is said apart; the reason follows it
        first = detail[0]
    line = re.search(r"\b[Ll]ine:? (\d+)", str(err))
    where = f" at line {line.group(1)}" if line else ""
    return (f"File {path} cannot be read{where} ({first}). Export the file again (a whole "
            f"file, with every field that contains the separator, a quote or a line break "
            f"in double quotes), or deliver it as CSV.")


def load_year(spec: Schema, data_dir: Path, year: int) -> pd.DataFrame | None:
    """One year's validated data, or None when the source has no file for that year."""
    path = find_file(data_dir, year, spec)
    if path is None:
        return None
    return load_file(spec, path, year)


def load_file(spec: Schema, path: Path, year: int) -> pd.DataFrame:
    """A file read and checked against the contract, with the contract's types."""
    try:
        df, decimal_comma = read_table(path)
    except DataError as err:
        raise DataError(f"Source '{spec.source}': {err}") from None
    except Exception as exc:  # noqa: BLE001 (a truncated or unreadable export)
        raise DataError(f"Source '{spec.source}': {unreadable(path, exc)}") from None
    return validate_frame(df, spec, year, str(path), decimal_comma)


def load(spec: Schema, data_dir: Path, years: Iterable[int]) -> dict[int, pd.DataFrame]:
    """Validated data per year for the years that have a file."""
    frames = {y: load_year(spec, data_dir, y) for y in years}
    return {y: df for y, df in frames.items() if df is not None}


# --------------------------------------------------------------------------- deliveries


@dataclass(frozen=True)
class Delivery:
    """What ``<year>/delivery.yaml`` says about a year's extracts."""

    year: int
    synthetic: bool = False
    period_end: dict[str, dt.date] = field(default_factory=dict)
    survey_design: dict[str, str] = field(default_factory=dict)

    def period_end_text(self, source: str) -> str | None:
        """``30 november`` when the extract ends before 31 December, else None."""
        end = self.period_end.get(source)
        if end is None or (end.month, end.day) == (12, 31):
            return None
        return f"{end.day} {MONTHS[end.month - 1]}"


MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december"]


def read_delivery(data_dir: Path, year: int, known: Collection[str]) -> Delivery:
    """What a year's ``delivery.yaml`` in the data folder says (``known``: the programme's
    sources)."""
    path = data_dir / str(year) / DELIVERY_FILE
    reads.record(path)
    if not path.is_file():
        return Delivery(year)
    try:
        raw = read_yaml(path)
    except ProgrammeError as err:
        raise DataError(str(err)) from None
    given = raw.get("sources") or {}
    if not isinstance(given, dict) or not all(isinstance(v, dict) for v in given.values()):
        raise DataError(f"{path}: 'sources' must name sources, each with its fields "
                        f"(period_end, survey_design); see the README in the year's folder.")
    if not isinstance(raw.get("synthetic", False), bool):
        raise DataError(f"{path}: 'synthetic' must be true or false, got "
                        f"{raw['synthetic']!r}.")
    period_end, design = {}, {}
    for source, info in given.items():
        if source not in known:
            raise DataError(f"{path}: unknown source {source!r}.")
        if "period_end" in info:
            end = info["period_end"]
            if not isinstance(end, dt.date) or end.year != year:
                raise DataError(f"{path}: sources.{source}.period_end must be a date in {year}, "
                                f"got {end!r}.")
            period_end[source] = end
        if "survey_design" in info:
            if info["survey_design"] not in SURVEY_DESIGNS:
                raise DataError(f"{path}: sources.{source}.survey_design must be one of "
                                f"{', '.join(SURVEY_DESIGNS)}.")
            design[source] = info["survey_design"]
    return Delivery(year, raw.get("synthetic", False), period_end, design)


SURVEY_DESIGNS = {"total": "Totalundersökning", "urval": "Urvalsundersökning"}

