"""The build's content-addressed cache of executed notebooks and validated files.

A notebook run is keyed by everything its result can depend on: the notebook's source,
its parameters, the package code and installed environment (with the catalog and the
data contract), and the files of the sources its catalog entry declares, for every year
of the edition (plus each year's ``delivery.yaml``). ``Context.load`` refuses a source the
catalog does not declare, so the key cannot miss an input. A changed input file therefore
re-runs exactly the notebooks that read it.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

from indikatorbok import catalog, paths, sources

CACHE = paths.BUILD / "cache"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class FileDigests:
    """SHA-256 of files, remembered by (size, modification time) so that unchanged large
    extracts are not read again on every build."""

    def __init__(self, store: Path | None = None):
        self.store = store or CACHE / "files.json"
        try:
            self.known = json.loads(self.store.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.known = {}

    def __call__(self, path: Path) -> str:
        stat = path.stat()
        stamp = [stat.st_size, stat.st_mtime_ns]
        entry = self.known.get(str(path))
        if entry and entry[:2] == stamp:
            return entry[2]
        with path.open("rb") as f:
            digest = hashlib.file_digest(f, "sha256").hexdigest()
        self.known[str(path)] = [*stamp, digest]
        return digest

    def save(self) -> None:
        self.store.parent.mkdir(parents=True, exist_ok=True)
        self.store.write_text(json.dumps(self.known, sort_keys=True), encoding="utf-8")


# Modules that only the build and the tools use; notebooks never import them (a test checks
# this), so changing them does not re-run the notebooks. Everything else counts as code.
BUILD_ONLY = frozenset({"__main__", "appendix", "assessments", "build", "cache", "changes",
                        "cli", "del1", "htmlfix", "newyear", "owntext", "pdf", "reference",
                        "synth", "workbook"})


def notebook_code() -> list[Path]:
    """The package's source files that notebooks run."""
    package = Path(__file__).parent
    return [p for p in sorted(package.rglob("*.py"))
            if p.relative_to(package).parts[0].removesuffix(".py") not in BUILD_ONLY]


def contract_files() -> list[Path]:
    """The catalog, the editions' plans and the data contract."""
    return [paths.CATALOG, *catalog.plan_files(), *sorted(paths.SCHEMAS.glob("*.yaml"))]


def code_stamp() -> list[tuple[str, int, int]]:
    """Name, modification time and size of the code and contract files: cheap to compare,
    to notice an edit while a build runs."""
    files = [*notebook_code(), *contract_files()]
    return [(str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files]


@cache
def code_digest() -> str:
    """The package code notebooks run, the catalog, the data contract and the installed
    versions (once per process: :func:`code_stamp` notices later edits)."""
    package = Path(__file__).parent
    parts = [f"{p.relative_to(package)}:{_sha(p.read_bytes())}" for p in notebook_code()]
    parts += [f"{p.parent.name}/{p.name}:{_sha(p.read_bytes())}" for p in contract_files()]
    parts += sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())
    return _sha("\n".join(parts).encode())


def input_files(indicator: catalog.Indicator, data_dir: Path, years: Iterable[int]
                ) -> dict[str, Path | None]:
    """The files a notebook may read: each declared source per year (None where the year
    has no file, so that a file arriving later changes the key) and the delivery notes."""
    files: dict[str, Path | None] = {}
    for year in years:
        for source in indicator.sources:
            files[f"{year}/{source}"] = sources.find_file(data_dir, year, source)
        delivery = data_dir / str(year) / sources.DELIVERY_FILE
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


def plan(indicator_id: str, notebook: Path, parameters: dict, data_dir: Path,
         years: Iterable[int], digest: FileDigests) -> Run:
    ind = catalog.load()[indicator_id]
    inputs = {name: (digest(path) if path else None)
              for name, path in input_files(ind, data_dir, years).items()}
    return Run(indicator_id, {"notebook": _sha(notebook.read_bytes()), "parameters": parameters,
                              "code": code_digest(), "inputs": inputs})


class NotebookCache:
    """Executed notebooks and the files they wrote, one folder per run key:
    ``<root>/<indicator id>/<key>/``, with the manifest of the latest run beside them."""

    def __init__(self, root: Path = CACHE / "notebooks"):
        self.root = root

    def _entry(self, run: Run) -> Path:
        return self.root / run.indicator_id / run.key

    def lookup(self, run: Run) -> Path | None:
        entry = self._entry(run)
        return entry if (entry / "done").is_file() else None

    def store(self, run: Run, files: Iterable[Path], seconds: float = 0.0) -> None:
        entry = self._entry(run)
        shutil.rmtree(entry, ignore_errors=True)
        entry.mkdir(parents=True)
        for f in files:
            shutil.copy2(f, entry / f.name)
        manifest = json.dumps(run.manifest, sort_keys=True, indent=1)
        (entry / "manifest.json").write_text(manifest, encoding="utf-8")
        (self.root / run.indicator_id / "latest.json").write_text(
            json.dumps({**run.manifest, "seconds": round(seconds, 1)}, sort_keys=True, indent=1),
            encoding="utf-8")
        (entry / "done").touch()  # written last: an interrupted store is not an entry

    def seconds(self, indicator_id: str) -> float:
        """How long the notebook's latest run took (0 when unknown)."""
        try:
            latest = self.root / indicator_id / "latest.json"
            return float(json.loads(latest.read_text(encoding="utf-8")).get("seconds", 0))
        except (OSError, ValueError):
            return 0.0

    def reason(self, run: Run) -> str:
        """Why a run is not in the cache, compared with the notebook's latest run."""
        try:
            last = json.loads((self.root / run.indicator_id / "latest.json").read_text("utf-8"))
        except (OSError, ValueError):
            return "first run"
        last.pop("seconds", None)
        new = run.manifest
        changed = [name for name in sorted(set(new["inputs"]) | set(last.get("inputs", {})))
                   if new["inputs"].get(name) != last.get("inputs", {}).get(name)]
        reasons = [label for label, part in (("notebook changed", "notebook"),
                                             ("parameters changed", "parameters"),
                                             ("code or environment changed", "code"))
                   if new[part] != last.get(part)]
        if changed:
            shown = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more"
                                              if len(changed) > 3 else "")
            reasons.append(f"input changed: {shown}")
        return "; ".join(reasons) or "earlier run not kept"


class ValidatedFiles:
    """Files that passed validation, by content and contract, so that an unchanged
    delivery is not validated again on every build."""

    def __init__(self, store: Path = CACHE / "validated.json"):
        self.store = store
        try:
            self.known: dict[str, int] = json.loads(store.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.known = {}

    @staticmethod
    def key(source: str, year: int, file_digest: str) -> str:
        return f"{source}|{year}|{file_digest}|{code_digest()}"

    def rows(self, key: str) -> int | None:
        return self.known.get(key)

    def add(self, key: str, rows: int) -> None:
        self.known[key] = rows

    def save(self) -> None:
        """Keep only what the current code validated."""
        current = {k: v for k, v in self.known.items() if k.endswith(code_digest())}
        self.store.parent.mkdir(parents=True, exist_ok=True)
        self.store.write_text(json.dumps(current, sort_keys=True, indent=0), "utf-8")
