"""Shared fixtures: the programmes, their synthetic data generated once per session, and
analyses run on small inline frames."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from indikatorbok import builders, indicators, programme, stats, synth
from indikatorbok.programme import Edition

PROGRAMMES = programme.names()
RULES = stats.Rules(min_group=50, min_cell=5, alpha=0.05)  # for tests of the machinery


@pytest.fixture(scope="session")
def fk() -> programme.Programme:
    return programme.load("forsakringskassan")


def generated(tmp_path_factory, prog: programme.Programme, scale: str | None = None) -> Path:
    """The programme's synthetic data. At its own scale: the checkout's data folder, which
    the build reads too (generated once, by the first test worker or build that needs it,
    while it is missing or out of date). At another scale: generated once per session for
    all test workers."""
    if scale is None:
        data = Edition(prog, prog.default_year, prog.synthetic_data)
        synth.ensure(data)
        return data.data_dir
    shared = tmp_path_factory.getbasetemp()
    shared = shared.parent if os.environ.get("PYTEST_XDIST_WORKER") else shared
    out = shared / f"synthetic-{scale}" / prog.name
    synth.ensure(Edition(prog, prog.default_year, out), scale=scale)
    return out


@pytest.fixture(scope="session")
def synthetic_dir(tmp_path_factory, fk) -> Path:
    """Försäkringskassan's synthetic data with small registers, for tests of the machinery
    (the programme's own, at national volumes, is ``synthetic("forsakringskassan")``)."""
    return generated(tmp_path_factory, fk, "default")


def checked_copies(prog: programme.Programme, data: Path) -> Path:
    """The list of validated copies of an edition's files, as a build makes it (in the
    checkout's store: the build finds them there)."""
    from rich.console import Console

    from indikatorbok import build, checked

    found = build.validate(Edition(prog, prog.default_year, data), Console(quiet=True))
    return checked.manifest(found)


@pytest.fixture(scope="session")
def synthetic(tmp_path_factory):
    """Each programme's synthetic data (``scale``: the programme's own unless given;
    "default" keeps national registers small)."""
    made: dict[tuple[str, str | None], Path] = {}

    def data(name: str, scale: str | None = None) -> Path:
        if (name, scale) not in made:
            made[(name, scale)] = generated(tmp_path_factory, programme.load(name), scale)
        return made[(name, scale)]

    return data


def edition(prog: programme.Programme, data: Path, year: int | None = None) -> Edition:
    return Edition(prog, year or prog.default_year, data)


def analysis_on(prog: programme.Programme, indicator_id: str, frames: dict[str, dict],
                year: int | None = None, part: int = 0) -> indicators.Analysis:
    """An indicator's analysis (one of its parts) on inline frames instead of files:
    ``frames`` maps a source to ``{year: DataFrame}``."""
    ind = prog.catalog[indicator_id]
    ctx = indicators.Context(ind, edition(prog, Path("/nonexistent"), year),
                             _cache=dict(frames))
    chosen = ind.parts[part]
    return builders.analysis_class(ctx, chosen)(ctx, chosen.parameters)


def findings_file(data_dir: Path, indicator_id: str, values: list, *, unit: str = "percent",
                  glued: tuple[str, ...] = (), **change) -> Path:
    """An indicator's findings as a notebook publishes them, from its headline by year
    (``values``: [year, value or None] pairs) and the change between its last two
    measurements (``change``: :func:`findings.change`'s options, e.g. ``test``)."""
    import json

    from indikatorbok import findings, text

    shown = [(y, v) for y, v in values if v is not None]
    made = None
    if len(values) > 1:
        (y0, v0), (y1, v1) = values[-2], values[-1]
        made = findings.change(unit, y1, y0, float("nan") if v1 is None else v1,
                               float("nan") if v0 is None else v0, **change)
    latest = ({"year": shown[-1][0], "value": shown[-1][1], "words": text.number(shown[-1][1]),
               "result": text.number(shown[-1][1]), "part_year": None} if shown else None)
    keys = ["senaste_ar", "senaste_varde", "senaste_resultat"] + (["foregaende_ar",
                                                                   "foregaende_varde"]
                                              if len(values) > 1 else [])
    found = findings.Findings(indicator_id, [y for y, _ in values],
                              [(y, v) for y, v in values], unit, latest=latest, change=made,
                              glued=sorted([*keys, *glued]))
    path = data_dir / f"{indicator_id}.findings.json"
    path.write_text(json.dumps(found.as_dict()), encoding="utf-8")
    return path


def run_cells(path: Path, parameters: dict) -> None:
    """A generated notebook's code cells run here, in order, as its kernel runs them."""
    import nbformat

    namespace: dict = {}
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "code":
            exec(cell.source, namespace)  # noqa: S102 (our own generated notebook)
            if "parameters" in cell.metadata.get("tags", []):
                namespace.update(parameters)


WATCH = """
import json, sys
from pathlib import Path
opened = set()
sys.addaudithook(lambda event, args: opened.add(str(args[0])) if event == "open"
                 and isinstance(args[0], (str, Path)) else None)
from indikatorbok import notebooks, programme
from tests.conftest import run_cells
name, data, out = sys.argv[1], sys.argv[2], Path(sys.argv[3])
prog = programme.load(name)
edition = programme.edition(name, None, data)
runs = {}
for i in prog.catalog.computed():
    ind = prog.catalog[i]
    path = out / f"{ind.notebook}.ipynb"
    path.write_text(__import__("nbformat").writes(notebooks.notebook(ind, edition)))
    given = {**notebooks.parameters(edition, out, None, i), "data_dir": data}  # the build's
    programme.forget()  # a fresh kernel reads the programme anew
    opened.clear()
    run_cells(path, given)
    runs[i] = {"opened": sorted(opened),
               "recorded": json.loads((out / f"{i}.reads.json").read_text())}
print(json.dumps(runs))
"""


@pytest.fixture(scope="session")
def watched(synthetic, tmp_path_factory):
    """Every notebook of a programme run on its small synthetic data, once per session for
    all test workers, in a fresh process whose audit hook sees every file it opens (the
    programme's caches emptied before each notebook, as a fresh kernel has them): per
    indicator, the files opened and the files the notebook noted as read."""
    import fcntl
    import json
    import subprocess
    import sys

    shared = tmp_path_factory.getbasetemp()
    shared = shared.parent if os.environ.get("PYTEST_XDIST_WORKER") else shared

    def runs(name: str) -> tuple[Path, dict[str, dict]]:
        data = synthetic(name, "default")
        out, done = shared / f"watched-{name}", shared / f"watched-{name}.json"
        out.mkdir(parents=True, exist_ok=True)
        with (shared / f"watched-{name}.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not done.is_file():
                done.write_text(subprocess.run(
                    [sys.executable, "-c", WATCH, name, str(data), str(out)],
                    capture_output=True, text=True, check=True).stdout)
        return data, json.loads(done.read_text())

    return runs


@pytest.fixture
def fk_copy(fk, tmp_path) -> programme.Programme:
    """A private copy of Försäkringskassan's programme folder, to change freely."""
    import shutil

    root = tmp_path / "programmes" / fk.name
    shutil.copytree(fk.root, root, ignore=shutil.ignore_patterns("__pycache__"))
    return programme.Programme(fk.name, root)
