"""Command line: ``python -m indikatorbok {build,validate,new-year,pdf,synth,fingerprint}``."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from rich.console import Console

from indikatorbok import paths, sources, synth
from indikatorbok.build import BuildError, Edition, build, validate


def _edition(args: argparse.Namespace) -> Edition:
    return Edition(args.year, paths.resolve(args.data, paths.DEFAULT_DATA))


def _shown(path: Path) -> str:
    return str(path.relative_to(paths.ROOT) if path.is_relative_to(paths.ROOT) else path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="indikatorbok", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    def edition_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("--year", type=int, default=paths.DEFAULT_YEAR,
                       help="edition year (default %(default)s)")
        p.add_argument("--data", default=None,
                       help="data folder with one sub-folder per year (default data/synthetic)")

    edition_args(sub.add_parser("build", help="validate, execute the notebooks, build the HTML"))
    edition_args(sub.add_parser("validate", help="check the data against the data contract"))
    edition_args(sub.add_parser("new-year", help="scaffold the data folder and the analysts' "
                                                 "files of a new edition"))
    sub.add_parser("pdf", help="print the last built book to PDF (headless Chromium)")
    p = sub.add_parser("synth", help="write synthetic data calibrated to the report")
    p.add_argument("--out", default=None, help="output folder (default data/synthetic)")
    p.add_argument("--seed", type=int, default=synth.DEFAULT_SEED)
    p.add_argument("--scale", choices=synth.SCALES, default="default")
    p.add_argument("--fraction", type=float, default=1.0,
                   help="share of the national register volumes (with --scale national)")
    p.add_argument("--year", type=int, default=paths.DEFAULT_YEAR,
                   help=f"newest year to generate (from {paths.FIRST_YEAR})")
    p = sub.add_parser("fingerprint", help="fingerprint the report's text (own-words test)")
    p.add_argument("report", help="the report as plain text")
    args = parser.parse_args(argv)

    console = Console(highlight=False)
    try:
        if args.command == "build":
            build(_edition(args), console)
        elif args.command == "validate":
            validate(_edition(args), console)
        elif args.command == "new-year":
            from indikatorbok import newyear

            done = newyear.scaffold(args.year, _edition(args).data_dir)
            for path in done.created:
                console.print(f"  created {_shown(path)}")
            if done.archive_problem:
                console.print(f"[yellow]Not archived:[/] {done.archive_problem}")
            archived = f", {_shown(done.archived)} archived" if done.archived else ""
            console.print(f"[bold green]Scaffolded[/] the {args.year} edition: "
                          f"{len(done.created)} files created, {len(done.kept)} already there"
                          f"{archived}. Next: deliver the extracts, then "
                          f"`make validate YEAR={args.year}`.")
        elif args.command == "pdf":
            from indikatorbok import pdf

            path, pages = pdf.make(console)
            console.print(f"[bold green]Printed[/] the book to {path} ({pages} pages).")
        elif args.command == "synth":
            out = paths.resolve(args.out, paths.DEFAULT_DATA)
            start = time.perf_counter()
            counts = synth.generate(out, list(range(paths.FIRST_YEAR, args.year + 1)),
                                    seed=args.seed, scale=args.scale, fraction=args.fraction,
                                    progress=lambda m: console.print(f"  {m}"))
            console.print(f"[bold green]Wrote[/] {len(counts)} files, {sum(counts.values()):,} "
                          f"rows ({args.scale} scale, seed {args.seed}) to {out} "
                          f"({time.perf_counter() - start:.1f} s)")
        elif args.command == "fingerprint":
            from indikatorbok import owntext

            n = owntext.write_fingerprint(paths.resolve(args.report, args.report))
            console.print(f"Fingerprinted {n:,} runs of {owntext.SHINGLE} words into "
                          f"{owntext.FINGERPRINT}")
    except (sources.DataError, BuildError) as err:
        console.print(f"[bold red]{type(err).__name__}[/]")
        console.print(str(err), markup=False, soft_wrap=True)  # paths unbroken, to copy
        console.print("[red]Nothing was published.[/]")
        return 1
    return 0
