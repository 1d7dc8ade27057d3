"""Bad input, across every source: the build stops with a message naming the source, the
file, the column, the rule and example rows, and publishes nothing.

`test_sources.py` and `test_scan.py` cover the readers' rules in depth on a few sources;
here each kind of corruption is applied to every source it applies to, through the same
validation the build runs (pandas or, for national registers, DuckDB).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from rich.console import Console

from indikatorbok import build, paths, sources
from indikatorbok.programme import Edition, load

FK = load("forsakringskassan")

YEAR = 2025


def _year_with_file(source: str) -> int:
    spec = FK.schema(source)
    return max(spec.expected_years(YEAR))


def _cases() -> list[tuple[str, str, str]]:
    """(source, kind of corruption, column) for every source and the corruptions its
    contract allows: a dropped column, a misspelt code, a value of the wrong type."""
    cases = []
    for source in FK.sources():
        spec = FK.schema(source)
        required = [c for c in spec.columns.values() if not c.nullable]
        cases.append((source, "missing column", required[-1].name))
        coded = [c for c in spec.columns.values() if c.codes and c.type == "str"]
        if coded:
            cases.append((source, "misspelt code", coded[0].name))
        typed = [c for c in spec.columns.values() if c.type in ("int", "float", "date")
                 and not c.folder_year]
        if typed:
            cases.append((source, "wrong type", typed[0].name))
    return cases


CASES = _cases()


@pytest.fixture
def data(synthetic_dir, tmp_path) -> Path:
    out = tmp_path / "data"
    shutil.copytree(synthetic_dir, out)
    return out


def _corrupt(data: Path, source: str, kind: str, column: str) -> Path:
    year = _year_with_file(source)
    path = sources.find_file(data, year, FK.schema(source))
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    if kind == "missing column":
        df = df.drop(columns=column)
    else:
        rows = df.index[df[column] != ""][:2]
        df.loc[rows, column] = (df.loc[rows, column] + "x" if kind == "misspelt code"
                                else "inte ett värde")
    df.to_csv(path, index=False)
    return path


def test_there_are_at_least_25_cases_covering_every_source():
    assert len(CASES) >= 25
    assert {s for s, _, _ in CASES} == set(FK.sources())


@pytest.mark.parametrize(("source", "kind", "column"), CASES,
                         ids=[f"{s}-{k}" for s, k, _ in CASES])
def test_validation_names_source_file_column_rule_and_rows(data, source, kind, column):
    path = _corrupt(data, source, kind, column)
    with pytest.raises(sources.DataError) as exc:
        build.validate(Edition(FK, YEAR, data), Console(quiet=True))
    msg = str(exc.value)
    assert f"Source '{source}'" in msg and str(path) in msg and column in msg
    if kind == "missing column":
        assert f"missing column(s): {column}" in msg
    else:
        rule = "allowed codes" if kind == "misspelt code" else "type "
        assert f"column '{column}', rule '{rule}" in msg and "line " in msg


def test_a_truncated_file_is_caught(data):
    path = data / str(YEAR) / "staff_survey.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    half = len(lines) // 2
    cut = lines[half][: lines[half].index(",", lines[half].index(",") + 1) + 1]
    path.write_text("\n".join(lines[:half] + [cut]), encoding="utf-8")  # ends mid-line
    with pytest.raises(sources.DataError) as exc:
        build.validate(Edition(FK, YEAR, data), Console(quiet=True))
    assert "staff_survey" in str(exc.value) and f"line {half + 1}" in str(exc.value)


@pytest.mark.parametrize("source", ["staff_survey", "sickness_cases"])
def test_mixed_encodings_are_refused(data, source):
    """Part UTF-8, part Windows-1252: decoding either way would garble letters."""
    path = sources.find_file(data, YEAR, FK.schema(source))
    text = path.read_text(encoding="utf-8")
    half = text.index("\n", len(text) // 2)
    path.write_bytes(text[:half].encode("utf-8") + text[half:].encode("cp1252"))
    with pytest.raises(sources.DataError, match="mixes encodings"):
        build.validate(Edition(FK, YEAR, data), Console(quiet=True))


def test_the_command_exits_non_zero_and_publishes_nothing(data, tmp_path):
    """Through the command line, with two sources broken: both named, exit code 1, and the
    published book folders untouched."""
    _corrupt(data, "hr_training", "wrong type", "date")
    (data / "2021" / "eservice_visits.csv").unlink()
    watched = [paths.BUILD / "editions"]
    before = {p: _stamp(p) for p in watched}
    proc = subprocess.run([sys.executable, "-m", "indikatorbok", "build", "--year", str(YEAR),
                           "--data", str(data)], capture_output=True, text=True,
                          env={**os.environ, "COLUMNS": "200"})
    assert proc.returncode == 1
    out = proc.stdout + proc.stderr
    assert "hr_training" in out and "column 'date'" in out
    assert "eservice_visits" in out and "no file for 2021" in out
    assert {p: _stamp(p) for p in watched} == before


def _stamp(folder: Path) -> list[tuple[str, int]]:
    if not folder.exists():
        return []
    return sorted((str(p), p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file())


def test_an_error_text_is_printed_as_written(tmp_path, monkeypatch, capsys):
    """":x:" in an error became an emoji, and markup in it took effect."""
    from indikatorbok import cli, sources

    def refuse(*args, **kwargs):
        raise sources.DataError("File x.csv: column ':x:' is [bold]unknown[/bold].")

    monkeypatch.setattr(cli, "validate", refuse)
    monkeypatch.setattr(cli, "_edition", lambda args, console: None)
    assert cli.main(["validate"]) == 1
    assert "column ':x:' is [bold]unknown[/bold]." in capsys.readouterr().out


def test_an_unexpected_error_is_said_without_a_traceback_unless_asked(monkeypatch, capsys):
    from indikatorbok import cli

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cli, "validate", broken)
    monkeypatch.setattr(cli, "_edition", lambda args, console: None)
    assert cli.main(["validate"]) == 1
    out = capsys.readouterr().out
    assert "Unexpected error: OSError" in out and "No space left on device" in out
    assert "Traceback" not in out and "--debug" in out
    with pytest.raises(OSError):
        cli.main(["--debug", "validate"])


def test_a_file_name_that_is_not_utf8_is_refused_by_validation(data):
    """A Latin-1 "å" in a file name (C5): named in the error, before anything is built."""
    folder = data / str(YEAR)
    (folder / os.fsdecode(b"anteckningar_\xe5r.txt")).write_text("x")
    with pytest.raises(sources.DataError, match=r"not in UTF-8 \(anteckningar_\\xe5r.txt\)"):
        build.validate(Edition(FK, YEAR, data), Console(quiet=True))


def test_a_stray_file_beside_the_extracts_is_digested_in_pieces(data, monkeypatch):
    """A large file the contract does not name (C8) counts in the build's digest (a change
    rebuilds) but is never read into memory whole."""
    stray = data / str(YEAR) / "export.bak"
    with stray.open("wb") as f:
        f.truncate(64 * 2**20)  # sparse
    read_bytes = Path.read_bytes

    def refuse_stray(path):
        assert path != stray, "the stray file was read whole"
        return read_bytes(path)

    validated = build.validate(Edition(FK, YEAR, data), Console(quiet=True))
    monkeypatch.setattr(build.pdf, "chromium_version", lambda: "Chromium test")
    monkeypatch.setattr(Path, "read_bytes", refuse_stray)
    before = build.inputs_digest(Edition(FK, YEAR, data), validated)
    with stray.open("r+b") as f:
        f.write(b"x")
    assert build.inputs_digest(Edition(FK, YEAR, data), validated) != before
