"""The build: validate the data, execute the indicator notebooks, render the HTML book.

Every step writes into a staging area first; the published outputs (``book/del2``,
``_build/data``, ``_build/html``) are replaced only when all steps have succeeded, so a
failure leaves the previous book untouched.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

import yaml
from rich.console import Console

from indikatorbok import (
    appendix,
    assessments,
    cache,
    catalog,
    changes,
    del1,
    htmlfix,
    indicators,
    paths,
    plots,
    report,
    scan,
    sources,
    stats,
    text,
    workbook,
)

STAGING = paths.BUILD / "staging"
# Pages the build writes into book/del2.
GENERATED_PAGES = ("indikator_*.ipynb", "mal_*.md", "oversikt.md", "effektkedja_*.svg")
SPHINX_OUT = paths.BUILD / "sphinx"  # kept between builds: Sphinx rebuilds incrementally
# What Sphinx reads: the staged book and data, synced so that unchanged files keep their
# modification time (Sphinx re-reads a page only when its file is newer).
SPHINX_SOURCE = paths.BUILD / "source"
KERNEL = "python3"


class BuildError(Exception):
    """A build step failed; the message names what failed and where."""


@dataclass(frozen=True)
class Edition:
    year: int
    data_dir: Path

    @property
    def years(self) -> list[int]:
        return list(range(paths.FIRST_YEAR, self.year + 1))



def as_parameter(path: Path) -> str:
    """A path as given to notebooks: relative to the project root when inside it, so that
    executed notebooks do not depend on where the checkout lives."""
    try:
        return str(path.resolve().relative_to(paths.ROOT))
    except ValueError:
        return str(path.resolve())


# --------------------------------------------------------------------------- validate


def check_file(source: str, path: Path, year: int) -> int:
    """Validate one file (out of core for national registers); return its rows."""
    if sources.schema(source).out_of_core:
        return scan.check_file(source, path, year)
    return len(sources.load_year(source, path.parent.parent, year))


def validate(edition: Edition, console: Console) -> dict[str, int]:
    """Check every source in the contract for every year of the edition, on all cores;
    raise listing all problems at once. Files validated before, unchanged and under the
    same contract and code, are not read again."""
    if not edition.data_dir.is_dir():
        raise sources.DataError(f"Data folder {edition.data_dir} does not exist.")
    digest, validated = cache.FileDigests(), cache.ValidatedFiles()
    problems, keys, todo = [], {}, {}
    for source in sources.all_sources():
        spec = sources.schema(source)
        for year in edition.years:
            try:
                path = sources.find_file(edition.data_dir, year, source)
            except sources.DataError as err:
                problems.append(str(err))
                continue
            if path is None:
                if year in spec.expected_years(edition.year):
                    problems.append(
                        f"Source '{source}' ({spec.title}): no file for {year}; expected "
                        f"{edition.data_dir / str(year) / spec.file}.csv (or .xlsx/.parquet).")
                continue
            keys[(source, year)] = validated.key(source, year, digest(path))
            if validated.rows(keys[(source, year)]) is None:
                todo[(source, year)] = path
    # Forked workers start at once with the modules already loaded.
    with ProcessPoolExecutor(workers(), mp_context=get_context("fork")) as pool:
        futures = {pool.submit(check_file, s, path, y): (s, y) for (s, y), path in todo.items()}
        for future in as_completed(futures):
            try:
                validated.add(keys[futures[future]], future.result())
            except sources.DataError as err:
                problems.append(str(err))
    for year in edition.years:
        try:
            sources.delivery(edition.data_dir, year)
        except sources.DataError as err:
            problems.append(str(err))
    digest.save()
    validated.save()
    if problems:
        raise sources.DataError(f"{len(problems)} problem(s) in {edition.data_dir}:\n\n"
                                + "\n\n".join(sorted(problems)))
    rows = {f"{y}/{s}": validated.rows(key) for (s, y), key in keys.items()}
    console.print(f"[green]✓[/] Data in {edition.data_dir} valid for {edition.year}: "
                  f"{len(rows)} files, {sum(rows.values()):,} rows ({len(todo)} checked now, "
                  f"{len(rows) - len(todo)} unchanged since validated).")
    return rows


# --------------------------------------------------------------------------- execute


def notebook_path(indicator_id: str) -> Path:
    return paths.NOTEBOOKS / f"{catalog.load()[indicator_id].notebook}.ipynb"


def _clean(nb) -> None:
    """Hide the injected parameters in the book; drop run-dependent metadata (timings,
    paths)."""
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags and "remove-cell" not in tags:
            cell.metadata["tags"] = [*tags, "remove-cell"]
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
    for key in ("start_time", "end_time", "duration", "exception", "input_path", "output_path"):
        nb.metadata.get("papermill", {}).pop(key, None)


def parameters(edition: Edition, data_out: Path) -> dict:
    return {"year": edition.year, "data_dir": as_parameter(edition.data_dir),
            "out_dir": as_parameter(data_out)}


def execute_notebook(indicator_id: str, edition: Edition, out: Path, data_out: Path) -> Path:
    """Run one indicator notebook with Papermill; raise BuildError naming the failing cell."""
    # Imported here: slow to import (jsonschema), and only executing needs them.
    import nbformat
    import papermill as pm

    from indikatorbok import kernels

    src = notebook_path(indicator_id)
    params = parameters(edition, data_out)
    declared = set(pm.inspect_notebook(str(src)))
    unknown = set(params) - declared
    if unknown:
        raise BuildError(f"{src.name}: the parameters cell does not declare "
                         f"{', '.join(sorted(unknown))}.")
    dst = out / src.name
    try:
        # Kept in memory and written once, cleaned (not after every cell).
        nb = pm.execute_notebook(str(src), None, parameters=params, kernel_name=KERNEL,
                                 engine_name=kernels.ENGINE,
                                 request_save_on_cell_execute=False, progress_bar=False,
                                 log_output=False, cwd=str(paths.ROOT),
                                 # The kernel listens on loopback only; keep its start-up
                                 # notice about unencrypted local TCP out of the build log.
                                 extra_arguments=["--IPKernelApp.log_level=ERROR"])
    except pm.PapermillExecutionError as err:
        raise BuildError(
            f"Notebook {src.relative_to(paths.ROOT)} failed in cell {err.cell_index} "
            f"(indicator {indicator_id}):\n{err.ename}: {err.evalue}\n"
            f"--- cell source ---\n{err.source}"
        ) from None
    _clean(nb)
    nbformat.write(nb, dst)
    return dst


KERNEL_START_ATTEMPTS = 3


def _timed(indicator_id: str, edition: Edition, out: Path, data_out: Path) -> tuple[Path, float]:
    """Execute one notebook; retry when its kernel dies while starting (parallel kernels can
    race for the same local ports). Errors inside the notebook are never retried."""
    start = time.perf_counter()
    for attempt in range(1, KERNEL_START_ATTEMPTS + 1):
        try:
            return execute_notebook(indicator_id, edition, out, data_out), \
                time.perf_counter() - start
        except (RuntimeError, TimeoutError) as err:
            if attempt == KERNEL_START_ATTEMPTS or "kernel" not in str(err).lower():
                raise BuildError(f"{notebook_path(indicator_id).name}: the kernel could not be "
                                 f"started ({err}).") from err
    raise AssertionError("unreachable")


def workers() -> int:
    """Notebooks run in parallel processes, one per core (``INDIKATORBOK_WORKERS`` overrides)."""
    return max(1, int(os.environ.get("INDIKATORBOK_WORKERS", os.cpu_count() or 1)))


@dataclass
class Executed:
    """The notebooks of a build: which ran, which came from the cache, and why they ran."""

    notebooks: dict[str, Path]
    ran: dict[str, str]  # indicator id -> reason
    reused: list[str]


def output_files(indicator_id: str, data_out: Path) -> list[Path]:
    """The files a notebook writes beside its CSV (see ``report.publish``)."""
    return [data_out / f"{indicator_id}.csv", data_out / f"{indicator_id}{report.HEADLINE_SUFFIX}"]


def execute(edition: Edition, console: Console, ids: list[str] | None = None,
            staging: Path = STAGING, notebook_cache: cache.NotebookCache | None = None
            ) -> Executed:
    """Execute into the staging folder the notebooks whose inputs changed since a cached
    run, in parallel processes (Papermill changes the working directory of its process, so
    threads would not do); take the others from the cache."""
    ids = ids or indicators.implemented()
    store = notebook_cache or cache.NotebookCache()
    # The staged book mirrors the project: book/del2 beside _build/data, so that the pages'
    # links to their CSV files (../../_build/data/<id>.csv) hold in both places.
    out, data_out = staging / "book" / "del2", staging / "_build" / "data"
    shutil.rmtree(data_out, ignore_errors=True)
    data_out.mkdir(parents=True)
    out.mkdir(parents=True, exist_ok=True)
    digest, stamp = cache.FileDigests(), cache.code_stamp()
    runs = {i: cache.plan(i, notebook_path(i), parameters(edition, data_out),
                          edition.data_dir, edition.years, digest) for i in ids}
    digest.save()
    done: dict[str, Path] = {}
    reused = [i for i in ids if store.lookup(runs[i])]
    for i in reused:
        entry = store.lookup(runs[i])
        done[i] = out / notebook_path(i).name
        shutil.copy2(entry / done[i].name, done[i])
        for f in output_files(i, data_out):
            shutil.copy2(entry / f.name, f)
    ran = {i: store.reason(runs[i]) for i in ids if i not in done}
    if reused:
        console.print(f"[green]✓[/] {len(reused)} notebook(s) unchanged, taken from the cache")
    if ran:  # the longest first, so that the workers finish together
        _execute_all(sorted(ran, key=store.seconds, reverse=True), edition, console, out,
                     data_out, done, runs, store, ran, stamp)
    return Executed({i: done[i] for i in ids}, ran, reused)


def _execute_all(ids: list[str], edition: Edition, console: Console, out: Path, data_out: Path,
                 done: dict[str, Path], runs: dict[str, cache.Run], store: cache.NotebookCache,
                 reasons: dict[str, str], stamp: list) -> None:
    """Run the notebooks, in parallel worker processes when there are several (a single
    one runs here: starting a worker costs seconds)."""
    n_workers = min(workers(), len(ids))

    def finished(n: int, indicator_id: str, path: Path, seconds: float) -> None:
        done[indicator_id] = path
        if cache.code_stamp() == stamp:
            store.store(runs[indicator_id], [path, *output_files(indicator_id, data_out)],
                        seconds)
        else:  # the code was edited while the build ran: its result is not kept
            console.print(f"[yellow]{indicator_id}: the package code changed during the "
                          f"build; not cached[/]")
        console.print(f"[green]✓[/] {indicator_id} {path.name} ({seconds:.1f} s; "
                      f"{reasons[indicator_id]}) [{n}/{len(ids)}]")

    with console.status(f"Executing {len(ids)} notebook(s) with {n_workers} worker(s)"):
        if n_workers == 1:
            try:
                for n, indicator_id in enumerate(ids, start=1):
                    finished(n, indicator_id, *_timed(indicator_id, edition, out, data_out))
            finally:
                from indikatorbok import kernels  # imported by the first notebook
                kernels.shutdown()
            return
        with ProcessPoolExecutor(n_workers, mp_context=get_context("spawn")) as pool:
            futures = {pool.submit(_timed, i, edition, out, data_out): i for i in ids}
            for n, future in enumerate(as_completed(futures), start=1):
                try:
                    path, seconds = future.result()
                except BaseException:
                    for other in futures:
                        other.cancel()
                    raise
                finished(n, futures[future], path, seconds)


# --------------------------------------------------------------------------- pages


def goal_pages(out: Path, ids: list[str], edition: int | None = None,
               data_dir: Path | None = None) -> list[Path]:
    """One chapter page per goal, from the catalog: its effect chain as a diagram (when the
    build's results are given), its chain steps and all their indicators (a link with the
    latest result, or why the indicator is not in the book)."""
    cat = catalog.load()
    measured = None if data_dir is None else {
        i: set(h["measured_years"]) for i, h in report.read_headlines(data_dir).items()}
    written = []
    for goal in cat.goals:
        lines = [f"# Mål {goal.id}: {goal.short}", "", f"*{goal.title}.*", ""]
        if edition is not None and measured is not None:
            image, svg = _chain_diagram(out, cat, goal, edition, measured)
            lines += [image, ""]
            written.append(svg)
        for step in goal.steps:
            lines += [f"## {step.kind_label}: {step.title}", ""]
            for ind in (i for i in cat.indicators.values() if i.step.id == step.id):
                if ind.id in ids:
                    lines.append(
                        f"- [{ind.id} {ind.title}]({ind.notebook}.ipynb). Senaste resultat: "
                        f"{{glue}}`{ind.notebook}.ipynb::senaste_varde` "
                        f"({{glue}}`{ind.notebook}.ipynb::senaste_ar`).")
                elif not ind.followed:
                    lines.append(f"- {ind.id} {ind.title}. *Följs inte upp:* {ind.not_followed}")
                else:
                    lines.append(f"- {ind.id} {ind.title}. *Ingår ännu inte i den här "
                                 f"utgåvan av boken.*")
            lines.append("")
        path = out / f"mal_{goal.id}.md"
        path.write_text("\n".join(lines), encoding="utf-8")
        written.append(path)
    path = out / "oversikt.md"
    path.write_text(overview_page(cat), encoding="utf-8")
    return [*written, path]


def _chain_diagram(out: Path, cat: catalog.Catalog, goal: catalog.Goal, edition: int,
                   measured: dict[str, set[int]]) -> tuple[str, Path]:
    """The goal's effect chain with each indicator's status: the image's Markdown (its
    text alternative lists every step and status) and the SVG file."""

    def status(ind: catalog.Indicator) -> str:
        if not ind.followed:
            return "inte uppföljd"
        return ind.status(edition, measured.get(ind.id, set()))

    columns = []
    for kind, label in catalog_kinds(cat):
        steps = [(s.title, [(i.id, status(i)) for i in cat.indicators.values()
                            if i.step.id == s.id]) for s in goal.steps if s.kind == kind]
        if steps:
            columns.append((label, steps))
    svg = out / f"effektkedja_{goal.id}.svg"
    svg.write_text(plots.to_svg(plots.effect_chain(columns)), encoding="utf-8")
    alt = " ".join(f"{label}: " + "; ".join(
        f"{title} ({text.join([f'{i} {st}' for i, st in inds])})" for title, inds in steps) + "."
        for label, steps in columns)
    return f"![Effektkedja för mål {goal.id}. {alt}]({svg.name})", svg


def catalog_kinds(cat: catalog.Catalog) -> list[tuple[str, str]]:
    """The kinds of chain step in the chain's order, with their labels."""
    return list(dict.fromkeys((s.kind, s.kind_label) for g in cat.goals for s in g.steps))


