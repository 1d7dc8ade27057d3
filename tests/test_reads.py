"""A notebook notes every file it reads (its cache key is made from them): checked against
what the operating system saw it open, in a fresh process."""

import json
import subprocess
import sys

import pytest

from indikatorbok import programme

# One indicator of each kind of computation, and one of each programme's own code.
KINDS = {"forsakringskassan": ["1.1.1", "1.2.3", "1.4.1", "2.2.2", "2.5.1", "3.1.1", "3.2.4",
                               "3.6.1", "1.3.2"],
         "pensionsmyndigheten": ["1.1.2", "1.2.1", "3.2.1", "3.3.1", "4.1.1", "4.2.1"]}

WATCH = """
import json, sys
from pathlib import Path
opened = set()
sys.addaudithook(lambda event, args: opened.add(str(args[0])) if event == "open"
                 and isinstance(args[0], (str, Path)) else None)
from indikatorbok import notebooks, programme, reads
from tests.test_cache import run_cells
prog = programme.load(sys.argv[1])
edition = programme.edition(prog.name, None, sys.argv[3])
ind = prog.catalog[sys.argv[2]]
out = Path(sys.argv[4])
path = out / "nb.ipynb"
path.write_text(__import__("nbformat").writes(notebooks.notebook(ind, edition)))
opened.clear()
run_cells(path, {**notebooks.parameters(edition, out), "data_dir": sys.argv[3]})
print(json.dumps({"opened": sorted(opened),
                  "recorded": json.loads((out / f"{ind.id}.reads.json").read_text())}))
"""


@pytest.mark.parametrize(("name", "indicator"), [(n, i) for n, ids in KINDS.items()
                                                 for i in ids])
def test_every_file_a_notebook_opens_is_in_its_key(name, indicator, synthetic, tmp_path):
    prog = programme.load(name)
    data = synthetic(name, "default")
    seen = json.loads(subprocess.run(
        [sys.executable, "-c", WATCH, name, indicator, str(data), str(tmp_path)],
        capture_output=True, text=True, check=True).stdout)
    roots = {"programme": prog.root, "data": data}
    recorded = {str(roots[n.split("/")[0]] / n.split("/", 1)[1]) for n in seen["recorded"]
                if n.split("/")[0] in roots}
    # The catalog parses every indicator's file to check the catalog whole; a notebook
    # uses its own indicator's (noted when the catalog hands it out).
    others = {str(p) for p in prog.indicators_dir.iterdir()} - {
        str(p) for p in prog.catalog[indicator].files}
    opened = {p for p in seen["opened"] if p.startswith((str(prog.root), str(data)))
              and "__pycache__" not in p}
    assert opened - recorded - others == set()
    assert {str(p) for p in prog.catalog[indicator].files} <= recorded
