"""Benchmarks of the build and of the register indicators, measured in one run (`make bench`).

For each programme (or the one given by ``--programme`` or ``PROGRAMME``):

1. Our build in a fresh copy of the project (its synthetic data made first, untimed, as
   for the baseline): cold, no change (and a new edition built
   anyway, ``--again``), one indicator's definition changed, one input file changed; and
   where each spent its time (the phases the build records in its ``build.json``).
   Then ``make preview`` on that copy: seconds from saving one definition, and one
   analysts' text, to the served page showing the change.
2. The same notebooks executed by Jupyter Book 1 itself (``execute_notebooks: force``, and
   ``cache`` cold and again without change), as the baseline.
3. On synthetic data at multiples of the national volumes (default 1, 5 and 10: ten times a
   year's registers stands for ten years of them): the validation of every file, as a build
   does it once, then each indicator that reads national registers (sources out of core) on
   the validated copies, as in a build: wall time (the process's start included) and peak
   memory of each process. Beside the validation, its floor: DuckDB reading every cell of
   the same files, and that with each file's key hashed (the unique-key rule's own cost).
4. How fast a broken programme file is refused (a missing field, a wrong type, a YAML alias
   bomb in ``programme.yaml`` and ``catalog.yaml``): the file read until its error.

Prints a table and writes it to ``_build/bench.md``. Timings are of this machine and run.
"""

from __future__ import annotations

import argparse
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
from rich.table import Table

from indikatorbok import build, catalog, paths, programme, sources

console = Console()


