"""A Parquet delivery is checked in its own types: whatever the values, it meets or breaks
its contract exactly as the same values delivered as CSV text do, and its validated copy
holds the same typed values (Hypothesis draws the edge cases: padded and empty text, NaN,
times that are not midnight, repeated keys, out-of-range numbers)."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indikatorbok import scan, sources
from indikatorbok.sources.contract import Column, Schema

YEAR = 2025
SCHEMA = Schema(
    source="register", title="Registret", description="", file="register",
    expected={"from": 2020}, key=("id",), out_of_core=True, columns={
        "year": Column("year", "int", folder_year=True),
        "id": Column("id", "str", identifier=True),
        "sex": Column("sex", "str", codes={"K": "Kvinna", "M": "Man"}),
        "days": Column("days", "float", min=0, max=480),
        "amount": Column("amount", "int", nullable=True, min=0),
        "decided": Column("decided", "date", in_folder_year=True),
    })

def mostly(valid: st.SearchStrategy, *edges) -> st.SearchStrategy:
    """Valid values most of the time, the edge cases now and then."""
    return st.one_of(valid, valid, valid, st.sampled_from(edges))


def rows_of(value) -> st.SearchStrategy:
    """Rows whose cells are drawn by ``value(valid, *edges)``."""
    return st.lists(st.fixed_dictionaries({
        "year": value(st.just(YEAR), YEAR - 1),
        "id": value(st.sampled_from([f"p{i}" for i in range(40)]), " p1", "p2 ", "", " "),
        "sex": value(st.sampled_from(["K", "M"]), " K", "X", ""),
        "days": value(st.floats(0, 480, allow_nan=False).map(lambda v: round(v, 2)),
                      -1.0, 480.5, math.nan, math.inf),
        "amount": value(st.one_of(st.none(), st.integers(0, 10**6)), -5),
        "decided": value(
            st.dates(dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)).map(
                lambda d: dt.datetime(d.year, d.month, d.day)),
            dt.datetime(YEAR - 1, 12, 31), dt.datetime(YEAR + 1, 1, 1),
            dt.datetime(YEAR, 6, 1, 12, 30)),
    }), min_size=1, max_size=6)


# Half the examples clean but for the keys (which may repeat), half with edge cases.
rows = st.one_of(rows_of(lambda valid, *edges: valid), rows_of(mostly))


def outcome(path: Path) -> tuple[str, object]:
    """("ok", the typed rows) or ("error", the rules broken, per column)."""
    with scan.connect() as con:
        try:
            found = scan.validate(con, SCHEMA, path, YEAR, "x")
        except sources.DataError as err:
            broken = sorted(line.split(":")[0].strip(" -") for line in str(err).splitlines()[1:])
            return "error", broken
        typed = con.sql(f"SELECT * FROM {found.view}").df()
    return "ok", typed.sort_values("id", ignore_index=True)


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=rows)
def test_a_typed_parquet_file_is_checked_as_its_text_is(tmp_path, records):
    frame = pd.DataFrame(records).astype({"amount": "Int64"})
    parquet, text = tmp_path / "register.parquet", tmp_path / "register.csv"
    frame.to_parquet(parquet, index=False)
    as_text = frame.assign(
        days=frame["days"].map(lambda v: "" if math.isnan(v) else repr(v)),
        decided=frame["decided"].map(lambda t: t.strftime("%Y-%m-%d %H:%M:%S")
                                     .removesuffix(" 00:00:00")))
    as_text.to_csv(text, index=False)
    native, parsed = outcome(parquet), outcome(text)
    assert native[0] == parsed[0]
    if native[0] == "ok":
        pd.testing.assert_frame_equal(native[1], parsed[1])
    else:
        assert native[1] == parsed[1]


def test_a_parquet_file_typed_as_its_contract_is_its_own_copy(tmp_path):
    frame = pd.DataFrame({"year": [YEAR, YEAR], "id": ["a", "b"], "sex": ["K", "M"],
                          "days": [1.5, 2.0], "amount": pd.array([3, None], "Int64"),
                          "decided": pd.to_datetime(["2025-01-02", "2025-03-04"]).date})
    path = tmp_path / "register.parquet"
    frame.to_parquet(path, index=False)
    with scan.connect() as con:
        assert scan.validate(con, SCHEMA, path, YEAR, "x").as_delivered
    frame.assign(sex=[" K", "M"]).to_parquet(path, index=False)  # text to trim: rewritten
    with scan.connect() as con:
        assert not scan.validate(con, SCHEMA, path, YEAR, "x").as_delivered


@pytest.mark.parametrize("ids", [["a", "a"], ["a", None, None]])
def test_repeated_keys_in_parquet_are_found(tmp_path, ids):
    n = len(ids)
    frame = pd.DataFrame({"year": [YEAR] * n, "id": ids, "sex": ["K"] * n, "days": [1.0] * n,
                          "amount": [1] * n, "decided": [dt.date(YEAR, 1, 1)] * n})
    path = tmp_path / "register.parquet"
    frame.to_parquet(path, index=False)
    with scan.connect() as con, pytest.raises(sources.DataError, match="unique key"):
        scan.validate(con, SCHEMA, path, YEAR, "x")


def test_a_parquet_column_the_contract_does_not_know_is_named(tmp_path):
    frame = pd.DataFrame({"year": [YEAR], "id": ["a"], "sex": ["K"], "days": [1.0],
                          "amount": [1], "decided": [dt.date(YEAR, 1, 1)], "extra": [1]})
    path = tmp_path / "register.parquet"
    frame.to_parquet(path, index=False)
    with scan.connect() as con, pytest.raises(sources.DataError,
                                              match="not in the contract: extra"):
        scan.validate(con, SCHEMA, path, YEAR, "x")