def overview_page(cat: catalog.Catalog) -> str:
    """The count tables at the start of Del 2, computed from the catalog."""
    captions = {"goal": "Indikatorer per jämställdhetsmål",
                "step": "Indikatorer per steg i effektkedjan",
                "method": "Indikatorer efter metod eller typ av datainsamling. En indikator kan "
                          "följas upp med flera metoder"}
    total = len(cat.indicators)
    followed = sum(i.followed for i in cat.indicators.values())
    lines = ["# Indikatorerna i siffror", "",
             f"Effektkedjorna har sammanlagt {total} indikatorer. {followed} av dem har följts "
             f"upp minst en gång under perioden, och {total - followed} har inte följts upp; "
             f"skälen står under respektive mål.", ""]
    for by, caption in captions.items():
        table = catalog.counts(cat, by)
        header = ["Steg" if by == "step" else "Metod" if by == "method" else "Mål",
                  *table.columns[1:]]
        lines += [f"**{caption}. Antal**", "", "| " + " | ".join(header) + " |",
                  "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(str(v) for v in row) + " |"
                  for row in table.itertuples(index=False)]
        lines.append("")
    return "\n".join(lines)


def book_config(edition: Edition, out: Path) -> Path:
    """The edition's Jupyter Book config: title with the year, the data notice."""
    config = yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))
    config["title"] = f"{config['title']} {edition.year}"
    synthetic = sources.is_synthetic(edition.data_dir, edition.years)
    cat = catalog.load()
    notice = ("Underlaget i den här utgåvan är syntetiskt. Det har tagits fram för att ge "
              "samma resultat som Försäkringskassans redovisning, men innehåller inga uppgifter "
              "om verkliga personer eller ärenden.") if synthetic else (
              "Underlaget i den här utgåvan är Försäkringskassans registerutdrag, enkätsvar "
              "och interna uppgifter.")
    config.setdefault("parse", {})["myst_substitutions"] = {
        "utgava": str(edition.year),
        "perioden": text.year_span(edition.years),
        "underlag": notice,
        "minsta_grupp": str(stats.MIN_GROUP),
        "minsta_cell_max": str(stats.MIN_CELL - 1),
        "antal_indikatorer": str(len(cat.indicators)),
        "antal_uppfoljda": str(sum(i.followed for i in cat.indicators.values())),
    }
    if synthetic:
        config["sphinx"]["config"]["html_theme_options"]["announcement"] = (
            "Alla siffror i den här boken är beräknade från syntetiska data.")
    path = out / "_config.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def jupyter_book(source: Path, config: Path, out: Path, builder: str,
                 *options: str) -> subprocess.CompletedProcess:
    """Run Jupyter Book 1 on the book sources in ``source`` with the project's table of
    contents, writing into ``out``; its output is returned, not printed."""
    jb = Path(sys.executable).parent / "jupyter-book"
    return subprocess.run(
        [str(jb), "build", str(source), "--config", str(config), "--toc",
         str(paths.ROOT / "_toc.yml"), "--path-output", str(out), "--builder", builder,
         *options], capture_output=True, text=True, cwd=paths.ROOT,
        env={**os.environ, "PYTHONHASHSEED": "0"})


