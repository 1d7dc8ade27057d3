"""Benchmarks of the build and of the register indicators, measured in one run (`make bench`).

1. Our build in a fresh copy of the project: cold, no change, one notebook changed, one
   input file changed.
2. The same notebooks executed by Jupyter Book 1 itself (``execute_notebooks: force``, and
   ``cache`` cold and again without change), as the baseline.
3. The register indicators (2.5.1, all benefits; 3.1.1, the text search) on synthetic data
   at fractions of the national volumes: wall time and peak memory of the process.

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

from indikatorbok import build, catalog, indicators, paths, sources

console = Console()
REGISTER_INDICATORS = ("2.5.1", "3.1.1")


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


def our_builds(root: Path) -> list[tuple[str, float, str]]:
    def run(label: str) -> tuple[str, float, str]:
        seconds, _ = timed([sys.executable, "-m", "indikatorbok", "build", "--year",
                            str(paths.DEFAULT_YEAR), "--data", "data/synthetic"], root)
        summary = json.loads((root / "_build" / "build.json").read_text(encoding="utf-8"))
        note = (f"{len(summary['executed'])} executed, {len(summary['from_cache'])} cached, "
                f"HTML {'rendered' if summary['rendered'] else 'unchanged'}")
        console.print(f"  {label}: {seconds:.1f} s ({note})")
        return label, seconds, note

    rows = [run("cold full build")]
    rows.append(run("rebuild, no change"))
    notebook = root / "notebooks" / "indikator_2_4_1.ipynb"
    notebook.write_text(notebook.read_text(encoding="utf-8").replace(
        "## Status", "## Status för indikatorn"), encoding="utf-8")
    rows.append(run("rebuild, one notebook changed (2.4.1)"))
    extract = root / "data" / "synthetic" / "2025" / "eservice_visits.csv"
    lines = extract.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1][:-1] + str((int(lines[1][-1]) + 1) % 10)  # one visit more or less
    extract.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows.append(run("rebuild, one input file changed (2025/eservice_visits)"))
    return rows


def jupyter_book_baseline(root: Path) -> list[tuple[str, float, str]]:
    """Jupyter Book executing the same 44 notebooks itself, sequentially."""
    src = root / "jb_baseline"
    (src / "del2").mkdir(parents=True)
    ids = indicators.implemented()
    for i in ids:
        shutil.copy2(root / "notebooks" / f"{catalog.load()[i].notebook}.ipynb", src / "del2")
    (src / "index.md").write_text("# Baslinje\n", encoding="utf-8")
    toc = {"format": "jb-book", "root": "index",
           "chapters": [{"file": f"del2/{catalog.load()[i].notebook}"} for i in ids]}
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


def register_rows(work: Path, fractions: list[float]) -> list[tuple]:
    rows = []
    for fraction in fractions:
        data = work / f"national_{fraction}"
        seconds, _ = timed([sys.executable, "-m", "indikatorbok", "synth", "--scale", "national",
                            "--fraction", str(fraction), "--out", str(data)], paths.ROOT)
        console.print(f"  synthetic data at {fraction} of national volumes: {seconds:.0f} s")
        for indicator_id in REGISTER_INDICATORS:
            ind = catalog.load()[indicator_id]
            files = [sources.find_file(data, y, s) for y in range(paths.FIRST_YEAR,
                                                                    paths.DEFAULT_YEAR + 1)
                     for s in ind.sources]
            records = sum(_rows(f) for f in files if f)
            code = (f"from indikatorbok import indicators; "
                    f"indicators.compute({indicator_id!r}, {paths.DEFAULT_YEAR}, {str(data)!r})")
            seconds, peak = timed([sys.executable, "-c", code], paths.ROOT)
            console.print(f"  {indicator_id} at {fraction}: {records:,} records, {seconds:.1f} s, "
                          f"{peak} MiB")
            rows.append((indicator_id, fraction, records, seconds, peak))
        shutil.rmtree(data)
    return rows


def _rows(path: Path) -> int:
    with path.open("rb") as f:
        return sum(1 for _ in f) - 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fractions", default="0.1,0.5,1.0")
    parser.add_argument("--skip-baseline", action="store_true",
                        help="leave out Jupyter Book's own execution (the slowest part)")
    args = parser.parse_args()
    fractions = [float(f) for f in args.fractions.split(",")]
    with tempfile.TemporaryDirectory(prefix="indikatorbok-bench-") as tmp:
        root = build.copy_project(Path(tmp) / "project")
        console.print("[bold]Our build[/] (a fresh copy of the project, empty cache)")
        ours = our_builds(root)
        baseline = [] if args.skip_baseline else jupyter_book_baseline(root)
        console.print("[bold]Register indicators[/]")
        registers = register_rows(Path(tmp), fractions)
    report(ours, baseline, registers)


def report(ours, baseline, registers) -> None:
    lines = [f"Machine: {os.cpu_count()} cores; {time.strftime('%Y-%m-%d %H:%M')}", "",
             "| Build | Seconds | Note |", "|---|---:|---|"]
    lines += [f"| {label} | {s:.1f} | {note} |" for label, s, note in [*ours, *baseline]]
    if baseline:
        cold = ours[0][1]
        lines += ["", f"Cold full build, Jupyter Book force / ours: {baseline[0][1] / cold:.2f}×; "
                      f"Jupyter Book cache (cold) / ours: {baseline[1][1] / cold:.2f}×; "
                      f"no-change rebuild, Jupyter Book cache / ours: "
                      f"{baseline[2][1] / ours[1][1]:.2f}×."]
    lines += ["", "| Indicator | Share of national volume | Input records | Seconds | Peak MiB "
                  "| Seconds per million records |", "|---|---:|---:|---:|---:|---:|"]
    lines += [f"| {i} | {f} | {n:,} | {s:.1f} | {m:,} | {s / n * 1e6:.2f} |"
              for i, f, n, s, m in registers]
    text = "\n".join(lines)
    out = paths.BUILD / "bench.md"
    out.parent.mkdir(exist_ok=True)
    out.write_text(text + "\n", encoding="utf-8")
    table = Table(title="indikatorbok benchmarks")
    for col in ("What", "Seconds", "Note"):
        table.add_column(col)
    for label, s, note in [*ours, *baseline]:
        table.add_row(label, f"{s:.1f}", note)
    for i, f, n, s, m in registers:
        table.add_row(f"{i} at {f} of national volume", f"{s:.1f}", f"{n:,} records, {m:,} MiB")
    console.print(table)
    console.print(f"[bold green]Wrote[/] {out}")


if __name__ == "__main__":
    main()
