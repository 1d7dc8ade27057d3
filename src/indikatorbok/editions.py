"""Where an edition's outputs live and how one becomes the published book.

Every output of an edition (pages, executed notebooks, tidy CSVs, workbook, HTML, PDF) is
built into one new folder, ``_build/editions/<programme>-<year>-<stamp>/``, which becomes the
published book by a single swap of the link ``_build/current`` (``_build/html``,
``_build/data`` and ``_build/build.json`` point through it). A reader, or a build killed at
any moment, sees the old edition or the new one, never a mix. One build runs at a time in a
checkout (:func:`lock`).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from indikatorbok import paths, scan
from indikatorbok.programme import Edition

EDITIONS = paths.BUILD / "editions"
WORK = paths.BUILD / "work"  # per programme: Sphinx's source and output, kept between builds
PREVIEW = paths.BUILD / "preview"  # the last preview (``make preview``), never published
PREVIEW_HTML = PREVIEW / "current" / "html"
LOCK = paths.BUILD / "build.lock"
# The published edition's parts, reached through ``current``.
LINKS = {"html": "html", "data": "data", "build.json": "build.json"}


class BuildError(Exception):
    """A build step failed; the message names what failed and where."""


@dataclass(frozen=True)
class Folder:
    """An edition's outputs: what may be published (``html``, and ``data``: tidy CSVs,
    workbook, the edition's record) and what may not (``internal``: the analysts' and
    reviewers' companion, and ``book``, the book's sources, whose executed notebooks show
    every step with its unprotected counts)."""

    root: Path

    @property
    def book(self) -> Path:
        return self.internal / "book"

    @property
    def internal(self) -> Path:
        """Never published: the companion, the review, the disclosure log and the book's
        sources with the executed notebooks."""
        return self.root / "internal"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def html(self) -> Path:
        return self.root / "html"

    @property
    def del2(self) -> Path:
        return self.book / "del2"


_held: list[str] = []  # what this process holds the lock for (the lock is re-entrant)


@contextlib.contextmanager
def lock(what: str):
    """Hold the checkout's build lock; a clear error naming the running build if another
    process holds it. Re-entrant: a command that holds it may build within it."""
    if _held:
        yield
        return
    paths.BUILD.mkdir(parents=True, exist_ok=True)
    handle = LOCK.open("a+", encoding="utf-8")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        handle.close()
        raise BuildError(f"Another build is running in this checkout ({holder}). Wait for it "
                         f"to finish, or stop it, and run this command again.") from None
    try:
        handle.seek(0)
        handle.truncate()
        handle.write(f"{what}, process {os.getpid()}, started {time.strftime('%H:%M:%S')}")
        handle.flush()
        scan.remove_stale()  # files a killed build left while reading
        _held.append(what)
        yield
    finally:
        _held.clear()
        handle.seek(0)
        handle.truncate()
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def _link(target: str, link: Path) -> None:
    """Point ``link`` at ``target`` in one step (a new link renamed over the old one)."""
    tmp = link.with_name(f".{link.name}.{os.getpid()}.new")
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(target)
    os.replace(tmp, link)


def _ensure_links() -> None:
    """``_build/html``, ``_build/data`` and ``_build/build.json`` through ``current``."""
    for name, part in LINKS.items():
        link = paths.BUILD / name
        if link.is_symlink() and os.readlink(link) == f"current/{part}":
            continue
        if link.is_dir() and not link.is_symlink():
            shutil.rmtree(link)  # a folder of an earlier layout
        _link(f"current/{part}", link)


def publish(folder: Folder, edition: Edition) -> Path:
    """Make a complete edition folder the published book in one step, then remove the
    editions it replaced (the last of every other programme and year stays)."""
    final = EDITIONS / folder.root.name.removeprefix(".tmp-")
    folder.root.rename(final)
    return make_current(final, edition)


def publish_preview(folder: Folder) -> Path:
    """Make a complete edition folder the preview in one step (``preview/current``), and
    remove the previews it replaced: the published edition is left as it is."""
    PREVIEW.mkdir(parents=True, exist_ok=True)
    final = PREVIEW / folder.root.name.removeprefix(".tmp-")
    folder.root.rename(final)
    _link(final.name, PREVIEW / "current")
    for old in PREVIEW.iterdir():
        if old.is_dir() and not old.is_symlink() and old != final:
            shutil.rmtree(old, ignore_errors=True)
    return final


def make_current(final: Path, edition: Edition) -> Path:
    """Point the published book at the edition folder ``final``, in one step, and remove
    the folders of the same edition it replaces (or that an interrupted build left)."""
    _link(f"editions/{final.name}", paths.CURRENT)
    _ensure_links()
    for old in EDITIONS.iterdir():
        if old != final and edition_folder(old.name, edition.programme.name, edition.year,
                                           unfinished=True):
            shutil.rmtree(old, ignore_errors=True)
    return final


def edition_folder(name: str, programme_name: str, year: int | None = None,
                   unfinished: bool = False) -> bool:
    """Whether a folder under ``editions/`` holds an edition of the programme (of ``year``,
    when given; with ``unfinished``, a build's unpublished folder too): matched exactly, so
    that another programme whose name begins the same is never taken for it.

    >>> edition_folder("pm-2018-20260101120000-42", "pm", 2018)
    True
    >>> edition_folder("pm-2018-extra-2018-20260101120000-42", "pm", 2018)
    False
    """
    tmp = r"(\.tmp-)?" if unfinished else ""
    when = str(year) if year is not None else r"\d{4}"
    return re.fullmatch(rf"{tmp}{re.escape(programme_name)}-{when}-\d{{14}}-\d+", name) is not None


def new_folder(edition: Edition) -> Folder:
    """An empty folder for a new edition's outputs (not yet published)."""
    stamp = time.strftime("%Y%m%d%H%M%S")
    root = EDITIONS / f".tmp-{edition.name}-{stamp}-{os.getpid()}"
    root.mkdir(parents=True)
    return Folder(root)


def published(programme_name: str | None = None, year: int | None = None) -> Folder | None:
    """The published folder of an edition (default: the current one)."""
    if programme_name is None:  # through the link: whatever edition is current when used
        return Folder(paths.CURRENT) if paths.CURRENT.exists() else None
    found = sorted(p for p in (EDITIONS.iterdir() if EDITIONS.is_dir() else ())
                   if p.is_dir() and edition_folder(p.name, programme_name, year))
    return Folder(found[-1]) if found else None


def summary(folder: Folder | None = None) -> dict:
    """What a build did (default: the published one; empty when nothing was built)."""
    folder = folder or published()
    path = folder.root / "build.json" if folder else None
    return json.loads(path.read_text(encoding="utf-8")) if path and path.is_file() else {}
