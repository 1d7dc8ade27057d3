"""One reader per format, the same rules whichever engine runs it: CSV, Excel and Parquet,
read in memory (pandas) or out of core (DuckDB), take the same cells as missing, the same
dates, refuse the same values with the same message, and turn every unreadable file into
the error format (source, file, what is wrong, what to do)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indikatorbok import checked, scan, sources
from indikatorbok.sources import readers

CONTRACT = """\
source: sample
title: Provkälla
description: A contract for the readers' tests.
file: sample
expected: {from: 2020}
key: [id]
columns:
  year: {type: int, description: Year., folder_year: true}
  id: {type: str, description: Identifier.}
  sex: {type: str, description: Sex., codes: {K: Kvinna, M: Man}}
  days: {type: int, description: Days., min: 0, nullable: true}
  start: {type: date, description: Start., nullable: true}
  note: {type: str, description: A note., nullable: true}
"""
YEAR = 2025
FORMATS = ["csv", "xlsx", "parquet"]
ENGINES = ["pandas", "duckdb"]


@pytest.fixture(scope="module")
def spec(tmp_path_factory) -> sources.Schema:
    folder = tmp_path_factory.mktemp("schema")
    (folder / "sample.yaml").write_text(CONTRACT, encoding="utf-8")
    return sources._schema(folder, "sample")


def frame(**changes) -> pd.DataFrame:
    """Three rows as an agency would export them: dates as real dates."""
    df = pd.DataFrame({"year": [YEAR] * 3, "id": ["a", "b", "c"], "sex": ["K", "M", "K"],
                       "days": [3, None, 10], "note": ["NA", None, "text"],
                       "start": [dt.date(YEAR, 1, 5), None, dt.date(YEAR, 12, 31)]})
    df["days"] = df["days"].astype("Int64")
    for column, values in changes.items():
        df[column] = values
    return df


def write(df: pd.DataFrame, folder: Path, fmt: str, dates: str = "date") -> Path:
    """``dates``: how date cells are stored: ``date`` (a date type), ``timestamp``
    (midnight timestamps, as Excel cells and many Parquet exports hold them)."""
    path = folder / f"sample.{fmt}"
    df = df.copy()
    if dates == "timestamp" and "start" in df:
        df["start"] = pd.to_datetime(df["start"])
    if fmt == "csv":
        df.to_csv(path, index=False)
    elif fmt == "xlsx":
        df.to_excel(path, index=False)
    else:
        df.to_parquet(path, index=False)
    return path


def read(spec, path: Path, engine: str) -> pd.DataFrame:
    if engine == "pandas":
        return sources.load_file(spec, path, YEAR)
    with scan.connect() as con:
        view = scan.validate(con, spec, path, YEAR, "x").view
        return con.sql(f"SELECT * FROM {view}").df()


def refused_alike(spec, path: Path) -> str:
    """The one message every reader refuses the file with (a test fails if they differ)."""
    messages = set()
    for engine in ENGINES:
        with pytest.raises(sources.DataError) as err:
            read(spec, path, engine)
        messages.add(str(err.value))
    assert len(messages) == 1
    return messages.pop()


def normalised(df: pd.DataFrame) -> list[tuple]:
    out = df[["id", "sex", "days", "start", "note"]].copy()
    out["start"] = pd.to_datetime(out["start"]).dt.date
    return [tuple(None if pd.isna(v) else v for v in row)
            for row in out.astype(object).itertuples(index=False)]


EXPECTED = [("a", "K", 3, dt.date(YEAR, 1, 5), "NA"), ("b", "M", None, None, None),
            ("c", "K", 10, dt.date(YEAR, 12, 31), "text")]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("dates", ["date", "timestamp"])
def test_every_format_and_engine_reads_the_same(spec, tmp_path, engine, fmt, dates):
    """Only an empty cell is missing ("NA" in a text column is text); dates and midnight
    timestamps are dates."""
    path = write(frame(), tmp_path, fmt, dates)
    assert normalised(read(spec, path, engine)) == EXPECTED


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_missing_value_token_is_refused_alike(spec, tmp_path, fmt):
    """"NA" where the contract wants a number is a value of the wrong type, refused by
    every reader with the same message (not silently read as missing)."""
    df = frame(days=["3", "NA", "10"])
    path = write(df, tmp_path, fmt)
    assert "column 'days', rule 'type int': 1 row(s) fail, e.g. line 3: 'NA'" in \
        refused_alike(spec, path)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("value", "rule"), [
    ("NaN", "type int"), ("inf", "type int"), ("-Infinity", "type int"),
    ("99999999999999999999", "type int (whole numbers)"),  # beyond a 64-bit integer
])
def test_numbers_no_reader_can_hold_are_refused_alike(spec, tmp_path, fmt, value, rule):
    """DuckDB read NaN and infinity as amounts (2.5.1's couples moved by a point) while
    pandas refused them; an integer beyond 64 bits was a traceback in one reader and a
    negative number in the other."""
    path = write(frame(days=["3", value, "10"]), tmp_path, fmt)
    assert f"column 'days', rule '{rule}': 1 row(s) fail, e.g. line 3: {value!r}" in \
        refused_alike(spec, path)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_header_with_space_around_a_name_is_read_alike(spec, tmp_path, engine):
    """The pandas reader took " days " as days; DuckDB refused it with an SQL error."""
    path = tmp_path / "sample.csv"
    frame().rename(columns={"days": " days ", "sex": "sex "}).to_csv(path, index=False)
    assert normalised(read(spec, path, engine)) == normalised(frame())


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("fmt", ["xlsx", "parquet"])
def test_a_time_of_day_is_not_a_date(spec, tmp_path, engine, fmt):
    df = frame(start=pd.to_datetime(["2025-01-05 10:30", None, "2025-12-31"],
                                    format="ISO8601"))
    with pytest.raises(sources.DataError, match="column 'start', rule 'type date'"):
        read(spec, write(df, tmp_path, fmt, dates="as is"), engine)


BROKEN = {
    "empty parquet": ("sample.parquet", b""),
    "corrupt parquet": ("sample.parquet", b"PAR1 this is not a parquet file"),
    "empty xlsx": ("sample.xlsx", b""),
    "corrupt xlsx": ("sample.xlsx", b"PK\x03\x04 not a workbook"),
    "truncated csv": ("sample.csv", b"year,id,sex,days,start,note\n2025,a,K,3,2025-01-05,x\n"
                                    b"2025,b"),
    "extra field": ("sample.csv", b"year,id,sex,days,start,note\n2025,a,K,3,2025-01-05,x,y\n"),
    "unterminated quote": ("sample.csv", b'year,id,sex,days,start,note\n2025,a,K,3,,"open\n'
                                         b"2025,b,M,4,,x\n"),
    "equal once stripped": ("sample.csv", b"year,id,sex,days,start,note, days\n"
                                          b"2025,a,K,3,,x,4\n"),
}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("case", list(BROKEN))
def test_an_unreadable_file_gets_the_error_format(spec, tmp_path, engine, case):
    name, content = BROKEN[case]
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(sources.DataError) as err:
        read(spec, path, engine)
    message = str(err.value)
    assert message.startswith("Source 'sample'") and str(path) in message, message
    assert "Traceback" not in message and len(message.splitlines()) < 12, message


@pytest.mark.parametrize("valid", [True, False])
def test_a_converted_copy_never_outlives_the_reading(spec, tmp_path, monkeypatch, valid):
    """A Windows-1252 export is converted to UTF-8 in the build's own folder, and the copy
    is removed whether the file passes or fails (nothing in the system's temporary
    folder)."""
    import tempfile

    monkeypatch.setattr(scan, "TMP", tmp_path / "build-tmp")
    # The system's temporary folder, this process's own: another test worker's kernel
    # writes its connection file into the shared one meanwhile.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "system-tmp"))
    (tmp_path / "system-tmp").mkdir()
    df = frame(note=["Återbetalning", None, "växel"], **({} if valid else {"sex": "X"}))
    path = tmp_path / "sample.csv"
    df.to_csv(path, index=False, encoding="cp1252")
    seen = []
    real = scan._utf8
    monkeypatch.setattr(scan, "_utf8", lambda p, folder: seen.append(real(p, folder))
                        or seen[-1])
    if valid:
        assert normalised(read(spec, path, "duckdb"))[0][-1] == "Återbetalning"
    else:
        with pytest.raises(sources.DataError):
            read(spec, path, "duckdb")
    assert seen and seen[0] != path and not seen[0].exists()
    assert list((tmp_path / "build-tmp").iterdir()) == []
    assert list(Path(tempfile.gettempdir()).iterdir()) == []


def test_a_killed_readers_files_are_removed_by_the_next_build(tmp_path, monkeypatch):
    monkeypatch.setattr(scan, "TMP", tmp_path)
    dead = tmp_path / "999999999-abc"
    dead.mkdir()
    (dead / "copy.csv").write_text("confidential", encoding="utf-8")
    alive = tmp_path / f"{__import__('os').getpid()}-def"
    alive.mkdir()
    scan.remove_stale()
    assert not dead.exists() and alive.exists()


@pytest.mark.parametrize(("content", "message"), [
    ("synthetic: [unclosed\n", "not valid YAML on line"),
    ("- a list\n", "expected named fields"),
    ("sources: [a, b]\n", "'sources' must name sources"),
    ("synthetic: ja\n", "'synthetic' must be true or false"),
    ("sources: {nope: {period_end: 2025-06-30}}\n", "unknown source 'nope'"),
    ("sources: {staff_survey: {invited: 0}}\n", "invited must be the number of persons"),
    ("sources: {staff_survey: {invited: 'många'}}\n", "invited must be the number"),
])
def test_a_bad_delivery_file_is_named(tmp_path, content, message):
    from indikatorbok import programme

    (tmp_path / str(YEAR)).mkdir()
    (tmp_path / str(YEAR) / sources.DELIVERY_FILE).write_text(content, encoding="utf-8")
    with pytest.raises(sources.DataError, match=message) as err:
        sources.read_delivery(tmp_path, YEAR, programme.load("forsakringskassan").sources())
    assert sources.DELIVERY_FILE in str(err.value)


@pytest.mark.parametrize("engine", ENGINES)
def test_lines_are_file_lines_where_a_field_spans_lines(spec, tmp_path, engine):
    """A case-file note over three lines: the bad value after it is named by its line in
    the file, as an editor shows it."""
    path = tmp_path / "sample.csv"
    path.write_text('year,id,sex,days,start,note\n2025,a,K,3,,"rad ett\nrad två\nrad tre"\n'
                    "2025,b,X,4,,kort\n", encoding="utf-8")
    with pytest.raises(sources.DataError, match=r"column 'sex'.*line 5: 'X'"):
        read(spec, path, engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_validated_copy_cut_short_is_never_kept(spec, tmp_path, monkeypatch, engine):
    """A disk that fills while the typed copy is written: a clear error, and no copy under
    the final name for a later build to trust."""
    from dataclasses import replace

    from indikatorbok import checked

    path = write(frame(), tmp_path, "csv")
    contract = replace(spec, out_of_core=engine == "duckdb")
    writers = {"pandas": (pd.DataFrame, "to_parquet"), "duckdb": (scan, "write_parquet")}
    owner, name = writers[engine]
    original = getattr(owner, name)

    def cut_short(*args, **kwargs):
        original(*args, **kwargs)
        target = args[-1] if engine == "duckdb" else args[1]
        Path(target).write_bytes(Path(target).read_bytes()[:50])

    monkeypatch.setattr(owner, name, cut_short)
    target = tmp_path / "store" / "copy.parquet"
    with pytest.raises(sources.DataError, match="validated copy of .* could not be written"):
        checked.check(contract, path, YEAR, target)
    assert not target.exists() and list(target.parent.iterdir()) == []


@pytest.mark.parametrize("engine", ENGINES)
def test_a_file_size_limit_is_a_clear_error(spec, tmp_path, engine):
    """Under a file-size limit the copy cannot be written: DuckDB's IOException (or the
    OS's error) became a traceback."""
    import subprocess
    import sys

    path = write(pd.concat([frame()] * 200, ignore_index=True).assign(
        id=[f"id{i}" for i in range(600)]), tmp_path, "csv")
    code = f"""
import resource, signal
from dataclasses import replace
from pathlib import Path
from indikatorbok import checked, sources
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (1500, 1500))
spec = replace(sources._schema(Path({str(tmp_path / "schema")!r}), "sample"),
               out_of_core={engine == "duckdb"})
try:
    checked.check(spec, Path({str(path)!r}), {YEAR},
                  Path({str(tmp_path / "store" / "c.parquet")!r}))
except sources.DataError as err:
    print(err)
"""
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "sample.yaml").write_text(CONTRACT, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "could not be written" in proc.stdout
    assert not (tmp_path / "store" / "c.parquet").exists()


def test_an_extract_too_large_for_memory_is_refused_before_it_is_read(spec, tmp_path,
                                                                       monkeypatch):
    """A 2 GB extract of a source read in memory (C8) took minutes and ten gigabytes, then
    a MemoryError: it is refused at once, by its size, with what to do."""
    path = tmp_path / "sample.csv"
    with path.open("wb") as f:  # sparse: no disk used
        f.truncate(checked.IN_MEMORY_LIMIT + 1)

    def never(*args, **kwargs):
        raise AssertionError("the file was read")

    monkeypatch.setattr(sources, "load_file", never)
    with pytest.raises(sources.DataError, match="may be at most 512 MiB.*out_of_core"):
        checked.check(spec, path, YEAR, tmp_path / "store" / "c.parquet")
    assert not (tmp_path / "store").exists()


cells = st.text(st.sampled_from(["a", "b", "å", " ", ",", ";", "1", ".", "-", "\t", "\n", "\r"]),
                max_size=4)


@settings(max_examples=200, deadline=None)
@given(header=st.lists(st.text(st.sampled_from(["x", "y", "z", " "]), min_size=1, max_size=3),
                       min_size=1, max_size=4),
       rows=st.lists(st.lists(cells, min_size=1, max_size=5), max_size=5),
       delimiter=st.sampled_from([",", ";", "\t"]), end=st.sampled_from(["\n", "\r\n", ""]))
def test_the_fast_csv_reader_reads_as_the_careful_one(header, rows, delimiter, end):
    """Whatever the text, the fast reader gives the careful reader's frame (its index the
    line minus two) or leaves the text to it."""
    text = end.join(delimiter.join(r) for r in [header, *rows]) + end
    fast = readers._plain_csv(text, delimiter)
    if fast is None:
        return
    names, records, lines = readers.csv_records(text, delimiter, Path("x.csv"))
    careful = pd.DataFrame(records, columns=names, index=[n - 2 for n in lines], dtype="string")
    pd.testing.assert_frame_equal(fast, careful, check_index_type=False)