def build_html(source: Path, config: Path, console: Console) -> Path:
    """Run Jupyter Book on ``source`` (warnings are errors); return the HTML folder."""
    # Sphinx re-reads and re-writes only changed pages. When the set of pages changed, the
    # HTML starts afresh, so that pages that left the book do not linger.
    pages = json.dumps(sorted(str(p.relative_to(source)) for p in source.rglob("*")
                              if p.suffix in (".md", ".ipynb")))
    page_list = SPHINX_OUT / "pages.json"
    if not page_list.is_file() or page_list.read_text(encoding="utf-8") != pages:
        shutil.rmtree(SPHINX_OUT / "_build" / "html", ignore_errors=True)
    with console.status("Building the HTML book (Jupyter Book)"):
        start = time.perf_counter()
        proc = jupyter_book(source, config, SPHINX_OUT, "html", "-W", "-n", "--keep-going")
    log = paths.BUILD / "jupyter-book.log"
    log.write_text(proc.stdout + proc.stderr, encoding="utf-8")
    if proc.returncode != 0:
        # An incremental build would not read the failing pages again and so not warn
        # again: the next build starts from scratch.
        shutil.rmtree(SPHINX_OUT, ignore_errors=True)
        warnings = [ln for ln in (proc.stdout + proc.stderr).splitlines()
                    if "WARNING" in ln or "ERROR" in ln]
        raise BuildError("Jupyter Book failed; the previous book is left as it was.\n"
                         + "\n".join(warnings[:30]) + f"\nFull log: {log}")
    page_list.write_text(pages, encoding="utf-8")
    html = SPHINX_OUT / "_build" / "html"
    htmlfix.fix_book(html)
    console.print(f"[green]✓[/] HTML book rendered ({time.perf_counter() - start:.1f} s)")
    return html


