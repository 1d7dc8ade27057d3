"""An incremental build equals a cold one: a notebook is taken from the cache only when no
file it read has changed, so the cache key of every notebook must cover every file the
notebook opens. Checked against the operating system: every notebook of each programme runs
in a fresh process (its caches emptied before each, as a fresh kernel would have them) with
an audit hook that sees every file the process opens; then each file of the programme's
folder and of the data, changed in turn, must change the key of every notebook that opened
it."""

from __future__ import annotations

from pathlib import Path

import pytest

from indikatorbok import cache as build_cache
from indikatorbok import notebooks, programme
from indikatorbok.programme import Edition


@pytest.fixture(params=programme.names(), scope="module")
def runs(request, watched):
    name = request.param
    return programme.load(name), *watched(name)


def opened_files(prog, data: Path, seen: dict) -> set[Path]:
    """The files of the programme and the data the notebook opened (the catalog parses
    every indicator's file to check the catalog whole: a notebook uses its own
    indicator's, which the catalog notes when it hands it out)."""
    return {Path(p) for p in seen["opened"] if p.startswith((str(prog.root), str(data)))
            and "__pycache__" not in p and Path(p).parent != prog.indicators_dir}


def test_every_file_a_notebook_opens_is_noted(runs):
    prog, data, seen = runs
    roots = {"programme": prog.root, "data": data}
    missing = {}
    for i, run in seen.items():
        recorded = {roots[n.split("/")[0]] / n.split("/", 1)[1] for n in run["recorded"]
                    if n.split("/")[0] in roots}
        if lost := opened_files(prog, data, run) - recorded:
            missing[i] = sorted(map(str, lost))
        assert set(prog.catalog[i].files) <= recorded  # its definition
    assert missing == {}


def test_each_file_changed_in_turn_reruns_every_notebook_that_opened_it(runs, tmp_path):
    """Each file of the programme's folder and every data file, changed in turn: the key
    of every notebook that opened it changes (so no notebook is taken from the cache with
    an input it read changed)."""
    prog, data, seen = runs
    edition = Edition(prog, prog.default_year, data)
    store = build_cache.NotebookCache(tmp_path / "cache")
    sources = {}
    for i, run in seen.items():
        ind = prog.catalog[i]
        sources[i] = tmp_path / f"{ind.notebook}.ipynb"
        sources[i].write_text(__import__("nbformat").writes(notebooks.notebook(ind, edition)))
        plan = build_cache.plan(ind, sources[i], {}, edition, build_cache.FileDigests(), store)
        store.store(plan.having_read(run["recorded"]), prog.name, [], 0.0)

    class Changed(build_cache.FileDigests):
        """Digests with one file's content taken as changed."""

        def __init__(self, changed: Path | None):
            super().__init__()
            self.changed = changed

        def __call__(self, path: Path) -> str:
            return "changed" if path == self.changed else super().__call__(path)

    def keys(changed: Path | None) -> dict[str, str]:
        digest = Changed(changed)
        return {i: build_cache.plan(prog.catalog[i], sources[i], {}, edition, digest,
                                    store).key for i in seen}

    before = keys(None)
    files = sorted({p for p in [*prog.root.rglob("*"), *data.rglob("*")] if p.is_file()
                    and "__pycache__" not in p.parts})
    stale = {}
    for f in files:
        readers = {i for i, run in seen.items() if f in opened_files(prog, data, run)}
        if not readers:
            continue
        after = keys(f)
        if kept := sorted(i for i in readers if after[i] == before[i]):
            stale[str(f.relative_to(prog.root if f.is_relative_to(prog.root) else data))] = kept
    print(f"{len(files)} files changed in turn against {len(seen)} notebooks")
    assert stale == {}
