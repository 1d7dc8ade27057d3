"""The files a computation reads, recorded as it reads them.

A notebook's cache key must cover every file its result depends on. Rather than a list
kept by hand, the engine notes each file where it is used: the programme's configuration
when the programme is loaded, an indicator's definition when the catalog hands it out, a
contract when a source's schema is asked for, each validated copy of the data, the
delivery notes, the analysts' files. Files the engine looks for and does not find are
noted too (as absent), so that one arriving later changes the key. Objects cached in a
process note their files again each time they are used, so a kernel that runs several
notebooks notes for each the files that notebook uses.

>>> with recording() as found:
...     record(Path("a.yaml"))
>>> sorted(found)
[PosixPath('a.yaml')]
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator, Mapping
from pathlib import Path

from indikatorbok import paths

_recordings: list[dict[Path, str | None]] = []


def record(*paths: Path, digest: str | None = None) -> None:
    """Note files as read by the computations being recorded (``digest``: the content's,
    when it is known without reading the file, e.g. a copy named by its content)."""
    for recording in _recordings:
        for path in paths:
            recording[Path(path)] = digest if digest is not None else recording.get(Path(path))


@contextlib.contextmanager
def recording() -> Iterator[dict[Path, str | None]]:
    """Record the files read inside the block: path -> a known digest (or None)."""
    found: dict[Path, str | None] = {}
    _recordings.append(found)
    try:
        yield found
    finally:
        _drop(found)


def _drop(found: dict) -> None:
    """Stop a recording (by identity: two recordings may hold the same files)."""
    for n, recording in enumerate(_recordings):
        if recording is found:
            del _recordings[n]
            return


_current: dict[Path, str | None] | None = None


def start() -> None:
    """Start recording for a notebook (ending any earlier notebook's recording in this
    kernel)."""
    global _current
    stop()
    _current = {}
    _recordings.append(_current)


def stop() -> dict[Path, str | None]:
    """Stop the notebook's recording and return what it read."""
    global _current
    found, _current = _current, None
    if found is None:
        return {}
    _drop(found)
    return found


def digest(path: Path) -> str | None:
    """SHA-256 of a file's content; None for a file that is not there."""
    if not path.is_file():
        return None
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def roots(programme_root: Path, data_dir: Path) -> dict[str, Path]:
    """Where the files a notebook reads are named from: the programme's folder and the
    edition's data folder (either may be anywhere), and the project."""
    return {"programme": programme_root, "data": data_dir, "project": paths.ROOT}


def named(found: Mapping[Path, str | None], roots: Mapping[str, Path]) -> dict[str, str | None]:
    """What was read, each file named by its place under one of ``roots`` (``{name:
    folder}``: ``"<name>/<path>"``, so that a copy of the project names it the same) with its
    digest (None: the file was looked for and is not there)."""
    out = {}
    for path, known in found.items():
        name = str(path)
        for root_name, root in roots.items():
            if path.is_relative_to(root):
                name = f"{root_name}/{path.relative_to(root)}"
                break
        out[name] = known if known is not None else digest(path)
    return dict(sorted(out.items()))


def resolve(name: str, roots: Mapping[str, Path]) -> Path:
    """The file :func:`named` named ``name``."""
    root_name, _, rest = name.partition("/")
    return roots[root_name] / rest if root_name in roots else Path(name)
