"""Data sources: the machine-readable contract, readers for agency exports, validation and
deliveries.

Every source of a programme is described by its ``schema/<source>.yaml`` (columns, types,
codes, keys, ranges, survey questions: :mod:`.contract`). :func:`load` reads a year's file in
whichever format the agency exported (:mod:`.readers`), coerces it to the contract's types
and validates it with pandera (:mod:`.validation`); any violation raises :class:`DataError`
naming the source, file, column, rule and example rows. :mod:`.delivery` reads what a year's
``delivery.yaml`` says about its extracts.
"""

from indikatorbok.sources.contract import (
    DATE_FORMAT,
    DELIVERY_FILE,
    FORMATS,
    INT_LIMIT,
    MAX_EXAMPLES,
    MIDNIGHT,
    MISSING_TOKENS,
    NO_ROWS,
    Column,
    DataError,
    Question,
    Schema,
    _schema,
    forget_contracts,
    read_schema,
)
from indikatorbok.sources.delivery import SURVEY_DESIGNS, Delivery, read_delivery
from indikatorbok.sources.readers import (
    check_file_names,
    check_single_encoding,
    csv_records,
    find_file,
    read_table,
    sniff_delimiter,
)
from indikatorbok.sources.validation import (
    column_problems,
    column_problems_twice,
    describe_examples,
    load,
    load_file,
    load_year,
    unreadable,
    validate_frame,
)

__all__ = [
    "DATE_FORMAT", "DELIVERY_FILE", "FORMATS", "INT_LIMIT", "MAX_EXAMPLES", "MIDNIGHT",
    "MISSING_TOKENS", "NO_ROWS", "SURVEY_DESIGNS", "Column", "DataError", "Delivery",
    "Question", "Schema", "_schema", "check_file_names", "check_single_encoding",
    "column_problems", "column_problems_twice", "csv_records", "describe_examples",
    "find_file", "forget_contracts", "load", "load_file", "load_year", "read_delivery",
    "read_schema", "read_table", "sniff_delimiter", "unreadable", "validate_frame",
]
