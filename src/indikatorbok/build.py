"""The build: validate the data, execute the indicator notebooks, write the generated pages,
render the HTML book, and publish the edition in one step.

Every output of an edition (pages, executed notebooks, tidy CSVs, workbook, HTML) is built
into one new folder, ``_build/editions/<programme>-<year>-<stamp>/``, which becomes the
published book by a single swap of the link ``_build/current`` (``_build/html``,
``_build/data`` and ``_build/build.json`` point through it). A reader, or a build killed at
any moment, sees the old edition or the new one, never a mix; a build that fails leaves the
published edition as it was. One build runs at a time in a checkout (:func:`lock`).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

import yaml
from rich.console import Console

from indikatorbok import (
    appendix,
    assessments,
    audit,
    cache,
    catalog,
    changes,
    checked,
    del1,
    downloads,
    htmlfix,
    indicators,
    paths,
    plots,
    programme,
    report,
    sources,
    text,
    workbook,
)
from indikatorbok.builders import texts
from indikatorbok.programme import Edition

EDITIONS = paths.BUILD / "editions"
WORK = paths.BUILD / "work"  # per programme: Sphinx's source and output, kept between builds
LOCK = paths.BUILD / "build.lock"
KERNEL = "python3"
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


# --------------------------------------------------------------------------- one at a time


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
        from indikatorbok import scan

        scan.remove_stale()  # files a killed build left while reading
        _held.append(what)
        yield
    finally:
        _held.clear()
        handle.seek(0)
        handle.truncate()
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


# --------------------------------------------------------------------------- validate


def workers() -> int:
    """Parallel processes, one per core (``INDIKATORBOK_WORKERS`` overrides)."""
    return max(1, int(os.environ.get("INDIKATORBOK_WORKERS", os.cpu_count() or 1)))


def _check(programme_name: str, source: str, path: Path, year: int, target: Path) -> int:
    return checked.check(programme.load(programme_name).schema(source), path, year, target)


def validate(edition: Edition, console: Console, store: Path = checked.STORE
             ) -> dict[str, Path]:
    """Check every source in the contract for every year of the edition, on all cores;
    raise listing all problems at once. Returns each file's validated copy
    (``<source>/<year>`` -> Parquet); files validated before, unchanged and under the same
    contract and code, are found in the store without being read again."""
    prog = edition.programme
    if not edition.data_dir.is_dir():
        raise sources.DataError(f"Data folder {edition.data_dir} does not exist.")
    problems, found, todo = [], {}, {}
    for source in prog.sources():
        spec = prog.schema(source)
        for year in edition.years:
            try:
                path = sources.find_file(edition.data_dir, year, spec)
            except sources.DataError as err:
                problems.append(str(err))
                continue
            if path is None:
                if year in spec.expected_years(edition.year):
                    problems.append(
                        f"Source '{source}' ({spec.title}): no file for {year}; expected "
                        f"{edition.data_dir / str(year) / spec.file}.csv (or .xlsx/.parquet).")
                continue
            target = checked.stored(store, checked.key(spec, year, checked.file_digest(path)))
            found[f"{source}/{year}"] = target
            if not target.is_file():
                todo[f"{source}/{year}"] = (source, path, year, target)
    # Forked workers start at once with the modules already loaded.
    with ProcessPoolExecutor(workers(), mp_context=get_context("fork")) as pool:
        futures = {pool.submit(_check, prog.name, *args): name for name, args in todo.items()}
        for future in as_completed(futures):
            try:
                future.result()
            except sources.DataError as err:
                problems.append(str(err))
    for year in edition.years:
        try:
            if (edition.data_dir / str(year)).is_dir():
                sources.check_file_names(edition.data_dir / str(year))
            sources.delivery(prog, edition.data_dir, year)
        except sources.DataError as err:
            problems.append(str(err))
    if problems:
        raise sources.DataError(f"{len(problems)} problem(s) in {edition.data_dir}:\n\n"
                                + "\n\n".join(sorted(problems)))
    rows = sum(checked.rows(p) for p in found.values())
    console.print(f"[green]✓[/] Data in {paths.shown(edition.data_dir)} valid for "
                  f"{edition.year}: {len(found)} files, {rows:,} rows ({len(todo)} checked "
                  f"now, {len(found) - len(todo)} unchanged since validated).")
    return found


# --------------------------------------------------------------------------- execute


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


def execute_notebook(indicator_id: str, source: Path, params: dict, out: Path) -> Path:
    """Run one indicator notebook with Papermill; raise BuildError naming the failing cell."""
    # Imported here: slow to import (jsonschema), and only executing needs them.
    import nbformat
    import papermill as pm

    from indikatorbok import kernels

    declared = set(pm.inspect_notebook(str(source)))
    unknown = set(params) - declared
    if unknown:
        raise BuildError(f"{source.name}: the parameters cell does not declare "
                         f"{', '.join(sorted(unknown))}.")
    dst = out / source.name
    try:
        # Kept in memory and written once, cleaned (not after every cell).
        nb = pm.execute_notebook(str(source), None, parameters=params, kernel_name=KERNEL,
                                 engine_name=kernels.ENGINE,
                                 request_save_on_cell_execute=False, progress_bar=False,
                                 log_output=False, cwd=str(paths.ROOT),
                                 # The kernel listens on loopback only; keep its start-up
                                 # notice about unencrypted local TCP out of the build log.
                                 extra_arguments=["--IPKernelApp.log_level=ERROR"])
    except pm.PapermillExecutionError as err:
        raise BuildError(
            f"Notebook {paths.shown(source)} failed in cell {err.cell_index} "
            f"(indicator {indicator_id}):\n{err.ename}: {err.evalue}\n"
            f"--- cell source ---\n{err.source}"
        ) from None
    _clean(nb)
    nbformat.write(nb, dst)
    return dst


KERNEL_START_ATTEMPTS = 3


def _timed(indicator_id: str, source: Path, params: dict, out: Path) -> tuple[Path, float]:
    """Execute one notebook; retry when its kernel dies while starting (parallel kernels can
    race for the same local ports). Errors inside the notebook are never retried."""
    start = time.perf_counter()
    for attempt in range(1, KERNEL_START_ATTEMPTS + 1):
        try:
            return execute_notebook(indicator_id, source, params, out), \
                time.perf_counter() - start
        except (RuntimeError, TimeoutError) as err:
            if attempt == KERNEL_START_ATTEMPTS or "kernel" not in str(err).lower():
                raise BuildError(f"{source.name}: the kernel could not be started "
                                 f"({err}).") from err
    raise AssertionError("unreachable")


@dataclass
class Executed:
    """The notebooks of a build: which ran, which came from the cache, and why they ran."""

    notebooks: dict[str, Path]
    ran: dict[str, str]  # indicator id -> reason
    reused: list[str]


def output_files(indicator_id: str, data_out: Path) -> list[Path]:
    """The files a notebook writes beside its CSV (see ``report.publish``)."""
    return [data_out / f"{indicator_id}.csv", data_out / f"{indicator_id}{report.FINDINGS_SUFFIX}"]


def execute(edition: Edition, out: Folder, console: Console, validated: dict[str, Path],
            ids: list[str] | None = None, notebook_cache: cache.NotebookCache | None = None
            ) -> Executed:
    """Execute into ``out`` the notebooks whose inputs changed since a cached run, in
    parallel processes (Papermill changes the working directory of its process, so threads
    would not do); take the others from the cache."""
    from indikatorbok import notebooks  # imports nbformat (a second): only when needed

    prog = edition.programme
    ids = ids or prog.catalog.computed()
    store = notebook_cache or cache.NotebookCache()
    out.del2.mkdir(parents=True, exist_ok=True)
    out.data.mkdir(parents=True, exist_ok=True)
    # Notebooks write their CSVs into a fixed folder (so that an executed notebook does not
    # depend on the edition folder's name), copied into the edition as each one finishes.
    written = WORK / prog.name / "notebook-data"
    shutil.rmtree(written, ignore_errors=True)
    written.mkdir(parents=True)
    sources_nb = notebooks.write(edition)
    digest, stamp = cache.FileDigests(), cache.code_stamp(prog.files())
    params, runs = {}, {}
    for i in ids:
        ind = prog.catalog[i]
        files = {k: v for k, v in validated.items() if k.split("/")[0] in ind.sources}
        manifest = checked.manifest(files) if files else None
        params[i] = notebooks.parameters(edition, written, manifest, i)
        runs[i] = cache.plan(ind, sources_nb[i], params[i], edition, digest, store)
    done: dict[str, Path] = {}
    reused = [i for i in ids if store.lookup(runs[i], prog.name)]
    for i in reused:
        entry = store.lookup(runs[i], prog.name)
        done[i] = out.del2 / sources_nb[i].name
        shutil.copy2(entry / done[i].name, done[i])
        for f in output_files(i, out.data):
            shutil.copy2(entry / f.name, f)
    ran = {i: store.reason(runs[i], prog.name) for i in ids if i not in done}
    if reused:
        console.print(f"[green]✓[/] {len(reused)} notebook(s) unchanged, taken from the cache")
    if ran:  # the longest first, so that the workers finish together
        order = sorted(ran, key=lambda i: store.seconds(i, prog.name), reverse=True)
        jobs = {i: (sources_nb[i], params[i], out.del2) for i in order}

        def finished(n: int, indicator_id: str, path: Path, seconds: float) -> None:
            done[indicator_id] = path
            for f in output_files(indicator_id, written):
                shutil.copy2(f, out.data / f.name)
            read = json.loads((written / f"{indicator_id}{report.READS_SUFFIX}")
                              .read_text(encoding="utf-8"))
            if cache.code_stamp(prog.files()) == stamp:
                store.store(runs[indicator_id].having_read(read), prog.name,
                            [path, *output_files(indicator_id, out.data)], seconds)
            else:  # the code was edited while the build ran: its result is not kept
                console.print(f"[yellow]{indicator_id}: the code changed during the build; "
                              f"not cached[/]")
            console.print(f"[green]✓[/] {indicator_id} {path.name} ({seconds:.1f} s; "
                          f"{ran[indicator_id]}) [{n}/{len(order)}]")

        _run_all(jobs, console, finished)
    return Executed({i: done[i] for i in ids}, ran, reused)


def _run_all(jobs: dict[str, tuple], console: Console, finished) -> None:
    """Run the notebooks, in parallel worker processes when there are several (a single
    one runs here: starting a worker costs seconds)."""
    n_workers = min(workers(), len(jobs))
    with console.status(f"Executing {len(jobs)} notebook(s) with {n_workers} worker(s)"):
        if n_workers == 1:
            try:
                for n, (indicator_id, args) in enumerate(jobs.items(), start=1):
                    finished(n, indicator_id, *_timed(indicator_id, *args))
            finally:
                from indikatorbok import kernels  # imported by the first notebook
                kernels.shutdown()
            return
        with ProcessPoolExecutor(n_workers, mp_context=get_context("spawn"),
                                 initializer=_worker_signals) as pool:
            futures = {pool.submit(_timed, i, *args): i for i, args in jobs.items()}
            try:
                for n, future in enumerate(as_completed(futures), start=1):
                    path, seconds = future.result()
                    finished(n, futures[future], path, seconds)
            except BaseException:  # a failed notebook, or Ctrl-C: stop the others now
                _stop(pool)
                raise


def _worker_signals() -> None:
    """In a notebook worker: Ctrl-C is for the build process (which stops the workers); a
    stop request ends the worker at once, and its kernel with it (at exit)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))


