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

from indikatorbok import build, programme, workbook

pytestmark = pytest.mark.skipif(not build.summary(), reason="no built book: run `make book`")
# The pages the build writes, beside the executed notebooks.
GENERATED = ["del1/*.md", "bilaga/*.md", "del2/mal_*.md", "del2/oversikt.md",
             "sammanfattning.md", "forandringar.md"]
PUBLISHED = build.published()
SUMMARY = build.summary()
COMPUTED = programme.load(SUMMARY.get("programme")).catalog.computed() if SUMMARY else []


@pytest.fixture(scope="module")
def second(tmp_path_factory):
    """The same edition built again in a copy of the project, with no cache: every
    notebook executed, every page written again."""
    root = build.copy_project(tmp_path_factory.mktemp("again"))  # no cache
    proc = subprocess.run([sys.executable, "-m", "indikatorbok", "build", "--programme",
                           SUMMARY["programme"], "--year", str(SUMMARY["edition"]), "--data",
                           SUMMARY["data_dir"]],
                          cwd=root, capture_output=True, text=True,
                          env={**os.environ, "INDIKATORBOK_ROOT": str(root)})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    summary = json.loads((root / "_build" / "build.json").read_text(encoding="utf-8"))
    assert sorted(summary["executed"]) == sorted(COMPUTED)  # nothing cached
    return build.Folder((root / "_build" / "current").resolve())


def files(folder, patterns):
    return sorted(p.relative_to(folder) for pattern in patterns for p in folder.glob(pattern))


def test_same_data_files(second):
    patterns = ["*.csv", "*.json", "edition/*.csv"]
    ours = files(second.data, patterns)
    assert ours == files(PUBLISHED.data, patterns)
    assert len(ours) > 2 * len(COMPUTED)
    for name in ours:
        assert (second.data / name).read_bytes() == (PUBLISHED.data / name).read_bytes(), name


def test_same_generated_pages(second):
    ours = files(second.book, GENERATED)
    assert ours == files(PUBLISHED.book, GENERATED) and ours
    for name in ours:
        assert (second.book / name).read_text(encoding="utf-8") == \
            (PUBLISHED.book / name).read_text(encoding="utf-8"), name


def outputs(path):
    nb = nbformat.read(path, as_version=4)
    return [(c.get("execution_count"), c.get("outputs", [])) for c in nb.cells
            if c.cell_type == "code" and "injected-parameters" not in c.metadata.get("tags", [])]


def test_same_notebook_outputs(second):
    ours = files(second.del2, ["*.ipynb"])
    assert len(ours) == len(COMPUTED)
    for name in ours:
        assert outputs(second.del2 / name) == outputs(PUBLISHED.del2 / name), name


def test_same_workbook(second):
    assert (second.data / workbook.FILE).read_bytes() == \
        (PUBLISHED.data / workbook.FILE).read_bytes()
