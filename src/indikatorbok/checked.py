"""Validated copies of the data: each source file is read and checked against its contract
once, and kept as typed Parquet under a key of its content, its contract and the reading
code. A build validates every file of the edition (the unchanged ones are found in the
store at once) and hands each notebook a list of the copies it reads, so no notebook reads
or validates a source again.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from functools import cache
from importlib import metadata
from pathlib import Path

import duckdb

from indikatorbok import paths, scan, sources
from indikatorbok.yamlfile import read_yaml

STORE = paths.BUILD / "cache" / "checked"
# A source read in memory (not ``out_of_core``) whose file is larger is refused before it is
# read: at national volumes it would not fit.
IN_MEMORY_LIMIT = 512 * 2 ** 20
# What reading and checking a file depends on, beside the file and its contract: this
# module and every module of the package it imports, and the libraries they read with.
READERS = ("checked.py", "scan.py", "sources/__init__.py", "sources/contract.py",
           "sources/delivery.py", "sources/readers.py", "sources/validation.py", "yamlfile.py",
           "reads.py", "text.py", "paths.py")
LIBRARIES = ("pandas", "numpy", "pandera", "pyarrow", "duckdb", "openpyxl", "pydantic",
             "PyYAML")


def file_digest(path: Path) -> str:
    """SHA-256 of a file's content (never trusted from its size or modification time)."""
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


@cache
def _reader_digest() -> str:
    package = Path(__file__).parent
    parts = [(package / name).read_bytes() for name in READERS]
    parts += [f"{lib}=={metadata.version(lib)}".encode() for lib in LIBRARIES]
    return hashlib.sha256(b"\0".join(parts)).hexdigest()


def _contract_digest(spec: sources.Schema) -> str:
    files = [spec.path]
    if spec.path is not None:  # a survey reusing another's columns depends on both
        like = read_yaml(spec.path).get("like")
        if like:
            files.append(spec.path.with_name(f"{like['source']}.yaml"))
    return hashlib.sha256(b"\0".join(f.read_bytes() for f in files)).hexdigest()


def key(spec: sources.Schema, year: int, digest: str) -> str:
    """The store's key of a file: its content, year, contract and the reading code."""
    text = f"{spec.source}|{year}|{digest}|{_contract_digest(spec)}|{_reader_digest()}"
    return hashlib.sha256(text.encode()).hexdigest()[:40]


def stored(store: Path, file_key: str) -> Path:
    return store / f"{file_key}.parquet"


def rows(path: Path) -> int:
    import pyarrow.parquet as pq

    return pq.ParquetFile(path).metadata.num_rows


def verify(path: Path, n: int) -> None:
    """A copy cut short (a full disk, a file size limit) is never kept: it must read back
    whole, with all its rows."""
    try:
        written = rows(path)
    except Exception as err:  # noqa: BLE001 (pyarrow: whatever made it unreadable)
        raise OSError(f"the copy written cannot be read back: {err}") from None
    if written != n:
        raise OSError(f"the copy written has {written} rows, not {n}")


def check(spec: sources.Schema, path: Path, year: int, target: Path, share: int = 1) -> int:
    """Validate one file (out of core for national registers) and write its typed copy to
    ``target``; return its rows. Nothing is written when the file breaks its contract.
    ``share``: how many files are checked at once, each in a process of its own (they
    split DuckDB's memory limit and the cores)."""
    if not spec.out_of_core and path.stat().st_size > IN_MEMORY_LIMIT:
        raise sources.DataError(
            f"Source '{spec.source}': file {path} is {path.stat().st_size / 2 ** 30:.1f} GiB; a "
            f"source read in memory may be at most {IN_MEMORY_LIMIT // 2 ** 20} MiB. Check the "
            f"file, or mark the source out_of_core in its contract "
            f"({spec.path}) to validate and query it with DuckDB.")
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if spec.out_of_core:
            with scan.connect(share) as con:
                found = scan.validate(con, spec, path, year, "extract")
                if found.as_delivered:  # typed as the contract types it: copied as it is
                    shutil.copyfile(path, tmp)
                else:
                    scan.write_parquet(con, found.view, tmp)
                n = found.rows
        else:
            df = sources.load_file(spec, path, year)
            df.to_parquet(tmp, index=False)
            n = len(df)
        verify(tmp, n)
        tmp.replace(target)
        return n
    except (OSError, duckdb.IOException) as err:
        raise sources.DataError(f"Source '{spec.source}': the validated copy of {path} could "
                                f"not be written to {target.parent} ({err}). Free space, or "
                                f"make the build folder writable, and run again.") from None
    finally:
        tmp.unlink(missing_ok=True)


def manifest(files: dict[str, Path], store: Path = STORE) -> Path:
    """A list of validated copies (``<source>/<year>`` -> Parquet file), saved under a key
    of its content so that the same inputs give the same path."""
    text = json.dumps({k: paths.shown(v) for k, v in sorted(files.items())}, indent=1)
    path = store / f"manifest-{hashlib.sha256(text.encode()).hexdigest()[:24]}.json"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return path


def read_manifest(path: str | Path | None) -> dict[str, Path]:
    if not path:
        return {}
    listed = json.loads(paths.resolve(path, paths.ROOT).read_text(encoding="utf-8"))
    return {k: paths.resolve(v, paths.ROOT) for k, v in listed.items()}
