"""The build, phase by phase: check the programme's files and validate the data, execute
the indicator notebooks, write the generated pages and downloads, render the HTML and print
the PDF, and publish the edition in one step (:mod:`indikatorbok.editions`). A build that
fails leaves the published edition as it was.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from rich.console import Console

from indikatorbok import (
    appendix,
    assessments,
    audit,
    builders,
    cache,
    changes,
    checked,
    dcat,
    del1,
    del2,
    downloads,
    editions,
    execute,
    htmlfix,
    indicators,
    jupyterbook,
    menus,
    notebooks,
    parallel,
    paths,
    pdf,
    programme,
    quality,
    report,
    sources,
    templatecache,
    workbook,
)
from indikatorbok.builders import texts
from indikatorbok.editions import BuildError, Folder
from indikatorbok.programme import Edition

# --------------------------------------------------------------------------- validate


def _check(programme_name: str, source: str, path: Path, year: int, target: Path,
           share: int) -> int:
    return checked.check(programme.load(programme_name).schema(source), path, year, target,
                         share)


def validate(edition: Edition, console: Console, store: Path = checked.STORE,
             digests: cache.FileDigests | None = None) -> dict[str, Path]:
    """Check every source in the contract for every year of the edition, on all cores;
    raise listing all problems at once. Returns each file's validated copy
    (``<source>/<year>`` -> Parquet); files validated before, unchanged and under the same
    contract and code, are found in the store without being read again. ``digests``: the
    build's, which the notebooks' cache keys use too (each file is hashed once)."""
    digests = digests or cache.FileDigests()
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
            target = checked.stored(store, checked.key(spec, year, digests(path)))
            found[f"{source}/{year}"] = target
            if not target.is_file():
                todo[f"{source}/{year}"] = (source, path, year, target)
    share = parallel.processes(len(todo))  # files checked at once
    with parallel.forked(len(todo)) as pool:
        futures = {pool.submit(_check, prog.name, *args, share): name
                   for name, args in todo.items()}
        for future in as_completed(futures):
            try:
                future.result()
            except sources.DataError as err:
                problems.append(str(err))
    for year in edition.years:
        try:
            if (edition.data_dir / str(year)).is_dir():
                sources.check_file_names(edition.data_dir / str(year))
            edition.delivery(year)
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



# --------------------------------------------------------------------------- pages


class Phases(dict):
    """Seconds spent in each part of a build, in order (kept in the edition's record)."""

    @contextlib.contextmanager
    def timed(self, name: str):
        start = time.perf_counter()
        try:
            yield
        finally:
            self[name] = round(self.get(name, 0) + time.perf_counter() - start, 2)

    def timed_call(self, name: str, function, *args):
        with self.timed(name):
            return function(*args)


def rendering_digest(book: Path, config: Path, toc: Path) -> str:
    """What the HTML and the PDF are made from: the book's sources, its configuration and
    table of contents, the package's code that renders and prints them, the code notebooks
    run, the installed libraries and the printing Chromium (a library or Chromium upgraded
    renders the book anew, as a clean build would)."""
    code = [Path(m.__file__) for m in (jupyterbook, htmlfix, menus, templatecache, pdf)]
    return jupyterbook.book_digest(book, config, toc, *code,
                                   environment=[cache.code_digest(), pdf.chromium_version()])


def render(edition: Edition, out: Folder, console: Console, phases: Phases, day: str,
           printed_too: bool = True) -> bool:
    """The edition's HTML into ``out.html``: Jupyter Book on the programme's kept work
    folder (synced, so that Sphinx re-reads only the pages that changed), or, when no
    source changed since the last rendering, that rendering as it is. Warnings are errors.
    The book is also printed to PDF, into the HTML's root, whenever the HTML is rendered
    (not with ``printed_too`` false: a preview). ``phases`` gets the seconds of the HTML and
    of the PDF (printed beside it). Every page says ``day``, the edition's. Returns whether
    Jupyter Book ran."""
    work = editions.WORK / edition.programme.name
    source, sphinx, printing_work = work / "source", work / "sphinx", work / "print"
    config = jupyterbook.book_config(edition, work)
    toc = notebooks.write_toc(edition.programme, work / "_toc.yml")
    changed = jupyterbook.sync(out.book, source / "book")
    jupyterbook.touch_quoting_pages(source / "book", changed)
    for kept in (sphinx, printing_work):
        jupyterbook.kept_for(kept, cache.libraries_digest())
    digest = rendering_digest(source / "book", config, toc)
    html, rendered = sphinx / "_build" / "html", work / "html.digest"
    ran = not (html.is_dir() and rendered.is_file()
               and rendered.read_text(encoding="utf-8") == digest)
    printed = work / pdf.FILE
    reprint = ran or not printed.is_file()
    if reprint:
        printed.unlink(missing_ok=True)  # its contents' page numbers are kept in the cache
    reprint = reprint and printed_too  # a preview leaves no print: the next build makes it
    # The PDF is printed from its own Sphinx folder while the HTML renders: each Sphinx run
    # keeps one core busy.
    with ThreadPoolExecutor(1) as pool:
        printing = pool.submit(pdf.render, edition, printing_work, source / "book", config,
                               toc, printed) if reprint else None
        with console.status("Building the HTML book (Jupyter Book)"
                            + (" and printing the PDF" if reprint else "")):
            if ran:
                with phases.timed("HTML"):
                    jupyterbook.render_html(source, sphinx, config, toc, html, rendered,
                                            digest, console)
            if printing is not None:
                phases["PDF"] = round(printing.result(), 2)
                console.print(f"[green]✓[/] PDF printed ({phases['PDF']:.1f} s)")
    shutil.copytree(html, out.html, copy_function=htmlfix.dated_copy(day))
    if printed_too:
        shutil.copyfile(printed, out.html / pdf.FILE)
    return ran



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
                builders.analysis_class(ctx, part)
        judgements = del1.load(edition)
        assessments.load(edition)
        texts.check(edition)
    except (FileNotFoundError, ValueError) as err:  # DefinitionError is a ValueError
        raise BuildError(str(err)) from None
    if "copied_from" in judgements:
        console.print(f"[yellow]The judgements in {paths.shown(del1.path_for(edition))} are "
                      f"copied from {judgements['copied_from']} and not reviewed:[/] the book "
                      f"marks them as preliminary.")


def book_pages(edition: Edition, out: Folder, day: str) -> list[str]:
    """The book's pages that are not notebooks: the shared ones (``book/``), the
    programme's front matter, and those generated from the catalog, the analysts' files
    and the indicators' results; and the downloads (made on ``day``)."""
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
    del2.goal_pages(edition, out)
    disagreements = appendix.write(edition, out)
    try:
        del1.write(edition, out)
    except ValueError as err:  # a figure cited that no indicator page offers
        raise BuildError(str(err)) from None
    changes.record(edition, out)
    (out.book / changes.PAGE).write_text(changes.page(edition, out), encoding="utf-8")
    quality.write(edition, out, computed, withheld)
    downloads.write(edition, out, day)
    return disagreements


def inputs_digest(edition: Edition, validated: dict[str, Path]) -> str:
    """One digest of everything a build reads: the package and the installed versions,
    Chromium (it prints the PDF), the shared book pages, the programme's folder (catalog,
    definitions, contracts, analysts' files, texts, reference figures), the edition, and
    its data: each extract by its validated copy (named by its content, contract and
    reader), every other file of the edition's years byte for byte."""
    prog = edition.programme
    h = hashlib.sha256(json.dumps([
        prog.name, edition.year, paths.shown(edition.data_dir), sys.version,
        cache.code_digest(),  # the installed versions (and the code notebooks run)
        pdf.chromium_version(),
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
    folder = editions.published(edition.programme.name, edition.year)
    if (folder and editions.summary(folder).get("inputs") == digest
            and (folder.html / "index.html").is_file() and (folder.html / pdf.FILE).is_file()):
        return folder.root
    return None


def build(edition: Edition, console: Console | None = None, again: bool = False,
          preview: bool = False, digests: cache.FileDigests | None = None) -> Path:
    """Validate, execute, write the pages and render into a new edition folder; publish it
    only when all succeeded. Unchanged notebooks come from the cache; unchanged book
    sources are not rendered again. When nothing the build reads changed since the
    edition was published, that edition stays (and becomes current), unless ``again``.
    A ``preview`` is built alike, without the PDF, and replaces the last preview (not the
    published edition). ``digests``: the files' digests, kept from an earlier build that was
    told of every change since (the preview's)."""
    console = console or Console()
    with editions.lock(f"build of {edition.name} from {paths.shown(edition.data_dir)}"):
        start, phases = time.perf_counter(), Phases()
        digests = digests or cache.FileDigests()
        with phases.timed("inputs checked and validated"):
            check_edition_files(edition, console)
            validated = validate(edition, console, digests=digests)
            digest = inputs_digest(edition, validated)
        same = None if again or preview else unchanged(edition, digest)
        if same:
            editions.make_current(same, edition)
            console.print(f"[bold green]Nothing changed[/] since the {edition.year} edition "
                          f"of {edition.programme.name} was built: it stays published -> "
                          f"{paths.shown(paths.HTML / 'index.html')} "
                          f"({time.perf_counter() - start:.1f} s)")
            return same
        out = editions.new_folder(edition)
        day = time.strftime("%Y-%m-%d")  # the edition's: its pages and data package say it
        try:
            with phases.timed("notebooks"):
                executed = execute.run(edition, out, console, validated, warm=preview,
                                       digests=digests)
            with phases.timed("pages, appendix, downloads"):
                disagreements = book_pages(edition, out, day)
            for line in disagreements:
                console.print(f"[yellow]Bedömning att granska:[/] {line}", markup=True,
                              highlight=False)
            rendering = Phases()
            # No page reads the workbook (they link to it): it is written while they render.
            with ThreadPoolExecutor(1) as beside:
                tables = beside.submit(rendering.timed_call, "workbook", workbook.write,
                                       edition, out)
                with phases.timed("rendering"):
                    rendered = render(edition, out, console, rendering, day,
                                      printed_too=not preview)
                tables.result()
            with phases.timed("catalogue (DCAT-AP-SE) checked"):
                dcat.publish(edition, out)
            seconds = time.perf_counter() - start
            (out.root / "build.json").write_text(json.dumps({
                "programme": edition.programme.name, "edition": edition.year,
                "data_dir": paths.shown(edition.data_dir), "executed": executed.ran,
                "from_cache": executed.reused, "rendered": rendered,
                "seconds": round(seconds, 1), "phases": phases, "rendering": rendering,
                "inputs": digest},
                indent=1, ensure_ascii=False), encoding="utf-8")
            final = (editions.publish_preview(out) if preview
                     else editions.publish(out, edition))
        except BaseException:
            shutil.rmtree(out.root, ignore_errors=True)
            raise
    n = len(executed.notebooks)
    where = editions.PREVIEW_HTML if preview else paths.HTML
    console.print(f"[bold green]Built[/] the {edition.year} edition of {edition.programme.name}"
                  f"{' (preview)' if preview else ''}: {n} indicator pages "
                  f"({len(executed.ran)} executed, {len(executed.reused)} from the cache), HTML "
                  f"{'rendered' if rendered else 'unchanged'} -> "
                  f"{paths.shown(where / 'index.html')} ({seconds:.0f} s)")
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


# Bad input or a failed step: said to the user as it is, without a traceback.
EXPECTED_ERRORS = (sources.DataError, BuildError, programme.ProgrammeError)


def error_heading(err: BaseException) -> str:
    """The first line the command line and the preview give an error: its kind, and for
    one that is not bad input or a failed step, that it was unexpected."""
    name = type(err).__name__
    return name if isinstance(err, EXPECTED_ERRORS) else f"Unexpected error: {name}"


def edition_of(programme_name: str | None, year: int | None, data: str | None) -> Edition:
    """An edition from command-line values, with the programme's defaults."""
    try:
        return programme.edition(programme_name, year, data)
    except programme.ProgrammeError as err:
        raise BuildError(str(err)) from None
