"""A year's file coerced to its contract's types and validated with pandera: any violation
raises :class:`DataError` naming the source, file, column, rule and example rows."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from indikatorbok.sources.contract import (
    DATE_FORMAT,
    INT_LIMIT,
    MAX_EXAMPLES,
    MIDNIGHT,
    NO_ROWS,
    DataError,
    Schema,
)
from indikatorbok.sources.readers import find_file, read_table

if TYPE_CHECKING:
    import pandera.pandas as pa


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
