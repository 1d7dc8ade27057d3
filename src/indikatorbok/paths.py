"""The project's folders, built from the project root (never from the working directory).
A programme's own folders are properties of :class:`indikatorbok.programme.Programme`."""

from __future__ import annotations

import os
from pathlib import Path


def _find_root() -> Path:
    """The checkout holding ``_config.yml``: from ``INDIKATORBOK_ROOT``, else the working
    directory (so that a copied project with its own environment builds into its own
    folders, even when its package is installed from the original), else this file."""
    env = os.environ.get("INDIKATORBOK_ROOT")
    if env:
        return Path(env).resolve()
    for start in (Path.cwd().resolve(), Path(__file__).resolve()):
        for candidate in (start, *start.parents):
            if (candidate / "_config.yml").is_file() and (candidate / "notebooks").is_dir():
                return candidate
    raise RuntimeError(
        "Cannot find the indikatorbok project root (a folder with _config.yml and notebooks/). "
        "Set INDIKATORBOK_ROOT."
    )


ROOT = _find_root()
DATA = ROOT / "data"
NOTEBOOKS = ROOT / "notebooks"  # generated from the catalogs: one folder per programme
BOOK = ROOT / "book"  # pages and styles every programme's book shares
COMPANION = ROOT / "companion"  # the analysts' and reviewers' pages, never published
BUILD = ROOT / "_build"
CURRENT = BUILD / "current"  # the published edition (a link swapped in one step)
HTML = BUILD / "html"  # -> current/html
BUILD_DATA = BUILD / "data"  # -> current/data


def resolve(path: str | os.PathLike[str] | None, default: Path) -> Path:
    """Resolve a user-given path: relative paths are taken from the project root."""
    if path is None or str(path) == "":
        return default
    p = Path(path).expanduser()
    return p if p.is_absolute() else ROOT / p


def shown(path: Path) -> str:
    """A path as messages and notebook parameters show it: relative to the project root
    when inside it, so that outputs do not depend on where the checkout lives."""
    absolute = Path(os.path.abspath(path))  # links (e.g. _build/html) are kept, not resolved
    try:
        return str(absolute.relative_to(ROOT))
    except ValueError:
        return str(absolute)
