"""Command line: ``python -m indikatorbok {build,preview,validate,new-year,pdf,synth,
notebooks,fingerprint}``. Every command takes the programme (default: the one marked default), the
edition year (default: the programme's) and the data folder (default: the programme's
synthetic data, generated when missing or out of date)."""

from __future__ import annotations

import argparse
import subprocess
import time

from rich.console import Console

from indikatorbok import (
    newyear,
    notebooks,
    owntext,
    paths,
    pdf,
    preview,
    programme,
    synth,
)
from indikatorbok.build import EXPECTED_ERRORS, build, edition_of, error_heading, validate
from indikatorbok.editions import lock


def _edition(args: argparse.Namespace, console: Console) -> programme.Edition:
    """The edition; its synthetic data generated on demand (under the build lock, so that
    no other build of the checkout reads them while they are written)."""
    edition = edition_of(args.programme, args.year, args.data)
    if args.data is None:
        with lock(f"generating the synthetic data of {edition.programme.name}"):
            synth.ensure(edition, progress=lambda m: console.print(f"  {m}"))
    return edition


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="indikatorbok", description=__doc__)
    parser.add_argument("--debug", action="store_true",
                        help="on an unexpected error, show the traceback")
    sub = parser.add_subparsers(dest="command", required=True)

    def edition_args(p: argparse.ArgumentParser, data: bool = True) -> None:
        p.add_argument("--programme", default=None,
                       help="programme (a folder in data/programmes; default: the default one)")
        p.add_argument("--year", type=int, default=None,
                       help="edition year (default: the programme's latest edition)")
        if data:
            p.add_argument("--data", default=None,
                           help="data folder with one sub-folder per year (default: the "
                                "programme's synthetic data)")

    p = sub.add_parser("build", help="validate, execute the notebooks, build the HTML")
    edition_args(p)
    p.add_argument("--all", action="store_true",
                   help="build every programme's latest edition on its synthetic data (the "
                        "default programme last, so that its edition is current)")
    p.add_argument("--again", action="store_true",
                   help="build a new edition even when nothing it reads changed since the "
                        "published one")
    p.add_argument("--preview", action="store_true",
                   help="build the edition as the preview (_build/preview, no PDF), leaving "
                        "the published edition as it is")
    p = sub.add_parser("preview", help="build, serve on localhost and build again on every "
                                       "saved change (the browser reloads itself)")
    edition_args(p)
    p.add_argument("--port", type=int, default=8000, help="default: 8000 (0: any free port)")
    edition_args(sub.add_parser("validate", help="check the data against the data contract"))
    edition_args(sub.add_parser("new-year", help="scaffold the data folder and the analysts' "
                                                 "files of a new edition"))
    edition_args(sub.add_parser("notebooks", help="write the indicator notebooks from the "
                                                  "catalog (notebooks/<programme>/)"))
    sub.add_parser("pdf", help="print the published book to PDF (headless Chromium)")
    p = sub.add_parser("synth", help="write the programme's synthetic data")
    edition_args(p, data=False)
    p.add_argument("--out", default=None, help="output folder (default: the programme's)")
    p.add_argument("--seed", type=int, default=synth.DEFAULT_SEED)
    p.add_argument("--scale", choices=synth.SCALES, default=None,
                   help="default: the programme's specification")
    p.add_argument("--fraction", type=float, default=1.0,
                   help="multiple of the national register volumes, up to 10 (with --scale "
                        "national)")
    p = sub.add_parser("locked", help="run a command while holding the checkout's build lock "
                                      "(the tests that read the published books: no build "
                                      "replaces them meanwhile)")
    p.add_argument("argv", nargs=argparse.REMAINDER, help="the command, after --")
    p = sub.add_parser("fingerprint", help="fingerprint a programme's source document "
                                           "(own-words test)")
    p.add_argument("--programme", default=None)
    p.add_argument("report", help="the document as plain text")
    args = parser.parse_args(argv)

    # Messages are text: no markup, no emoji codes (":x:" stays as written).
    console = Console(highlight=False, emoji=False)
    try:
        if args.command == "build" and args.all:
            if args.programme or args.year or args.data:
                parser.error("--all builds every programme's latest edition on its synthetic "
                             "data: give no --programme, --year or --data with it")
            default = programme.default_name()
            for name in sorted(programme.names(), key=lambda n: n == default):
                build(_edition(argparse.Namespace(programme=name, year=None, data=None),
                               console), console, again=args.again)
        elif args.command == "build":
            build(_edition(args, console), console, again=args.again, preview=args.preview)
        elif args.command == "preview":
            preview.serve(edition_of(args.programme, args.year, args.data),
                          args.data is not None, console, args.port)
        elif args.command == "validate":
            validate(_edition(args, console), console)
        elif args.command == "notebooks":
            written = notebooks.write(edition_of(args.programme, args.year, args.data))
            console.print(f"Wrote {len(written)} notebooks to "
                          f"{paths.shown(next(iter(written.values())).parent)}")
        elif args.command == "new-year":
            edition = edition_of(args.programme, args.year, args.data)
            done = newyear.scaffold(edition)
            next_step = newyear.command("validate", edition.programme.name, edition.year,
                                        edition.data_dir)
            for path in done.created:
                console.print(f"  created {paths.shown(path)}")
            if done.archive_problem:
                console.print(f"[yellow]Not archived:[/] {done.archive_problem}")
            archived = f", {paths.shown(done.archived)} archived" if done.archived else ""
            console.print(f"[bold green]Scaffolded[/] the {edition.year} edition of "
                          f"{edition.programme.name}: {len(done.created)} files created, "
                          f"{len(done.kept)} already there{archived}. Next: deliver the "
                          f"extracts, then `{next_step}`.")
        elif args.command == "pdf":
            with lock("printing the published book to PDF"):
                path, pages = pdf.make(console)
            console.print(f"[bold green]Printed[/] the book to {paths.shown(path)} "
                          f"({pages} pages).")
        elif args.command == "synth":
            prog = programme.load(args.programme)
            year = args.year or prog.default_year
            prog.check_year(year)
            out = paths.resolve(args.out, prog.synthetic_data)
            synth.check_replaceable(out)  # before anything is written beside it
            start = time.perf_counter()
            with synth.locked(out):
                counts = synth.generate(prog, out, list(range(prog.first_year, year + 1)),
                                        seed=args.seed, scale=args.scale,
                                        fraction=args.fraction,
                                        progress=lambda m: console.print(f"  {m}"))
                if args.fraction == 1:  # the specification's data: a build keeps them
                    synth.mark(prog, out, year, args.seed, args.scale)
            console.print(f"[bold green]Wrote[/] {len(counts)} files, {sum(counts.values()):,} "
                          f"rows (seed {args.seed}) to {paths.shown(out)} "
                          f"({time.perf_counter() - start:.1f} s)")
        elif args.command == "locked":
            argv = args.argv[1:] if args.argv[:1] == ["--"] else args.argv
            with lock(f"tests reading the published books ({' '.join(argv[:4])} …)"):
                return subprocess.call(argv)
        elif args.command == "fingerprint":
            prog = programme.load(args.programme)
            out = prog.reference_dir / owntext.FINGERPRINT
            n = owntext.write_fingerprint(paths.resolve(args.report, paths.ROOT), out)
            console.print(f"Fingerprinted {n:,} runs of {owntext.SHINGLE} words into "
                          f"{paths.shown(out)}")
    except KeyboardInterrupt:
        if args.command == "preview":
            console.print("Preview stopped.")
            return 0
        console.print("[bold red]Interrupted.[/] [red]Nothing was published.[/]")
        return 130
    except EXPECTED_ERRORS as err:
        console.print(f"[bold red]{error_heading(err)}[/]")
        console.print(str(err), markup=False, soft_wrap=True)  # paths unbroken, to copy
        console.print("[red]Nothing was published.[/]")
        return 1
    except Exception as err:  # the OS's, a library's: said in the same format
        if args.debug:
            raise
        console.print(f"[bold red]{error_heading(err)}[/]")
        console.print(str(err), markup=False, soft_wrap=True)
        console.print("[red]Nothing was published.[/] Run the command again with --debug "
                      "(python -m indikatorbok --debug ...) to see where it happened.")
        return 1
    return 0