def _stop(pool: ProcessPoolExecutor, grace: float = 5.0) -> None:
    """Cancel the waiting notebooks and end the running ones (SIGTERM, then SIGKILL)."""
    processes = list((pool._processes or {}).values())  # noqa: SLF001 (no public handle)
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    deadline = time.monotonic() + grace
    for process in processes:
        process.join(max(deadline - time.monotonic(), 0))
        if process.is_alive():
            process.kill()


# --------------------------------------------------------------------------- pages


def goal_pages(edition: Edition, out: Folder) -> list[Path]:
    """One chapter page per goal, from the catalog: its effect chain as a diagram (when the
    build's results are given), its chain steps and all their indicators (a link with the
    latest result, or why the indicator is not in the book)."""
    cat = edition.programme.catalog
    measured = {i: set(f.measured_years) for i, f in report.read_findings(out.data).items()}
    out.del2.mkdir(parents=True, exist_ok=True)
    written = []
    for goal in cat.goals:
        lines = [f"# Mål {goal.id}: {goal.short}", "", f"*{goal.title}.*", ""]
        image, svg = _chain_diagram(out.del2, cat, goal, edition.year, measured)
        lines += [image, ""]
        written.append(svg)
        for step in goal.steps:
            lines += [f"## {step.kind_label}: {step.title}", ""]
            for ind in cat.members(step):
                if ind.computed and not measured.get(ind.id):
                    lines.append(f"- [{ind.id} {ind.title}]({ind.notebook}.ipynb). Inga "
                                 f"uppgifter i den här utgåvan.")
                elif ind.computed:
                    lines.append(
                        f"- [{ind.id} {ind.title}]({ind.notebook}.ipynb). Senaste resultat: "
                        f"{{glue:text}}`{ind.notebook}.ipynb::senaste_varde:s` "
                        f"({{glue:text}}`{ind.notebook}.ipynb::senaste_ar:s`).")
                elif not ind.followed:
                    lines.append(f"- {ind.id} {ind.title}. *Följs inte upp:* {ind.not_followed}")
                else:
                    lines.append(f"- {ind.id} {ind.title}. *Ingår ännu inte i den här "
                                 f"utgåvan av boken.*")
            lines.append("")
        path = out.del2 / f"mal_{goal.id}.md"
        path.write_text("\n".join(lines), encoding="utf-8")
        written.append(path)
    path = out.del2 / "oversikt.md"
    path.write_text(overview_page(cat), encoding="utf-8")
    return [*written, path]