def _replace(src: Path, dst: Path, *, copy: bool = False) -> None:
    """Swap a finished folder into place (moved, or copied when ``src`` must stay)."""
    old = dst.with_name(dst.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if dst.exists():
        dst.rename(old)
    if copy:
        shutil.copytree(src, dst)
    else:
        src.rename(dst)
    shutil.rmtree(old, ignore_errors=True)


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
    for old in [p for p in dst.rglob("*") if p.is_file() and p.relative_to(dst) not in new]:
        old.unlink()
        changed.add(str(old.relative_to(dst)))
    return changed


def touch_quoting_pages(book: Path, changed: set[str]) -> None:
    """Sphinx does not know that a page quoting a notebook's glued values depends on it:
    touch the pages that quote a changed notebook, so that they are read again."""
    notebooks = [Path(c).name for c in changed if c.endswith(".ipynb")]
    if not notebooks:
        return
    for page in book.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        if any(f"{name}::" in text for name in notebooks):
            page.touch()


def book_digest(source: Path, *files: Path) -> str:
    """One digest of the book's sources: every file under ``source`` and the given files."""
    h = hashlib.sha256()
    for path in [*sorted(p for p in source.rglob("*") if p.is_file()), *files]:
        h.update(f"{path.relative_to(path.parent if path in files else source)}\0".encode())
        h.update(path.read_bytes())
    return h.hexdigest()


PROJECT_FILES = ("_config.yml", "_toc.yml", "book", "notebooks", "data")


def copy_project(dst: Path, with_cache: bool = False) -> Path:
    """A copy of the project's book, notebooks and data (and optionally the notebook cache)
    to build elsewhere with ``INDIKATORBOK_ROOT=dst``: for tests and benchmarks."""
    dst.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        src = paths.ROOT / name
        if src.is_dir():
            shutil.copytree(src, dst / name, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        else:
            shutil.copy2(src, dst / name)
    if with_cache and (cache.CACHE / "notebooks").is_dir():
        shutil.copytree(cache.CACHE / "notebooks", dst / "_build" / "cache" / "notebooks")
    return dst


RENDERED = cache.CACHE / "html.digest"  # the digest of the book sources of the published HTML


def check_edition_files(year: int, console: Console) -> None:
    """The analysts' files for the edition, checked before anything is computed."""
    try:
        judgements = del1.load(year)
        assessments.load(year)
    except (FileNotFoundError, ValueError) as err:
        raise BuildError(str(err)) from None
    if "copied_from" in judgements:
        console.print(f"[yellow]The judgements in {del1.path_for(year)} are copied from "
                      f"{judgements['copied_from']} and not reviewed:[/] the book marks them "
                      f"as preliminary.")


def summary_path() -> Path:
    """What the last build did, for people, benchmarks and later commands."""
    return paths.BUILD / "build.json"


def summary() -> dict:
    """The last build's summary (empty when nothing was built)."""
    path = summary_path()
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def build(edition: Edition, console: Console | None = None) -> Path:
    """Validate, execute and render in the staging folder; publish only when all succeeded.
    Unchanged notebooks come from the cache; unchanged book sources are not rendered again."""
    console = console or Console()
    start = time.perf_counter()
    check_edition_files(edition.year, console)
    validate(edition, console)
    ids = indicators.implemented()
    shutil.rmtree(STAGING, ignore_errors=True)
    staged_book = STAGING / "book"
    shutil.copytree(paths.BOOK, staged_book,
                    ignore=shutil.ignore_patterns(*GENERATED_PAGES, appendix.FOLDER,
                                                  del1.FOLDER, "sammanfattning.md",
                                                  changes.PAGE,
                                                  ".ipynb_checkpoints"))
    executed = execute(edition, console, ids, STAGING)
    pages = goal_pages(staged_book / "del2", ids, edition.year, STAGING / "_build" / "data")
    annex, disagreements = appendix.write(staged_book / appendix.FOLDER, edition.year,
                                          STAGING / "_build" / "data")
    del1.write(staged_book, edition.year, STAGING / "_build" / "data")
    changes.record(edition.year, STAGING / "_build" / "data")
    (staged_book / changes.PAGE).write_text(
        changes.page(edition.year, STAGING / "_build" / "data"), encoding="utf-8")
    workbook.write(STAGING / "_build" / "data", edition.year, STAGING / "_build" / "data",
                   sources.is_synthetic(edition.data_dir, edition.years))
    for line in disagreements:
        console.print(f"[yellow]Bedömning att granska:[/] {line}", markup=True, highlight=False)
    config = book_config(edition, STAGING)
    changed = sync(staged_book, SPHINX_SOURCE / "book")
    sync(STAGING / "_build", SPHINX_SOURCE / "_build")
    touch_quoting_pages(SPHINX_SOURCE / "book", changed)
    sources_digest = book_digest(SPHINX_SOURCE / "book", config, paths.ROOT / "_toc.yml",
                                 Path(htmlfix.__file__))
    rendered = (paths.HTML.is_dir() and RENDERED.is_file()
                and RENDERED.read_text(encoding="utf-8") == sources_digest)
    html = None if rendered else build_html(SPHINX_SOURCE / "book", config, console)
    # Everything succeeded: publish the pages, the CSV files and the HTML.
    for old in [p for pattern in GENERATED_PAGES for p in paths.EXECUTED.glob(pattern)]:
        old.unlink()
    for page in [*executed.notebooks.values(), *pages]:
        shutil.copy2(page, paths.EXECUTED / page.name)
    _replace(staged_book / appendix.FOLDER, paths.BOOK / appendix.FOLDER, copy=True)
    _replace(staged_book / del1.FOLDER, paths.BOOK / del1.FOLDER, copy=True)
    for page in ("sammanfattning.md", changes.PAGE):
        shutil.copy2(staged_book / page, paths.BOOK / page)
    _replace(STAGING / "_build" / "data", paths.BUILD_DATA)
    if html is not None:
        RENDERED.unlink(missing_ok=True)
        _replace(html, paths.HTML, copy=True)
        RENDERED.write_text(sources_digest, encoding="utf-8")
    seconds = time.perf_counter() - start
    summary_path().write_text(json.dumps({
        "edition": edition.year, "data_dir": as_parameter(edition.data_dir),
        "executed": executed.ran, "from_cache": executed.reused, "rendered": html is not None,
        "seconds": round(seconds, 1)}, indent=1, ensure_ascii=False), encoding="utf-8")
    console.print(f"[bold green]Built[/] the {edition.year} edition: {len(ids)} indicator pages "
                  f"({len(executed.ran)} executed, {len(executed.reused)} from the cache), "
                  f"{len(ids)} CSV files, HTML "
                  f"{'unchanged' if html is None else 'rendered'} -> {paths.HTML / 'index.html'} "
                  f"({seconds:.0f} s)")
    return paths.HTML

