"""The same inputs give the same book: a second complete build, in a copy of the project at
another path and with an empty cache (every notebook executed again), gives byte-identical
tidy CSV files, glued values, edition record, generated pages and Excel workbook, and the
same outputs in every executed notebook, as the published build."""

import json
import os
import subprocess
import sys

import nbformat
import pytest

from indikatorbok import build, indicators, paths, workbook

pytestmark = pytest.mark.skipif(not build.summary_path().is_file(),
                                reason="no built book: run `make book`")
# The pages the build writes, beside the executed notebooks.
GENERATED = ["del1/*.md", "bilaga/*.md", "del2/mal_*.md", "del2/oversikt.md",
             "sammanfattning.md", "forandringar.md"]


@pytest.fixture(scope="module")
def second(tmp_path_factory):
    published = build.summary()
    root = build.copy_project(tmp_path_factory.mktemp("again"))  # no cache
    for page in files(root / "book", [*GENERATED, "del2/*.ipynb"]):  # written again, or fail
        (root / "book" / page).unlink()
    proc = subprocess.run([sys.executable, "-m", "indikatorbok", "build", "--year",
                           str(published["edition"]), "--data", published["data_dir"]],
                          cwd=root, capture_output=True, text=True,
                          env={**os.environ, "INDIKATORBOK_ROOT": str(root)})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    summary = json.loads((root / "_build" / "build.json").read_text(encoding="utf-8"))
    assert sorted(summary["executed"]) == sorted(indicators.implemented())  # nothing cached
    return root


def files(folder, patterns):
    return sorted(p.relative_to(folder) for pattern in patterns for p in folder.glob(pattern))


def test_same_data_files(second):
    patterns = ["*.csv", "*.json", "edition/*.csv"]
    ours = files(second / "_build" / "data", patterns)
    assert ours == files(paths.BUILD_DATA, patterns)
    assert len(ours) > 2 * len(indicators.implemented())
    for name in ours:
        assert (second / "_build" / "data" / name).read_bytes() == \
            (paths.BUILD_DATA / name).read_bytes(), name


def test_same_generated_pages(second):
    ours = files(second / "book", GENERATED)
    assert ours == files(paths.BOOK, GENERATED) and ours
    for name in ours:
        assert (second / "book" / name).read_text(encoding="utf-8") == \
            (paths.BOOK / name).read_text(encoding="utf-8"), name


def outputs(path):
    nb = nbformat.read(path, as_version=4)
    return [(c.get("execution_count"), c.get("outputs", [])) for c in nb.cells
            if c.cell_type == "code" and "injected-parameters" not in c.metadata.get("tags", [])]


def test_same_notebook_outputs(second):
    ours = files(second / "book" / "del2", ["*.ipynb"])
    assert len(ours) == len(indicators.implemented())
    for name in ours:
        assert outputs(second / "book" / "del2" / name) == outputs(paths.EXECUTED / name), name


def test_same_workbook(second):
    assert (second / "_build" / "data" / workbook.FILE).read_bytes() == \
        (paths.BUILD_DATA / workbook.FILE).read_bytes()