def _chain_diagram(out: Path, cat: catalog.Catalog, goal: catalog.Goal, edition: int,
                   measured: dict[str, set[int]]) -> tuple[str, Path]:
    """The goal's effect chain with each indicator's status: the image's Markdown (its
    text alternative lists every step and status) and the SVG file."""

    def status(ind: catalog.Indicator) -> tuple[str, str]:
        if not ind.followed:
            return "not_followed", "inte uppföljd"
        measured_years = measured.get(ind.id, set())
        return ind.progress(edition, measured_years), ind.status(edition, measured_years)

    columns = []
    for kind in cat.kinds.values():
        steps = [(s.title, [(i.id, *status(i)) for i in cat.members(s)])
                 for s in goal.steps if s.kind == kind.key]
        if steps:
            columns.append((kind.label, steps))
    svg = out / f"effektkedja_{goal.id}.svg"
    svg.write_text(plots.to_svg(plots.effect_chain(columns)), encoding="utf-8")
    alt = " ".join(f"{label}: " + "; ".join(
        f"{title} ({text.join([f'{i} {word}' for i, _, word in inds])})"
        for title, inds in steps) + "." for label, steps in columns)
    return f"![Effektkedja för mål {goal.id}. {alt}]({svg.name})", svg


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
    """The edition's Jupyter Book config: the programme's title with the year, its author,
    the data notice and the values the front matter quotes."""
    prog = edition.programme
    config = yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))
    config["title"] = f"{prog.title} {edition.year}"
    config["author"] = prog.agency
    synthetic = sources.is_synthetic(prog, edition.data_dir, edition.years)
    cat, policy = prog.catalog, prog.policy
    config.setdefault("parse", {})["myst_substitutions"] = {
        "utgava": str(edition.year),
        "perioden": text.year_span(edition.years),
        "underlag": prog.text("data_synthetic" if synthetic else "data_real"),
        "minsta_grupp": str(policy.min_group),
        "minsta_cell_max": str(policy.min_cell - 1),
        "antal_indikatorer": str(len(cat.indicators)),
        "antal_uppfoljda": str(sum(i.followed for i in cat.indicators.values())),
        "myndigheten": prog.agency,
        "kontakt": prog.text("contact"),
        "bedomningar": text.join([f"”{c.label.lower()}”" for c in policy.categories], "och"),
        "malen": "\n".join(f"{g.id}. {g.title.rstrip('.')}." for g in cat.goals),
    }
    if synthetic:
        config["sphinx"]["config"]["html_theme_options"]["announcement"] = \
            prog.text("banner_synthetic")
    path = out / "_config.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def jupyter_book(source: Path, config: Path, toc: Path, out: Path, builder: str,
                 *options: str) -> subprocess.CompletedProcess:
    """Run Jupyter Book 1 on the book sources in ``source`` with the edition's table of
    contents, writing into ``out``; its output is returned, not printed."""
    jb = Path(sys.executable).parent / "jupyter-book"
    return subprocess.run(
        [str(jb), "build", str(source), "--config", str(config), "--toc", str(toc),
         "--path-output", str(out), "--builder", builder, *options],
        capture_output=True, text=True, cwd=paths.ROOT,
        env={**os.environ, "PYTHONHASHSEED": "0"})


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


