"""The build's content-addressed cache of executed notebooks.

A notebook run is keyed by everything its result can depend on: the notebook's source, its
parameters, the package code notebooks run and the installed environment, the content of
the files of the sources its definition declares for every year of the edition (a file
arriving or leaving counts too), and every other file the notebook read, as it recorded
them when it last ran (:mod:`indikatorbok.reads`: the programme's configuration, the
indicator's definition, the contracts, the analysts' files, the delivery notes, the
previous edition's cells). The key of a new run is made from the files that run read, so
a changed file re-runs exactly the notebooks that read it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

from indikatorbok import checked as checked_store
from indikatorbok import paths, reads, sources
from indikatorbok.catalog import Indicator
from indikatorbok.checked import file_digest
from indikatorbok.programme import Edition

CACHE = paths.BUILD / "cache"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class FileDigests:
    """SHA-256 of files' content, each file read once per build. A process that builds
    again and is told which files changed (the preview, by its watcher) keeps them between
    builds: a file it is told of, or whose size or time of change differs, is read anew."""

    def __init__(self):
        self.known: dict[Path, tuple[tuple[int, int], str]] = {}

    def __call__(self, path: Path) -> str:
        key, stat = path.absolute(), path.stat()
        seen = (stat.st_size, stat.st_mtime_ns)
        if key not in self.known or self.known[key][0] != seen:
            self.known[key] = (seen, file_digest(path))
        return self.known[key][1]

    def forget(self, changed: Iterable[Path]) -> None:
        """Read these files anew when next asked for."""
        for path in changed:
            self.known.pop(Path(path).absolute(), None)


# Modules that only the build and the tools use; notebooks never import them (a test checks
# this), so changing them does not re-run the notebooks. Everything else counts as code.
BUILD_ONLY = frozenset({"__main__", "appendix", "audit", "build", "cache", "changes", "dcat",
                        "cli", "del1", "del2", "editions", "execute", "htmlfix",
                        "jupyterbook", "menus", "newyear", "notebooks", "owntext", "parallel",
                        "pdf", "reference", "synth", "templatecache", "workbook"})


def notebook_code() -> list[Path]:
    """The package's source files that notebooks run."""
    package = Path(__file__).parent
    return [p for p in sorted(package.rglob("*.py"))
            if p.relative_to(package).parts[0].removesuffix(".py") not in BUILD_ONLY]


def code_stamp(files: Iterable[Path] = ()) -> list[tuple[str, int, int]]:
    """Name, modification time and size of the code (and ``files``): cheap to compare, to
    notice an edit while a build runs."""
    return [(str(p), p.stat().st_mtime_ns, p.stat().st_size)
            for p in [*notebook_code(), *files]]


