"""Jupyter Book 1 on an edition's sources: its configuration, and the HTML rendered
incrementally from a kept work folder, warnings taken as errors."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from rich.console import Console

from indikatorbok import forkedkernels, htmlfix, paths, stats, text
from indikatorbok.editions import BuildError
from indikatorbok.programme import Edition

# What a run of Jupyter Book imports (the extensions it names included), for a fork server
# to import once.
PRELOAD = ("jupyter_book.cli.main", "jupyter_book.sphinx", "myst_nb.sphinx_ext",
           "sphinx_book_theme", "sphinx_external_toc", "sphinx_design", "sphinx_copybutton",
           "sphinx_togglebutton", "sphinx_comments", "sphinx_thebe", "sphinx_multitoc_numbering",
           "sphinx_jupyterbook_latex", "sphinx.builders.html", "sphinx.builders.singlehtml",
           __name__)


def book_config(edition: Edition, out: Path) -> Path:
    """The edition's Jupyter Book config: the programme's title with the year, its author,
    the data notice and the values the front matter quotes."""
    prog = edition.programme
    config = yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))
    config["title"] = f"{prog.title} {edition.year}"
    config["author"] = prog.agency
    synthetic = edition.synthetic
    cat, policy = prog.catalog, prog.policy
    config.setdefault("parse", {})["myst_substitutions"] = {
        "utgava": str(edition.year),
        "perioden": text.year_span(edition.years),
        "underlag": prog.text("data_synthetic" if synthetic else "data_real"),
        "minsta_grupp": str(policy.min_group),
        "minsta_cell_max": str(policy.min_cell - 1),
        "konfidensniva": str(stats.Rules.of(policy).level),
        "antal_indikatorer": str(len(cat.indicators)),
        "antal_uppfoljda": str(sum(i.followed for i in cat.indicators.values())),
        "myndigheten": prog.agency,
        "kontakt": prog.text("contact"),
        **accessibility(prog),
        "bedomningar": text.join([f"”{c.label.lower()}”" for c in policy.categories], "och"),
        "malen": "\n".join(f"{g.id}. {g.title.rstrip('.')}." for g in cat.goals),
    }
    if synthetic:
        config["sphinx"]["config"]["html_theme_options"]["announcement"] = \
            prog.text("banner_synthetic")
    path = out / "_config.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def accessibility(prog) -> dict[str, str]:
    """The accessibility statement's contact and dates (``accessibility`` in programme.yaml)."""
    given, contact = prog.config["accessibility"], prog.config["contact"]
    return {"kontakt_epost": contact["email"], "kontakt_telefon": contact["phone"],
            "tillganglighet_upprattad": text.date(given["prepared"]),
            "tillganglighet_granskad": text.date(given["reviewed"])}


def jupyter_book(source: Path, config: Path, toc: Path, out: Path, builder: str,
                 *options: str) -> subprocess.CompletedProcess:
    """Run Jupyter Book 1 on the book sources in ``source`` with the edition's table of
    contents, writing into ``out``; its output is returned, not printed. It runs forked
    from this process's fork server when that has imported Jupyter Book (the preview's:
    about a second of imports saved on each run), else as a process of its own."""
    args = ["build", str(source), "--config", str(config), "--toc", str(toc),
            "--path-output", str(out), "--builder", builder, *options]
    env = {**os.environ, "PYTHONHASHSEED": "0"}  # sets written in the same order
    if not forkedkernels.prepared(*PRELOAD):
        return subprocess.run([str(Path(sys.executable).parent / "jupyter-book"), *args],
                              capture_output=True, text=True, cwd=paths.ROOT, env=env)
    with tempfile.NamedTemporaryFile("r", encoding="utf-8", suffix=".log") as log:
        code = forkedkernels.run(_command, args, env=env, cwd=str(paths.ROOT),
                                 output=log.name)
        return subprocess.CompletedProcess(args, code, log.read(), "")


def _command(args: list[str]) -> None:
    """Jupyter Book's command line (its exit code is the process's)."""
    from jupyter_book.cli.main import main

    main(args, prog_name="jupyter-book")