def book_digest(source: Path, *files: Path) -> str:
    """One digest of the book's sources: every file under ``source`` and the given files."""
    h = hashlib.sha256()
    for path in [*sorted(p for p in source.rglob("*") if p.is_file()), *files]:
        h.update(f"{path.relative_to(path.parent if path in files else source)}\0".encode())
        h.update(path.read_bytes())
    return h.hexdigest()


class Phases(dict):
    """Seconds spent in each part of a build, in order (kept in the edition's record)."""

    @contextlib.contextmanager
    def timed(self, name: str):
        start = time.perf_counter()
        try:
            yield
        finally:
            self[name] = round(self.get(name, 0) + time.perf_counter() - start, 2)


def render(edition: Edition, out: Folder, console: Console, phases: Phases) -> bool:
    """The edition's HTML into ``out.html``: Jupyter Book on the programme's kept work
    folder (synced, so that Sphinx re-reads only the pages that changed), or, when no
    source changed since the last rendering, that rendering as it is. Warnings are errors.
    The book is also printed to PDF, into the HTML's root, whenever the HTML is rendered.
    ``phases`` gets the seconds of the HTML and of the PDF (printed beside it).
    Returns whether Jupyter Book ran."""
    from indikatorbok import notebooks, pdf

    work = WORK / edition.programme.name
    source, sphinx = work / "source", work / "sphinx"
    config = book_config(edition, work)
    toc = notebooks.write_toc(edition.programme, work / "_toc.yml")
    changed = sync(out.book, source / "book")
    sync(out.data, source / "data")
    touch_quoting_pages(source / "book", changed)
    digest = book_digest(source / "book", config, toc, Path(htmlfix.__file__),
                         Path(pdf.__file__))
    html, rendered = sphinx / "_build" / "html", work / "html.digest"
    ran = not (html.is_dir() and rendered.is_file()
               and rendered.read_text(encoding="utf-8") == digest)
    printed = work / pdf.FILE
    reprint = ran or not printed.is_file()
    if reprint:
        printed.unlink(missing_ok=True)  # its contents' page numbers are kept in the cache
    # The PDF is printed from its own Sphinx folder while the HTML renders: each Sphinx run
    # keeps one core busy.
    with ThreadPoolExecutor(1) as pool:
        printing = pool.submit(pdf.render, edition, work / "print", source / "book", config,
                               toc, printed) if reprint else None
        with console.status("Building the HTML book (Jupyter Book)"
                            + (" and printing the PDF" if reprint else "")):
            if ran:
                with phases.timed("HTML"):
                    _render_html(source, sphinx, config, toc, html, rendered, digest, console)
            if printing is not None:
                phases["PDF"] = round(printing.result(), 2)
                console.print(f"[green]✓[/] PDF printed ({phases['PDF']:.1f} s)")
    shutil.copytree(html, out.html)
    shutil.copyfile(printed, out.html / pdf.FILE)
    return ran


