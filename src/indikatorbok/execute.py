"""The indicator notebooks executed with Papermill: in parallel worker processes, each
keeping one kernel, and taken from the cache where nothing they read changed."""

from __future__ import annotations

import json
import shutil
import signal
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from rich.console import Console

from indikatorbok import assessments, cache, checked, notebooks, parallel, paths, report
from indikatorbok.editions import WORK, BuildError, Folder
from indikatorbok.programme import Edition

KERNEL = "python3"


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


def run(edition: Edition, out: Folder, console: Console, validated: dict[str, Path],
        ids: list[str] | None = None, notebook_cache: cache.NotebookCache | None = None,
        warm: bool = False, digests: cache.FileDigests | None = None) -> Executed:
    """Execute into ``out`` the notebooks whose inputs changed since a cached run, in
    parallel processes (Papermill changes the working directory of its process, so threads
    would not do); take the others from the cache. ``warm``: this process keeps its kernel
    for the next build (the preview's), and runs a few notebooks in it. ``digests``: the
    files' digests known to the build."""
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
    digest, stamp = digests or cache.FileDigests(), cache.code_stamp(prog.files())
    params, runs, assessed = {}, {}, assessments.load(edition)
    for i in ids:
        ind = prog.catalog[i]
        files = {k: v for k, v in validated.items() if k.split("/")[0] in ind.sources}
        manifest = checked.manifest(files) if files else None
        params[i] = notebooks.parameters(edition, written, manifest, i, assessed)
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

        _run_all(jobs, console, finished, warm)
    return Executed({i: done[i] for i in ids}, ran, reused)


# A warm kernel runs a notebook in about a second; a worker needs three to start its own.
WARM_JOBS = 4


def _run_all(jobs: dict[str, tuple], console: Console, finished, warm: bool = False) -> None:
    """Run the notebooks, in parallel worker processes when there are several (a single
    one runs here: starting a worker costs seconds; so do a few in a ``warm`` process,
    whose kernel is kept for its next build)."""
    here = len(jobs) == 1 or parallel.workers() == 1 or (warm and len(jobs) <= WARM_JOBS)
    n_workers = 1 if here else min(parallel.workers(), len(jobs))
    with console.status(f"Executing {len(jobs)} notebook(s) with {n_workers} worker(s)"):
        if here:
            try:
                for n, (indicator_id, args) in enumerate(jobs.items(), start=1):
                    finished(n, indicator_id, *_timed(indicator_id, *args))
            finally:
                if not warm:
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