def sync(src: Path, dst: Path) -> set[str]:
    """Make ``dst`` a copy of ``src``, writing only the files whose content changed and
    removing those gone; return the changed files (paths relative to ``dst``)."""
    new = {p.relative_to(src) for p in src.rglob("*") if p.is_file()}
    changed = set()
    for rel in sorted(new):
        target = dst / rel
        if not target.is_file() or target.read_bytes() != (src / rel).read_bytes():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src / rel, target)
            changed.add(str(rel))
    if dst.is_dir():
        for old in [p for p in dst.rglob("*") if p.is_file() and p.relative_to(dst) not in new]:
            old.unlink()
            changed.add(str(old.relative_to(dst)))
    return changed


def touch_quoting_pages(book: Path, changed: set[str]) -> None:
    """Sphinx does not know that a page quoting a notebook's glued values depends on it:
    touch the pages that quote a changed notebook, so that they are read again."""
    names = [Path(c).name for c in changed if c.endswith(".ipynb")]
    if not names:
        return
    for page in book.rglob("*.md"):
        content = page.read_text(encoding="utf-8")
        if any(f"{name}::" in content for name in names):
            page.touch()


def kept_for(folder: Path, libraries: str) -> None:
    """Empty a kept Sphinx folder when the installed libraries (``libraries``: their
    digest) changed since it was filled: Sphinx reads a page again only when its source
    changed, and a page another parser or extension read would differ from a clean
    build's."""
    marker = folder / "libraries.digest"
    if marker.is_file() and marker.read_text(encoding="utf-8") == libraries:
        return
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    marker.write_text(libraries, encoding="utf-8")


def book_digest(source: Path, *files: Path, environment: list[str] = ()) -> str:
    """One digest of the book's sources: every file under ``source``, the given files and
    the ``environment``'s descriptions."""
    h = hashlib.sha256("\0".join(environment).encode())
    for path in [*sorted(p for p in source.rglob("*") if p.is_file()), *files]:
        h.update(f"{path.relative_to(path.parent if path in files else source)}\0".encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def render_html(source: Path, sphinx: Path, config: Path, toc: Path, html: Path,
                 rendered: Path, digest: str, console: Console) -> None:
    """Jupyter Book's HTML of the synced sources, checked and fixed; ``rendered`` records
    the ``digest`` of what it was rendered from (written after the pages were fixed: pages
    older than it are fixed already)."""
    fixed_until = rendered.stat().st_mtime_ns if rendered.is_file() else 0
    rendered.unlink(missing_ok=True)
    # When the set of pages or the configuration changed, the HTML starts afresh, so
    # that pages (or page sources) that left the book do not linger.
    pages = json.dumps({"pages": sorted(str(p.relative_to(source)) for p in
                                        source.rglob("*") if p.suffix in (".md", ".ipynb")),
                        "config": config.read_text(encoding="utf-8")})
    page_list = sphinx / "pages.json"
    if not page_list.is_file() or page_list.read_text(encoding="utf-8") != pages:
        shutil.rmtree(html, ignore_errors=True)
    start = time.perf_counter()
    proc = jupyter_book(source / "book", config, toc, sphinx, "html", "-W", "-n",
                        "--keep-going")
    log = sphinx.parent / "jupyter-book.log"
    log.write_text(proc.stdout + proc.stderr, encoding="utf-8")
    if proc.returncode != 0:
        # An incremental build would not read the failing pages again and so not warn
        # again: the next build starts from scratch.
        shutil.rmtree(sphinx, ignore_errors=True)
        warnings = [ln for ln in (proc.stdout + proc.stderr).splitlines()
                    if "WARNING" in ln or "ERROR" in ln]
        raise BuildError("Jupyter Book failed; the previous book is left as it was.\n"
                         + "\n".join(warnings[:30]) + f"\nFull log: {paths.shown(log)}")
    page_list.write_text(pages, encoding="utf-8")
    htmlfix.fix_book(html, since=fixed_until)
    rendered.write_text(digest, encoding="utf-8")
    console.print(f"[green]✓[/] HTML book rendered ({time.perf_counter() - start:.1f} s)")