def _render_html(source: Path, sphinx: Path, config: Path, toc: Path, html: Path,
                 rendered: Path, digest: str, console: Console) -> None:
    """Jupyter Book's HTML of the synced sources, checked and fixed; ``rendered`` records
    the ``digest`` of what it was rendered from."""
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
    htmlfix.fix_book(html)
    rendered.write_text(digest, encoding="utf-8")
    console.print(f"[green]✓[/] HTML book rendered ({time.perf_counter() - start:.1f} s)")


# --------------------------------------------------------------------------- publish


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


# --------------------------------------------------------------------------- the build


def check_edition_files(edition: Edition, console: Console) -> None:
    """The programme's definitions and the analysts' files for the edition, checked before
    anything is computed: every builder named exists (or its code file imports), and the
    analysts' files keep their rules."""
    try:
        cat = edition.programme.catalog
        for indicator_id in cat.computed():
            ctx = indicators.Context(cat.indicators[indicator_id], edition)
            for part in cat.indicators[indicator_id].parts:
                indicators.analysis_class(ctx, part)
        judgements = del1.load(edition)
        assessments.load(edition)
        texts.check(edition)
    except (FileNotFoundError, ValueError) as err:  # DefinitionError is a ValueError
        raise BuildError(str(err)) from None
    if "copied_from" in judgements:
        console.print(f"[yellow]The judgements in {paths.shown(del1.path_for(edition))} are "
                      f"copied from {judgements['copied_from']} and not reviewed:[/] the book "
                      f"marks them as preliminary.")