def replace_text(path: Path, text: str) -> None:
    """Write ``path`` by replacing it in one step: a file in the cache is never written
    into (copies of the project hard-link it, and a reader never sees half of it)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


@cache
def code_digest() -> str:
    """The package code notebooks run and the installed versions (once per process:
    :func:`code_stamp` notices later edits)."""
    package = Path(__file__).parent
    parts = [f"{p.relative_to(package)}:{_sha(p.read_bytes())}" for p in notebook_code()]
    return _sha("\n".join([*parts, libraries_digest()]).encode())


def code_digest_with(*files: Path) -> str:
    """:func:`code_digest` and the content of ``files`` (build-only modules that make a kept
    result): the code and libraries the result was made with."""
    return _sha("\n".join([code_digest(), *(_sha(p.read_bytes()) for p in files)]).encode())


@cache
def libraries_digest() -> str:
    """The installed distributions and their versions."""
    return _sha("\n".join(sorted(f"{d.metadata['Name']}=={d.version}"
                                 for d in metadata.distributions())).encode())


def drawn(kind: str, shown, draw: Callable[[], str]) -> str:
    """A drawing's SVG, kept by what it shows (``shown``, as JSON) and by the code and
    libraries that draw it: drawn again only when either changed."""
    key = _sha(f"{kind}\n{code_digest()}\n{json.dumps(shown, ensure_ascii=False)}".encode())
    path = CACHE / "drawings" / f"{key}.svg"
    if path.is_file():
        return path.read_text(encoding="utf-8")
    svg = draw()
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_text(path, svg)
    return svg


def files_digest(files: Iterable[Path], root: Path) -> str:
    """The content of configuration files, named by their path in ``root`` (a programme's
    folder), so that a copy of the programme elsewhere has the same digest."""
    return _sha("\n".join(f"{p.relative_to(root)}:{_sha(p.read_bytes())}"
                          for p in files).encode())


def input_files(indicator: Indicator, edition: Edition) -> dict[str, Path | None]:
    """The files a notebook may read: each declared source per year (None where the year
    has no file, so that a file arriving later changes the key) and the delivery notes."""
    files: dict[str, Path | None] = {}
    prog = edition.programme
    for year in edition.years:
        for source in indicator.sources:
            files[f"{year}/{source}"] = sources.find_file(edition.data_dir, year,
                                                          prog.schema(source))
        delivery = edition.data_dir / str(year) / sources.DELIVERY_FILE
        files[f"{year}/{sources.DELIVERY_FILE}"] = delivery if delivery.is_file() else None
    return files


@dataclass(frozen=True)
class Run:
    """What one notebook run depends on, and its key."""

    indicator_id: str
    manifest: dict

    @property
    def key(self) -> str:
        return _sha(json.dumps(self.manifest, sort_keys=True).encode())[:32]

    def having_read(self, read: dict[str, str | None]) -> Run:
        """The run as it turned out: keyed by the files it read, with their digests."""
        return Run(self.indicator_id, {**self.manifest, "reads": dict(sorted(read.items()))})


def read_digests(names: dict[str, str | None] | list[str], edition: Edition,
                 digest: FileDigests) -> dict[str, str | None]:
    """The current digest of each file a notebook read (named as :func:`reads.named` names
    them): a validated copy is named by its content, so its name is its digest."""
    roots = reads.roots(edition.programme.root, edition.data_dir)
    out = {}
    for name in names:
        path = reads.resolve(name, roots)
        if path.is_relative_to(checked_store.STORE):
            out[name] = path.stem if path.is_file() else None
        else:
            out[name] = digest(path) if path.is_file() else None
    return out


def plan(indicator: Indicator, notebook: Path, parameters: dict, edition: Edition,
         digest: FileDigests, store: NotebookCache | None = None) -> Run:
    """What a notebook run depends on: its notebook, parameters, the code, its sources'
    files, and the files its latest run read (their current content)."""
    files = input_files(indicator, edition)
    inputs = {name: (digest(path) if path and path.is_file() else None)
              for name, path in files.items()}
    read = (store or NotebookCache()).latest_reads(indicator.id, edition.programme.name)
    return Run(indicator.id, {
        "notebook": _sha(notebook.read_bytes()), "parameters": parameters,
        "code": code_digest(), "inputs": inputs,
        "reads": read_digests(read, edition, digest)})


class NotebookCache:
    """Executed notebooks and the files they wrote, one folder per run key:
    ``<root>/<programme>/<indicator id>/<key>/``, with the manifest of the latest run
    beside them."""

    def __init__(self, root: Path = CACHE / "notebooks"):
        self.root = root

    def _folder(self, run: Run, programme: str) -> Path:
        return self.root / programme / run.indicator_id

    def lookup(self, run: Run, programme: str) -> Path | None:
        entry = self._folder(run, programme) / run.key
        return entry if (entry / "done").is_file() else None

    def store(self, run: Run, programme: str, files: Iterable[Path], seconds: float = 0.0
              ) -> None:
        folder = self._folder(run, programme)
        entry = folder / run.key
        shutil.rmtree(entry, ignore_errors=True)
        entry.mkdir(parents=True)
        for f in files:
            shutil.copy2(f, entry / f.name)
        manifest = json.dumps(run.manifest, sort_keys=True, indent=1)
        (entry / "manifest.json").write_text(manifest, encoding="utf-8")
        replace_text(folder / "latest.json", json.dumps(
            {**run.manifest, "seconds": round(seconds, 1)}, sort_keys=True, indent=1))
        (entry / "done").touch()  # written last: an interrupted store is not an entry

    def latest_reads(self, indicator_id: str, programme: str) -> list[str]:
        """The files the notebook's latest run read (none before its first run)."""
        try:
            latest = self.root / programme / indicator_id / "latest.json"
            return list(json.loads(latest.read_text(encoding="utf-8")).get("reads", {}))
        except (OSError, ValueError):
            return []

    def seconds(self, indicator_id: str, programme: str) -> float:
        """How long the notebook's latest run took (0 when unknown)."""
        try:
            latest = self.root / programme / indicator_id / "latest.json"
            return float(json.loads(latest.read_text(encoding="utf-8")).get("seconds", 0))
        except (OSError, ValueError):
            return 0.0

    def reason(self, run: Run, programme: str) -> str:
        """Why a run is not in the cache, compared with the notebook's latest run."""
        try:
            last = json.loads((self._folder(run, programme) / "latest.json")
                              .read_text("utf-8"))
        except (OSError, ValueError):
            return "first run"
        last.pop("seconds", None)
        new = run.manifest
        changed = [name for part in ("inputs", "reads")
                   for name in sorted(set(new[part]) | set(last.get(part, {})))
                   if new[part].get(name) != last.get(part, {}).get(name)]
        reasons = [label for label, part in (("notebook changed", "notebook"),
                                             ("parameters changed", "parameters"),
                                             ("code or environment changed", "code"))
                   if new[part] != last.get(part)]
        if changed:
            shown = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more"
                                              if len(changed) > 3 else "")
            reasons.append(f"input changed: {shown}")
        return "; ".join(reasons) or "earlier run not kept"
