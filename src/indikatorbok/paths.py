"""Every path the project uses, built from the project root (never from the working directory)."""

from __future__ import annotations

import os
from pathlib import Path


def _find_root() -> Path:
    """The checkout holding ``_config.yml``: from ``INDIKATORBOK_ROOT``, this file, or the cwd."""
    env = os.environ.get("INDIKATORBOK_ROOT")
    if env:
        return Path(env).resolve()
    for start in (Path(__file__).resolve(), Path.cwd().resolve()):
        for candidate in (start, *start.parents):
            if (candidate / "_config.yml").is_file() and (candidate / "notebooks").is_dir():
                return candidate
    raise RuntimeError(
        "Cannot find the indikatorbok project root (a folder with _config.yml and notebooks/). "
        "Set INDIKATORBOK_ROOT."
    )


ROOT = _find_root()
DATA = ROOT / "data"
CATALOG = DATA / "catalog" / "indicators.yaml"
SCHEMAS = DATA / "schema"
EDITIONS = DATA / "editions"  # the analysts' judgements and plans per edition
REFERENCE = DATA / "reference" / "published.csv"
DEFAULT_DATA = DATA / "synthetic"
NOTEBOOKS = ROOT / "notebooks"
BOOK = ROOT / "book"
EXECUTED = BOOK / "del2"
BUILD = ROOT / "_build"
BUILD_DATA = BUILD / "data"
HTML = BUILD / "html"

FIRST_YEAR = 2020
DEFAULT_YEAR = 2025


def resolve(path: str | os.PathLike[str] | None, default: Path) -> Path:
    """Resolve a user-given path: relative paths are taken from the project root."""
    if path is None or str(path) == "":
        return default
    p = Path(path).expanduser()
    return p if p.is_absolute() else ROOT / p