def book_pages(edition: Edition, out: Folder) -> list[str]:
    """The book's pages that are not notebooks: the shared ones (``book/``), the
    programme's front matter, and those generated from the catalog, the analysts' files
    and the indicators' results."""
    computed = report.read_findings(out.data)
    assessed = assessments.load(edition)
    refused = assessments.refused(edition, assessed, computed)
    if refused and assessed.copied_from is None:
        raise BuildError(f"{len(refused)} assessment(s) break their category's rule against "
                         f"the figures and give no reason; the book is not published:\n"
                         + "\n".join(f"  - {r}" for r in refused))
    shutil.copytree(paths.BOOK, out.book, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copytree(paths.COMPANION, out.internal, dirs_exist_ok=True)
    withheld = audit.audit(computed)
    (out.internal / audit.LOG).write_text(audit.log(withheld, edition.programme.policy.min_cell),
                                          encoding="utf-8")
    exposed = [w for w in withheld if w.exposed]
    if exposed:
        raise BuildError(f"{len(exposed)} withheld figure(s) can be worked out from what the "
                         f"edition publishes; the book is not published:\n" + "\n".join(
                             f"  - {w.indicator} {'/'.join(map(str, w.cell))}: {w.exposed}"
                             for w in exposed))
    shutil.copytree(edition.programme.book_dir, out.book, dirs_exist_ok=True)
    goal_pages(edition, out)
    disagreements = appendix.write(edition, out)
    try:
        del1.write(edition, out)
    except ValueError as err:  # a figure cited that no indicator page offers
        raise BuildError(str(err)) from None
    changes.record(edition, out)
    (out.book / changes.PAGE).write_text(changes.page(edition, out), encoding="utf-8")
    workbook.write(edition, out)
    downloads.write(edition, out)
    return disagreements


def inputs_digest(edition: Edition, validated: dict[str, Path]) -> str:
    """One digest of everything a build reads: the package and the installed versions,
    Chromium (it prints the PDF), the shared book pages, the programme's folder (catalog,
    definitions, contracts, analysts' files, texts, reference figures), the edition, and
    its data: each extract by its validated copy (named by its content, contract and
    reader), every other file of the edition's years byte for byte."""
    from indikatorbok import pdf

    prog = edition.programme
    h = hashlib.sha256(json.dumps([
        prog.name, edition.year, paths.shown(edition.data_dir), sys.version,
        cache.code_digest(),  # the installed versions (and the code notebooks run)
        subprocess.run([pdf.chromium(), "--version"], capture_output=True,
                       text=True).stdout.strip(),
        sorted((name, path.name) for name, path in validated.items())]).encode())
    data = {edition.data_dir / str(year) for year in edition.years}
    folders = [(Path(__file__).parent, "package"), (paths.BOOK, "book"),
               (paths.COMPANION, "companion"), (prog.root, "programme"),
               *((folder, folder.name) for folder in sorted(data) if folder.is_dir())]
    for folder, name in folders:
        for path in sorted(folder.rglob("*")):
            if (path.is_file() and "__pycache__" not in path.parts
                    and not (folder in data and path.suffix in sources.FORMATS)):
                h.update(os.fsencode(f"{name}/{path.relative_to(folder)}\0"))
                with path.open("rb") as f:  # streamed: a stray large file is not memory
                    h.update(hashlib.file_digest(f, "sha256").digest())
    for name in ("_config.yml", "_toc.yml"):
        h.update((paths.ROOT / name).read_bytes() if (paths.ROOT / name).is_file() else b"")
    return h.hexdigest()


def unchanged(edition: Edition, digest: str) -> Path | None:
    """The edition's published folder when it was built from the same inputs and is whole."""
    from indikatorbok import pdf

    folder = published(edition.programme.name, edition.year)
    if (folder and summary(folder).get("inputs") == digest
            and (folder.html / "index.html").is_file() and (folder.html / pdf.FILE).is_file()):
        return folder.root
    return None


def build(edition: Edition, console: Console | None = None, again: bool = False) -> Path:
    """Validate, execute, write the pages and render into a new edition folder; publish it
    only when all succeeded. Unchanged notebooks come from the cache; unchanged book
    sources are not rendered again. When nothing the build reads changed since the
    edition was published, that edition stays (and becomes current), unless ``again``."""
    console = console or Console()
    with lock(f"build of {edition.name} from {paths.shown(edition.data_dir)}"):
        start, phases = time.perf_counter(), Phases()
        with phases.timed("inputs checked and validated"):
            check_edition_files(edition, console)
            validated = validate(edition, console)
            digest = inputs_digest(edition, validated)
        same = None if again else unchanged(edition, digest)
        if same:
            make_current(same, edition)
            console.print(f"[bold green]Nothing changed[/] since the {edition.year} edition "
                          f"of {edition.programme.name} was built: it stays published -> "
                          f"{paths.shown(paths.HTML / 'index.html')} "
                          f"({time.perf_counter() - start:.1f} s)")
            return same
        out = new_folder(edition)
        try:
            with phases.timed("notebooks"):
                executed = execute(edition, out, console, validated)
            with phases.timed("pages, appendix, workbook, downloads"):
                disagreements = book_pages(edition, out)
            for line in disagreements:
                console.print(f"[yellow]Bedömning att granska:[/] {line}", markup=True,
                              highlight=False)
            rendering = Phases()
            with phases.timed("rendering"):
                rendered = render(edition, out, console, rendering)
            seconds = time.perf_counter() - start
            (out.root / "build.json").write_text(json.dumps({
                "programme": edition.programme.name, "edition": edition.year,
                "data_dir": paths.shown(edition.data_dir), "executed": executed.ran,
                "from_cache": executed.reused, "rendered": rendered,
                "seconds": round(seconds, 1), "phases": phases, "rendering": rendering,
                "inputs": digest},
                indent=1, ensure_ascii=False), encoding="utf-8")
            final = publish(out, edition)
        except BaseException:
            shutil.rmtree(out.root, ignore_errors=True)
            raise
    n = len(executed.notebooks)
    console.print(f"[bold green]Built[/] the {edition.year} edition of {edition.programme.name}:"
                  f" {n} indicator pages ({len(executed.ran)} executed, {len(executed.reused)} "
                  f"from the cache), HTML {'rendered' if rendered else 'unchanged'} -> "
                  f"{paths.shown(paths.HTML / 'index.html')} ({seconds:.0f} s)")
    return final


PROJECT_FILES = ("_config.yml", "_toc.yml", "book", "companion", "notebooks", "data")


def copy_project(dst: Path, with_cache: bool = False,
                 programmes: list[str] | None = None) -> Path:
    """A copy of the project's book, notebooks and data (and optionally the build cache)
    to build elsewhere with ``INDIKATORBOK_ROOT=dst``: for tests and benchmarks.
    ``programmes``: those whose synthetic data are copied (default: all). The cache's
    files are hard links: the cache never writes into a file, it replaces it."""
    dst.mkdir(parents=True, exist_ok=True)
    synthetic = paths.DATA / "synthetic"
    skipped = ({p.name for p in synthetic.iterdir()} - set(programmes)
               if programmes and synthetic.is_dir() else set())

    def ignore(folder: str, names: list[str]) -> set[str]:
        return ({".ipynb_checkpoints"} | (skipped if Path(folder) == synthetic else set())
                ) & set(names)

    for name in PROJECT_FILES:
        src = paths.ROOT / name
        if src.is_dir():
            shutil.copytree(src, dst / name, ignore=ignore)
        else:
            shutil.copy2(src, dst / name)
    if with_cache and cache.CACHE.is_dir():
        shutil.copytree(cache.CACHE, dst / "_build" / "cache", copy_function=_link_or_copy,
                        ignore=shutil.ignore_patterns("manifest-*.json"))
    return dst


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:  # another file system
        shutil.copy2(src, dst)


def edition_of(programme_name: str | None, year: int | None, data: str | None) -> Edition:
    """An edition from command-line values, with the programme's defaults."""
    try:
        return programme.edition(programme_name, year, data)
    except programme.ProgrammeError as err:
        raise BuildError(str(err)) from None