def timed(cmd: list[str], root: Path, **env: str) -> tuple[float, int]:
    """Wall seconds and peak resident memory (MiB) of a command; fails loudly."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            env={**os.environ, "INDIKATORBOK_ROOT": str(root), **env})
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{out.decode(errors='replace')[-3000:]}")
    return seconds, usage.ru_maxrss // 1024


def our_builds(root: Path, prog: programme.Programme) -> list[tuple[str, float, str]]:
    def run(label: str, *args: str) -> tuple[str, float, str]:
        published = current()
        seconds, _ = timed([sys.executable, "-m", "indikatorbok", "build", "--programme",
                            prog.name, *args], root)
        if current() == published:
            note = "nothing changed: the published edition stays"
        else:
            summary = json.loads((root / "_build" / "build.json").read_text(encoding="utf-8"))
            note = (f"{len(summary['executed'])} executed, {len(summary['from_cache'])} "
                    f"cached, HTML {'rendered' if summary['rendered'] else 'unchanged'}")
            profiles.append((label, seconds, summary["phases"], summary["rendering"]))
        console.print(f"  {label}: {seconds:.1f} s ({note})")
        return label, seconds, note

    def current() -> Path | None:
        link = root / "_build" / "current"
        return link.resolve() if link.exists() else None

    profiles = []

    rows = [run("cold full build")]
    rows.append(run("rebuild, no change"))
    rows.append(run("rebuild, no change, built again (--again)", "--again"))
    # One indicator's definition: a sentence of its method (the first counts indicator).
    changed = next(i for i in prog.catalog.computed()
                   if prog.catalog[i].parts[0].builder == "counts")
    definition = root / "data" / "programmes" / prog.name / "indicators" / f"{changed}.yaml"
    definition.write_text(definition.read_text(encoding="utf-8").replace(
        "  method: ", "  method: Metod. ", 1), encoding="utf-8")
    rows.append(run(f"rebuild, one indicator's definition changed ({changed})"))
    # One input file: the last year's file of the source the fewest indicators read.
    readers = {s: sum(s in prog.catalog[i].sources for i in prog.catalog.computed())
               for s in prog.sources()}
    source = min((s for s in readers if readers[s]), key=lambda s: (readers[s], s))
    data = root / "data" / "synthetic" / prog.name
    extract = next(sources.find_file(data, y, prog.schema(source))
                   for y in range(prog.default_year, prog.first_year - 1, -1)
                   if sources.find_file(data, y, prog.schema(source)))
    extract.write_text(extract.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    rows.append(run(f"rebuild, one input file changed ({extract.parent.name}/{extract.stem})"))
    return rows, profiles


def preview_rows(root: Path, prog: programme.Programme) -> list[tuple[str, float, str]]:
    """``make preview`` on the built copy: seconds from saving a file to the served page
    showing the change, for one indicator's definition (its title) and one analysts' text
    (an assessment's reason)."""
    import re
    import urllib.request

    log = root / "preview.log"
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "indikatorbok", "preview", "--programme",
                                 prog.name, "--port", "0"], cwd=root, stdout=out,
                                stderr=subprocess.STDOUT,
                                env={**os.environ, "INDIKATORBOK_ROOT": str(root),
                                     "COLUMNS": "200"})

    def until(seen, limit: float = 900) -> float:
        start = time.perf_counter()
        while not seen():
            if time.perf_counter() - start > limit or proc.poll() is not None:
                sys.exit(f"the preview did not show the change:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        return time.perf_counter() - start

    def page(path: str) -> str:
        try:
            with urllib.request.urlopen(url + path, timeout=10) as response:
                return response.read().decode("utf-8")
        except OSError:
            return ""

    rows = []
    try:
        until(lambda: re.search(r"http://127\.0\.0\.1:\d+/", log.read_text()))
        url = re.search(r"http://127\.0\.0\.1:\d+/", log.read_text()).group(0)
        until(lambda: '"building": false' in page("_preview/status.json"))
        folder = root / "data" / "programmes" / prog.name
        assessed = yaml.safe_load((folder / "editions" / str(prog.default_year) /
                                   "assessments.yaml").read_text(encoding="utf-8"))["indicators"]
        indicator = next(i for i, a in assessed.items() if isinstance(a, dict)
                         and a.get("reason"))
        html = f"del2/indikator_{indicator.replace('.', '_')}.html"
        definition = folder / "indicators" / f"{indicator}.yaml"
        title = prog.catalog[indicator].title
        definition.write_text(definition.read_text(encoding="utf-8").replace(
            f"title: {title}", f"title: {title} (ändrad)", 1), encoding="utf-8")
        seconds = until(lambda: f"{title} (ändrad)" in page(html))
        rows.append((f"preview: one definition saved, to its page served ({indicator})",
                     seconds, "the browser reloads within a second of it"))
        until(lambda: '"building": false' in page("_preview/status.json"))
        texts = folder / "editions" / str(prog.default_year) / "assessments.yaml"
        reason = " ".join(assessed[indicator]["reason"].split()[:4])
        texts.write_text(texts.read_text(encoding="utf-8").replace(
            reason, reason + " (ändrad)", 1), encoding="utf-8")
        seconds = until(lambda: "(ändrad)" in page(html).split(title, 1)[-1]
                        and reason + " (ändrad)" in " ".join(page(html).split()))
        rows.append((f"preview: one analysts' text saved, to its page served ({indicator})",
                     seconds, "an assessment's reason"))
    finally:
        proc.send_signal(2)
        proc.wait(timeout=60)
    for label, seconds, _ in rows:
        console.print(f"  {label}: {seconds:.1f} s")
    return rows


def profile(profiles) -> list[str]:
    """Where each of our builds spent its time: the build's own record of its phases, and
    the rest of the wall time (the interpreter's start, imports, the lock and publishing).
    The PDF is printed, and the workbook written, beside the HTML, so rendering takes about
    the longest of the three."""
    names = list(dict.fromkeys(n for _, _, phases, _ in profiles for n in phases))
    beside = ["HTML", "PDF", "workbook"]
    head = ["Build", "Wall", "Start, imports, publishing", *names,
            *(f"of which {n}" for n in beside)]
    lines = ["| " + " | ".join(head) + " |", "|---" + "|---:" * (len(head) - 1) + "|"]
    for label, wall, phases, rendering in profiles:
        cells = [wall, wall - sum(phases.values()), *(phases.get(n, 0) for n in names),
                 *(rendering.get(n, 0) for n in beside)]
        lines.append(f"| {label} | " + " | ".join(f"{c:.1f}" for c in cells) + " |")
    return lines


def jupyter_book_baseline(root: Path, prog: programme.Programme) -> list[tuple[str, float, str]]:
    """Jupyter Book executing the same notebooks itself, sequentially."""
    src = root / "jb_baseline"
    (src / "del2").mkdir(parents=True)
    ids = prog.catalog.computed()
    for i in ids:
        shutil.copy2(root / "notebooks" / prog.name / f"{prog.catalog[i].notebook}.ipynb",
                     src / "del2")
    (src / "index.md").write_text("# Baslinje\n", encoding="utf-8")
    toc = {"format": "jb-book", "root": "index",
           "chapters": [{"file": f"del2/{prog.catalog[i].notebook}"} for i in ids]}
    (src / "_toc.yml").write_text(yaml.safe_dump(toc), encoding="utf-8")
    jb = str(Path(sys.executable).parent / "jupyter-book")
    rows = []
    for mode, label in (("force", "Jupyter Book, execute_notebooks: force"),
                        ("cache", "Jupyter Book, execute_notebooks: cache (cold)"),
                        ("cache", "Jupyter Book, execute_notebooks: cache, no change")):
        config = {"title": "Baslinje", "only_build_toc_files": True,
                  "execute": {"execute_notebooks": mode, "timeout": 900}}
        (src / "_config.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
        seconds, _ = timed([jb, "build", str(src), "--path-output", str(root / f"_jb_{mode}")],
                           root)
        console.print(f"  {label}: {seconds:.1f} s")
        rows.append((label, seconds, f"{len(ids)} notebooks, one kernel at a time"))
    return rows


def register_rows(work: Path, prog: programme.Programme, fractions: list[float]) -> list[tuple]:
    """Per multiple of the national volumes: the validation of every file of the edition
    (as a build does it: once, on all cores, into typed Parquet copies), then each register
    indicator on those copies (as in a build's notebook)."""
    registers = [i for i in prog.catalog.computed()
                 if any(prog.schema(s).out_of_core for s in prog.catalog[i].sources)]
    rows = []
    for fraction in fractions:
        data, store = work / f"national_{fraction}", work / f"checked_{fraction}"
        seconds, _ = timed([sys.executable, "-m", "indikatorbok", "synth", "--programme",
                            prog.name, "--scale", "national", "--fraction", str(fraction),
                            "--out", str(data)], paths.ROOT)
        console.print(f"  synthetic data at {fraction} of national volumes: {seconds:.0f} s")
        code = (f"from pathlib import Path; from rich.console import Console; "
                f"from indikatorbok import build, checked; "
                f"found = build.validate(build.edition_of({prog.name!r}, None, {str(data)!r}), "
                f"Console(quiet=True), Path({str(store)!r})); "
                f"checked.manifest(found, Path({str(store)!r}))")
        seconds, peak = timed([sys.executable, "-c", code], paths.ROOT)
        manifest = next(store.glob("manifest-*.json"))
        files = [paths.resolve(f, paths.ROOT) for f in
                 json.loads(manifest.read_text(encoding="utf-8")).values()]
        records = sum(_rows(f) for f in files)
        console.print(f"  validation of every file at {fraction}: {records:,} records, "
                      f"{seconds:.1f} s, {peak} MiB")
        rows.append(("validation of every file", fraction, records, seconds, peak))
        for label, keys in (("floor: every cell of every file read (DuckDB)", False),
                            ("floor: every cell read and each file's key hashed", True)):
            seconds, peak = timed([sys.executable, __file__, "--floor", prog.name, str(data),
                                   *(["--keys"] if keys else [])], paths.ROOT)
            rows.append((label, fraction, records, seconds, peak))
            console.print(f"  {label} at {fraction}: {seconds:.1f} s, {peak} MiB")
        for indicator_id in registers:
            ind = prog.catalog[indicator_id]
            files = [sources.find_file(data, y, prog.schema(s))
                     for y in range(prog.first_year, prog.default_year + 1) for s in ind.sources]
            records = sum(_rows(f) for f in files if f)
            code = (f"from indikatorbok import builders; builders.analysis("
                    f"{indicator_id!r}, {prog.default_year}, {str(data)!r}, {prog.name!r}, "
                    f"checked={str(manifest)!r}).result()")
            seconds, peak = timed([sys.executable, "-c", code], paths.ROOT)
            console.print(f"  {indicator_id} at {fraction}: {records:,} records, {seconds:.1f} s, "
                          f"{peak} MiB")
            rows.append((indicator_id, fraction, records, seconds, peak))
        shutil.rmtree(data)
        shutil.rmtree(store)
    return rows


# A kilobyte of nested YAML aliases that would expand to a hundred million values.
ALIAS_BOMB = "\n".join(["lol0: &a0 [x, x, x, x, x, x, x, x, x, x]"] + [
    f"lol{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]" for n in range(1, 9)]) + "\n"


def broken_files(root: Path, prog: programme.Programme) -> list[tuple[str, float, str]]:
    """Seconds from reading a broken programme file to its error."""
    faults = {
        "programme.yaml": {"missing field": lambda t: t.replace("agency:", "agenc:", 1),
                           "wrong type": lambda t: t.replace("min_group:", "min_group: x #", 1)},
        "catalog.yaml": {"missing field": lambda t: t.replace("methods:", "method:", 1),
                         "wrong type": lambda t: t + "first_goal_table: tva\n"},
    }
    rows = []
    for file, changes in faults.items():
        path = root / "data" / "programmes" / prog.name / file
        original = path.read_text(encoding="utf-8")
        for fault, change in {**changes, "alias bomb": lambda t: t + ALIAS_BOMB}.items():
            path.write_text(change(original), encoding="utf-8")
            start = time.perf_counter()
            try:
                catalog.read(programme.Programme(prog.name, path.parent))
            except programme.ProgrammeError as err:
                said = str(err).replace(f"{path}:", "").strip().splitlines()[-1]
            else:
                sys.exit(f"{file} with a {fault} was not refused")
            seconds = time.perf_counter() - start
            rows.append((f"{file}: {fault} refused", seconds,
                         f"{seconds * 1000:.1f} ms: {said.strip(' -')[:70]}"))
        path.write_text(original, encoding="utf-8")
    return rows


def _rows(path: Path) -> int:
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        return pq.ParquetFile(path).metadata.num_rows
    with path.open("rb") as f:
        return sum(1 for _ in f) - 1


def scan_floor(name: str, data: Path, keys: bool) -> None:
    """What no validation can beat on this machine: DuckDB reading every cell of every file
    of the edition (CSV as text, Parquet as typed), on all cores, and, with ``keys``, the
    distinct hashes of each file's key counted too (the unique-key rule's own cost)."""
    from indikatorbok import scan

    prog = programme.load(name)
    edition = programme.edition(name, None, str(data))
    with scan.connect() as con:
        for source in prog.sources():
            spec = prog.schema(source)
            for year in edition.years:
                path = sources.find_file(data, year, spec)
                if path is None or path.suffix == ".xlsx":  # spreadsheets: small, by pandas
                    continue
                reader = (f"read_parquet('{path}')" if path.suffix == ".parquet" else
                          f"read_csv('{path}', header=true, all_varchar=true)")
                columns = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {reader}")
                           .fetchall()]
                cells = ", ".join(f'max(length(CAST("{c}" AS VARCHAR)))' for c in columns)
                key = (", count(DISTINCT hash(" + ", ".join(f'"{k}"' for k in spec.key)
                       + "))") if keys and spec.key else ""
                con.execute(f"SELECT count(*), {cells}{key} FROM {reader}").fetchall()


def main() -> None:
    if sys.argv[1:2] == ["--floor"]:  # one measurement, in a process of its own
        return scan_floor(sys.argv[2], Path(sys.argv[3]), "--keys" in sys.argv)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programme", default=os.environ.get("PROGRAMME") or None)
    parser.add_argument("--fractions", default="1,5,10",
                        help="multiples of the national register volumes")
    parser.add_argument("--skip-baseline", action="store_true",
                        help="leave out Jupyter Book's own execution (the slowest part)")
    args = parser.parse_args()
    fractions = [float(f) for f in args.fractions.split(",")]
    names = [args.programme] if args.programme else programme.names()
    sections = []
    for name in names:
        prog = programme.load(name)
        with tempfile.TemporaryDirectory(prefix="indikatorbok-bench-") as tmp:
            root = build.copy_project(Path(tmp) / "project", programmes=[prog.name])
            console.print(f"[bold]Our build of {prog.name}[/] (a fresh copy of the project, "
                          f"empty cache)")
            # The data first: Jupyter Book's baseline reads them, and a checkout that has
            # none would otherwise time their generation as part of the cold build.
            seconds, _ = timed([sys.executable, "-m", "indikatorbok", "synth", "--programme",
                                prog.name], root)
            console.print(f"  synthetic data made first: {seconds:.1f} s (in no build's time)")
            ours, profiles = our_builds(root, prog)
            ours += preview_rows(root, prog)
            ours += broken_files(root, prog)
            baseline = [] if args.skip_baseline else jupyter_book_baseline(root, prog)
            console.print("[bold]Register indicators[/]")
            registers = register_rows(Path(tmp), prog, fractions)
        sections.append((prog.name, ours, profiles, baseline, registers))
    report(sections)


def report(sections) -> None:
    lines = [f"Machine: {os.cpu_count()} cores; {time.strftime('%Y-%m-%d %H:%M')}"]
    for name, ours, profiles, baseline, registers in sections:
        lines += ["", f"## {name}", ""] + section(ours, baseline, registers)
        lines += ["", "Profile of our builds (seconds):", ""] + profile(profiles)
    text = "\n".join(lines)
    out = paths.BUILD / "bench.md"
    out.parent.mkdir(exist_ok=True)
    out.write_text(text + "\n", encoding="utf-8")
    for name, ours, _, baseline, registers in sections:
        table = Table(title=f"indikatorbok benchmarks: {name}")
        for col in ("What", "Seconds", "Note"):
            table.add_column(col)
        for label, s, note in [*ours, *baseline]:
            table.add_row(label, f"{s:.1f}", note)
        for i, f, n, s, m in registers:
            table.add_row(f"{i} at {f:g}× national volume", f"{s:.1f}",
                          f"{n:,} records ({n / s / 1e6:.1f} M/s), {m:,} MiB")
        console.print(table)
    console.print(f"[bold green]Wrote[/] {out}")


def section(ours, baseline, registers) -> list[str]:
    lines = ["| Build | Seconds | Note |", "|---|---:|---|"]
    lines += [f"| {label} | {s:.1f} | {note} |" for label, s, note in [*ours, *baseline]]
    if baseline:
        cold = ours[0][1]
        lines += ["", f"Cold full build, Jupyter Book force / ours: {baseline[0][1] / cold:.2f}×; "
                      f"Jupyter Book cache (cold) / ours: {baseline[1][1] / cold:.2f}×; "
                      f"no-change rebuild, Jupyter Book cache / ours: "
                      f"{baseline[2][1] / ours[1][1]:.2f}× (a new edition built anyway, "
                      f"with --again: {baseline[2][1] / ours[2][1]:.2f}×)."]
    lines += ["", "| Step | Multiple of national volume | Input records | Seconds | "
                  "Peak MiB | Million records per second |", "|---|---:|---:|---:|---:|---:|"]
    lines += [f"| {i} | {f:g} | {n:,} | {s:.1f} | {m:,} | {n / s / 1e6:.2f} |"
              for i, f, n, s, m in registers]
    return lines


if __name__ == "__main__":
    main()
