"""The same inputs give the same book: notebooks executed again, without the cache, give
the same outputs and byte-identical CSV files as the published build (one notebook of each
kind; nbval re-executes every notebook in place)."""

import json

import nbformat
import pytest
from rich.console import Console

from indikatorbok import build, cache, paths

SAMPLE = ["1.1.1", "1.2.3", "1.3.2", "2.5.1", "3.1.1", "3.5.2", "4.2.2"]
pytestmark = pytest.mark.skipif(not (paths.BUILD / "build.json").is_file(),
                                reason="no built book: run `make book`")


def outputs(path):
    nb = nbformat.read(path, as_version=4)
    return [c.get("outputs", []) for c in nb.cells if c.cell_type == "code"
            and "injected-parameters" not in c.metadata.get("tags", [])]


def test_a_second_build_is_identical(tmp_path):
    published = json.loads((paths.BUILD / "build.json").read_text(encoding="utf-8"))
    edition = build.Edition(published["edition"], paths.resolve(published["data_dir"], None))
    again = build.execute(edition, Console(quiet=True), SAMPLE, staging=tmp_path / "staging",
                          notebook_cache=cache.NotebookCache(tmp_path / "cache"))
    assert sorted(again.ran) == sorted(SAMPLE)
    for indicator_id, path in again.notebooks.items():
        assert outputs(path) == outputs(paths.EXECUTED / path.name), indicator_id
        for name in (f"{indicator_id}.csv", f"{indicator_id}.headline.json"):
            assert (tmp_path / "staging" / "_build" / "data" / name).read_bytes() == \
                (paths.BUILD_DATA / name).read_bytes(), name
