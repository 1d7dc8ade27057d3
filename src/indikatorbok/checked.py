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
from functools import cache
from importlib import metadata
from pathlib import Path

from indikatorbok import paths, scan, sources
from indikatorbok.yamlfile import read_yaml

STORE = paths.BUILD / "cache" / "checked"
# What reading and checking a file depends on, beside the file and its contract.
READERS = ("sources.py", "scan.py", "checked.py")
LIBRARIES = ("pandas", "pandera", "pyarrow", "duckdb", "openpyxl")


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


def check(spec: sources.Schema, path: Path, year: int, target: Path) -> int:
    """Validate one file (out of core for national registers) and write its typed copy to
    ``target``; return its rows. Nothing is written when the file breaks its contract."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        if spec.out_of_core:
            with scan.connect() as con:
                view, n = scan.validate(con, spec, path, year, "extract")
                scan.write_parquet(con, view, tmp)
        else:
            df = sources.load_file(spec, path, year)
            df.to_parquet(tmp, index=False)
            n = len(df)
        tmp.replace(target)
        return n
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
