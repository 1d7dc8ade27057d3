"""Synthetic data for a programme, calibrated to its published figures where it has any.

A programme's synthetic-data specification is its ``synth/`` folder: ``spec.yaml`` names the
generator of each source (a function in a Python file beside it), the design of its surveys
per year and its free-text columns; the generator files hold what the programme's documents
do not publish (group differences, unpublished years, distributions), following the
directions their text states.

``generate`` writes every source for each year into ``<out>/<year>/`` plus a
``delivery.yaml`` that marks the data as synthetic. Output is deterministic: the same seed
and scale give byte-identical files. Years after the last calibrated one have no published
figures: each source is then generated as its latest calibrated year, with its own random
draws, and moved forward in time (year columns and dates). Such a year shows the latest
published level plus sampling noise, never a trend.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import shutil
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import yaml

from indikatorbok import cache as build_cache
from indikatorbok import parallel, programme, reference, sources
from indikatorbok.programme import Programme
from indikatorbok.stats import calibrate  # noqa: F401 (the programmes' generators use it)
from indikatorbok.synth import answers, sampling  # noqa: F401 (sampling: for the generators)
from indikatorbok.yamlfile import read_yaml

DEFAULT_SEED = 20260123
SCALES = ("default", "national")
MARKER = ".generated.json"  # in the output folder: what was generated, and from what
# In every folder the generator made: the only folders it replaces or that new-year keeps
# away from (a delivery of real extracts has none).
OWNER = ".synthetic-data"


def made_here(folder: Path) -> bool:
    """Whether the generator made ``folder`` (so it may replace it)."""
    return (folder / OWNER).is_file() or (folder / MARKER).is_file()


def check_replaceable(out: Path) -> None:
    """Refuse to replace a folder the generator did not make: a delivery of extracts, the
    project, anything else. A missing or empty folder is the generator's to fill."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())) and not made_here(out):
        raise programme.ProgrammeError(
            f"{out}: not a folder of generated synthetic data (it has no {OWNER}), so it is "
            f"not replaced: give --out an empty or a new folder.")


@dataclass(frozen=True)
class Spec:
    """What a generator is asked for."""

    year: int
    seed: int
    scale: str
    final_year: int  # the newest year generated: its partial-year extracts end 30 November
    fraction: float = 1.0  # multiple of the national volumes (national scale only)
    shift: int = 0  # years added to every year and date after generation (years after the report)
    programme: Programme | None = field(default=None, compare=False, repr=False)

    @property
    def calendar_year(self) -> int:
        """The year the generated data is for (``year`` is the year it is calibrated to)."""
        return self.year + self.shift

    def size(self, sizes: dict[str, int]) -> int:
        """Records for this scale: the default size, or the national size times ``fraction``."""
        if self.scale == "default":
            return sizes["default"]
        return max(1, round(sizes["national"] * self.fraction))

    @property
    def period_end(self) -> dt.date:
        return dt.date(self.year, 11, 30) if self.year == self.final_year else dt.date(
            self.year, 12, 31)  # in the calibrated year; shifted with the data

    def rng(self, source: str) -> np.random.Generator:
        """An independent, reproducible stream per (seed, source, year)."""
        return np.random.default_rng([self.seed, self.calendar_year,
                                      zlib.crc32(source.encode())])


class Bound:
    """A programme's published figures and contracts, for its generator files: bound with
    :func:`bound` so that they read as ``reference.series(...)`` and ``sources.schema(...)``."""

    def __init__(self, prog: Programme):
        self.prog = prog

    def series(self, indicator: str, series: str, group: str = "") -> dict[int, float]:
        return reference.series(self.prog, indicator, series, group)

    def n(self, indicator: str, series: str, group: str = "") -> dict[int, int]:
        return reference.n(self.prog, indicator, series, group)

    def published(self) -> pd.DataFrame:
        return reference.published(self.prog)

    def schema(self, source: str) -> sources.Schema:
        return self.prog.schema(source)


