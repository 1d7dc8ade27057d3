"""The same inputs give the same book, for every programme: a second complete build, in a
copy of the project at another path and with an empty cache (every notebook executed again),
gives byte-identical tidy CSV files, glued values, edition record, generated pages and Excel
workbook, and the same outputs in every executed notebook, as the published build."""

import json
import os
import subprocess
import sys

import nbformat
import pytest

from indikatorbok import build, editions, workbook
from tests.integration.books import BOOKS

pytestmark = pytest.mark.skipif(not BOOKS, reason="no built book: run `make books`")
# The pages the build writes, beside the executed notebooks.
GENERATED = ["del1/*.md", "bilaga/*.md", "del2/mal_*.md", "del2/oversikt.md",
             "sammanfattning.md", "forandringar.md"]


@pytest.fixture(scope="module", params=BOOKS, ids=str)
def pair(request, tmp_path_factory):
    """(published, second, computed): the same edition built again in a copy of the
    project, with no cache: every notebook executed, every page written again."""
    book = request.param
    root = build.copy_project(tmp_path_factory.mktemp("again"),  # no cache
                              programmes=[book.programme.name])
    proc = subprocess.run([sys.executable, "-m", "indikatorbok", "build", "--programme",
                           book.programme.name, "--year", str(book.summary["edition"]),
                           "--data", book.summary["data_dir"]],
                          cwd=root, capture_output=True, text=True,
                          env={**os.environ, "INDIKATORBOK_ROOT": str(root)})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    summary = json.loads((root / "_build" / "build.json").read_text(encoding="utf-8"))
    computed = book.programme.catalog.computed()
    assert sorted(summary["executed"]) == sorted(computed)  # nothing cached
    return book.folder, editions.Folder((root / "_build" / "current").resolve()), computed


def files(folder, patterns):
    return sorted(p.relative_to(folder) for pattern in patterns for p in folder.glob(pattern))


def test_same_data_files(pair):
    published, second, computed = pair
    patterns = ["*.csv", "*.json", "edition/*.csv"]
    ours = files(second.data, patterns)
    assert ours == files(published.data, patterns)
    assert len(ours) > 2 * len(computed)
    for name in ours:
        assert (second.data / name).read_bytes() == (published.data / name).read_bytes(), name


def test_same_generated_pages(pair):
    published, second, _ = pair
    ours = files(second.book, GENERATED)
    assert ours == files(published.book, GENERATED) and ours
    for name in ours:
        assert (second.book / name).read_text(encoding="utf-8") == \
            (published.book / name).read_text(encoding="utf-8"), name


def outputs(path):
    nb = nbformat.read(path, as_version=4)
    return [(c.get("execution_count"), c.get("outputs", [])) for c in nb.cells
            if c.cell_type == "code" and "injected-parameters" not in c.metadata.get("tags", [])]


def test_same_notebook_outputs(pair):
    published, second, computed = pair
    ours = files(second.del2, ["*.ipynb"])
    assert len(ours) == len(computed)
    for name in ours:
        assert outputs(second.del2 / name) == outputs(published.del2 / name), name


def test_same_workbook(pair):
    published, second, _ = pair
    assert (second.data / workbook.FILE).read_bytes() == \
        (published.data / workbook.FILE).read_bytes()