def programme_of(path: str | Path) -> Programme:
    """The programme whose folder holds ``path``."""
    for folder in Path(path).resolve().parents:
        if (folder / programme.CONFIG).is_file():
            return programme.load(folder.name)
    raise programme.ProgrammeError(f"{path} is not in a programme's folder.")


def bound(path: str | Path) -> Bound:
    """The published figures and contracts of the programme a generator file belongs to."""
    return Bound(programme_of(path))


def specification(prog: Programme) -> dict:
    path = prog.synth_dir / "spec.yaml"
    if not path.is_file():
        raise programme.ProgrammeError(f"{path}: the programme has no synthetic-data "
                                       f"specification.")
    return read_yaml(path)


def generators(prog: Programme) -> dict[str, Callable[[Spec], pd.DataFrame | None]]:
    """Source -> its generator, as the specification names them (``file.py:function``)."""
    out = {}
    for source, target in specification(prog)["generators"].items():
        file, _, function = str(target).partition(":")
        out[source] = getattr(prog.module(prog.synth_dir / file), function)
    return out


def survey_design(prog: Programme, year: int) -> str:
    """``total`` or ``urval`` in ``year``, as the specification gives it."""
    designs = specification(prog).get("survey_design") or {}
    return str(designs.get(year, designs.get("default", "total")))


def write(df: pd.DataFrame, path: Path) -> None:
    """A generated extract as CSV, or as Parquet (the largest registers)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".parquet":
        df.to_parquet(path, index=False)
    else:
        df.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")


MAX_MULTIPLE = 10  # of the national volumes, for benchmarks of growth


def generate(prog: Programme, out: Path, years: list[int], seed: int = DEFAULT_SEED,
             scale: str | None = None, progress: Callable[[str], None] | None = None,
             fraction: float = 1.0) -> dict[str, int]:
    """Write all sources of the programme for ``years`` into ``out`` (replacing it).
    Returns rows per file. ``scale``: the specification's unless given; ``fraction``
    multiplies the national register volumes (for benchmarks of growth)."""
    scale = scale or specification(prog).get("scale", "default")
    if scale not in SCALES:
        raise ValueError(f"scale must be one of {SCALES}")
    if not 0 < fraction <= MAX_MULTIPLE or (fraction != 1 and scale != "national"):
        raise ValueError(f"fraction must be in (0, {MAX_MULTIPLE}], and differ from 1 only at "
                         f"national scale")
    check_replaceable(out)
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    (tmp / OWNER).write_text("Synthetic data made by indikatorbok: replaced when they are "
                             "generated again.\n", encoding="utf-8")
    counts: dict[str, int] = {}
    # Each year on its own core: every source and year draws from its own random stream,
    # so the files are the same however the years are shared out.
    year_of = partial(_generate_year, prog=prog, tmp=tmp, seed=seed, scale=scale,
                      last=max(years), fraction=fraction)
    with parallel.forked(len(years)) as pool:
        for done, messages in pool.map(year_of, years):
            counts |= done
            for message in messages if progress else ():
                progress(message)
    shutil.rmtree(out, ignore_errors=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp.rename(out)
    return counts


def _generate_year(year: int, prog: Programme, tmp: Path, seed: int, scale: str,
                   last: int, fraction: float) -> tuple[dict[str, int], list[str]]:
    """Write every source of one year into ``tmp``; rows per file and progress messages."""
    free_text = specification(prog).get("free_text") or {}
    formats = specification(prog).get("formats") or {}
    counts, messages = {}, []
    delivery: dict = {"synthetic": True, "seed": seed, "scale": scale, "sources": {}}
    if fraction != 1:
        delivery["fraction"] = fraction
    for source, make in generators(prog).items():
        start = time.perf_counter()
        spec = spec_for(prog, source, year, seed, scale, last, fraction)
        schema = prog.schema(source)
        if spec.shift and year not in schema.expected_years(last):
            continue
        df = make(spec)
        if df is None:
            continue
        if schema.survey:  # questions of new indicators that no generator writes
            df = answers.fill(prog, schema, df, spec.year, spec.calendar_year, seed)
        df = plant_canaries(shift_years(df, schema, spec.shift), schema, spec,
                            free_text.get(source))
        path = tmp / str(year) / f"{schema.file}.{formats.get(source, 'csv')}"
        write(df, path)
        counts[f"{year}/{path.name}"] = len(df)
        info = {}
        if schema.partial_year and spec.period_end.month != 12:
            info["period_end"] = spec.period_end.replace(year=year)
        if schema.survey:
            info["survey_design"] = survey_design(prog, year)
        if info:
            delivery["sources"][source] = info
        messages.append(f"{year}/{path.name}: {len(df):,} rows "
                        f"({time.perf_counter() - start:.1f} s)")
    text = yaml.safe_dump(delivery, allow_unicode=True, sort_keys=True)
    (tmp / str(year)).mkdir(parents=True, exist_ok=True)
    (tmp / str(year) / sources.DELIVERY_FILE).write_text(text, encoding="utf-8")
    return counts, messages


def _spec_digest(prog: Programme, seed: int, scale: str | None = None) -> str:
    """What the generated data depend on: the generic generator (this package), the
    package code it calls and the installed libraries (numpy's random streams among them),
    the programme's synth folder, configuration, contracts and published figures, the seed
    (and the scale, when not the specification's)."""
    files = [*sorted(Path(__file__).parent.glob("*.py")),
             *sorted(p for p in prog.synth_dir.rglob("*") if p.is_file()
                     and "__pycache__" not in p.parts),
             *prog.files(), *sorted(prog.reference_dir.glob("*.csv"))]
    h = hashlib.sha256(f"{seed}|{scale}".encode() if scale else str(seed).encode())
    h.update(build_cache.code_digest().encode())
    for f in files:  # named within the programme (or the package): a copy has the same
        name = f.relative_to(prog.root) if f.is_relative_to(prog.root) else f.name
        h.update(f"{name}\0".encode())
        h.update(f.read_bytes())
    return h.hexdigest()


@contextlib.contextmanager
def locked(out: Path):
    """Held while ``out`` is generated: a process that would generate it too (a build, or
    ``synth`` on the command line) waits for the one generating."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with (out.parent / f".{out.name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def mark(prog: Programme, out: Path, last_year: int, seed: int = DEFAULT_SEED,
         scale: str | None = None) -> None:
    """Record in ``out`` that it holds the specification's data up to ``last_year``."""
    (out / MARKER).write_text(json.dumps({"spec": _spec_digest(prog, seed, scale),
                                          "last_year": last_year, "seed": seed}),
                              encoding="utf-8")


def ensure(edition: programme.Edition, seed: int = DEFAULT_SEED,
           progress: Callable[[str], None] | None = None, scale: str | None = None) -> bool:
    """Generate the programme's synthetic data when they are missing, out of date with
    their specification, or lack a year the edition needs (the years already generated
    are kept). Returns whether data were generated. Processes that ask at once wait for
    the one generating; data already current are used without the lock (a read-only
    folder serves)."""
    prog, out = edition.programme, edition.data_dir
    if _generated(prog, out, seed, scale) >= edition.year:
        return False
    try:
        with locked(out):
            last = _generated(prog, out, seed, scale)
            if last >= edition.year:
                return False
            generate(prog, out, list(range(prog.first_year, max(edition.year, last) + 1)),
                     seed=seed, scale=scale, progress=progress)
            mark(prog, out, max(edition.year, last), seed, scale)
            return True
    except OSError as err:
        raise programme.ProgrammeError(
            f"{out}: the synthetic data for {edition.year} are missing or out of date, and "
            f"they cannot be generated there ({err.strerror or err}). Make the folder "
            f"writable, or give DATA a folder of extracts.") from None


def _generated(prog: Programme, out: Path, seed: int, scale: str | None) -> int:
    """The last year ``out`` holds of the specification's data (0 if none, or stale)."""
    try:
        done = json.loads((out / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 0
    current = done.get("spec") == _spec_digest(prog, seed, scale)
    return int(done.get("last_year", 0)) if current else 0


@cache
def _published_last_year(prog: Programme) -> int | None:
    df = reference.published(prog)
    return int(df["year"].max()) if len(df) else None


def last_calibrated_year(prog: Programme, source: str) -> int:
    """The newest year the programme's figures are calibrated to (``calibrated_until`` in
    the specification, else the newest published year), less the source's delivery lag."""
    lag = prog.schema(source).expected.get("lag", 0)
    until = specification(prog).get("calibrated_until") or _published_last_year(prog)
    return int(until) - lag


def spec_for(prog: Programme, source: str, year: int, seed: int, scale: str, final_year: int,
             fraction: float) -> Spec:
    """What to generate for ``source`` in ``year``: the year itself while it is calibrated,
    otherwise the latest calibrated year, shifted forward."""
    shift = max(0, year - last_calibrated_year(prog, source))
    return Spec(year - shift, seed, scale, final_year - shift, fraction, shift, prog)


def shift_years(df: pd.DataFrame, schema: sources.Schema, years: int) -> pd.DataFrame:
    """Move generated data ``years`` forward: the year columns and the dates."""
    if not years:
        return df
    for name, column in schema.columns.items():
        if column.folder_year or name.endswith("_year"):
            df[name] = df[name] + years
        elif column.type == "date":
            dates = pd.to_datetime(df[name]) + pd.DateOffset(years=years)
            df[name] = dates.dt.date.where(dates.notna(), None)
    return df


# Canaries: unique marker strings planted in identifiers and case-file text. They must never
# reach the book; a test of the published output looks for them.
CANARY = "KANARIE"
CANARIES_PER_COLUMN = 3
SAMPLED_ROWS = 64  # rows whose identifiers may become canaries


def canary(spec: Spec, source: str, column: str, i: int) -> str:
    key = f"{spec.seed}/{spec.calendar_year}/{source}/{column}/{i}"
    return f"{CANARY}{zlib.crc32(key.encode()):08x}"


def plant_canaries(df: pd.DataFrame, schema: sources.Schema, spec: Spec,
                   free_text: str | None = None) -> pd.DataFrame:
    """Replace a few identifiers by canaries (every occurrence, so links between rows hold)
    and add a canary to a few rows of a free-text column."""
    source = schema.source
    rng = spec.rng(f"canary/{source}")
    for column in schema.identifiers:  # in Arrow: registers have millions of identifiers
        ids = pa.array(df[column], type=pa.large_string())
        # The values of a few random rows (not all distinct values: hashing millions of
        # identifiers took longer than generating them).
        drawn = ids.take(rng.choice(len(ids), min(len(ids), SAMPLED_ROWS), replace=False))
        chosen = [v for v in dict.fromkeys(drawn.to_pylist()) if v is not None]
        chosen = pa.array(chosen[:CANARIES_PER_COLUMN], type=pa.large_string())
        which = pc.index_in(ids, value_set=chosen)
        canaries = pa.array([canary(spec, source, column, i) for i in range(len(chosen))],
                            type=pa.large_string())
        df[column] = pd.arrays.ArrowStringArray(
            pc.if_else(pc.is_valid(which), pc.take(canaries, which), ids))
    if free_text:
        column = free_text
        rows = np.sort(rng.choice(len(df), min(CANARIES_PER_COLUMN, len(df)), replace=False))
        df.loc[df.index[rows], column] = [f"{df[column].fillna('').iloc[r]} Anteckning "
                                          f"{canary(spec, source, column, i)}."
                                          for i, r in enumerate(rows)]
    return df
