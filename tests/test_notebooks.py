"""Each notebook runs standalone, as a reviewer opens it in JupyterLab: from notebooks/, with
its default parameters (only the CSV output folder is redirected, to keep the book intact)."""

import nbformat
import pytest
from nbclient import NotebookClient

from indikatorbok import catalog, paths


# One notebook of each kind: a survey share, a count, and the register indicator; nbval runs
# every executed notebook in full.
@pytest.mark.parametrize("indicator_id", ["1.1.1", "1.2.3", "2.5.1"])
def test_runs_with_its_defaults(indicator_id, tmp_path):
    assert paths.DEFAULT_DATA.is_dir(), "the notebooks' default data is missing: run `make data`"
    ind = catalog.load()[indicator_id]
    nb = nbformat.read(paths.NOTEBOOKS / f"{ind.notebook}.ipynb", as_version=4)
    params = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    params.source = params.source.replace('out_dir = "_build/data"', f'out_dir = "{tmp_path}"')
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   extra_arguments=["--IPKernelApp.log_level=ERROR"],
                   resources={"metadata": {"path": str(paths.NOTEBOOKS)}}).execute()
    html = "".join(o.get("data", {}).get("text/html", "") for c in nb.cells
                   for o in c.get("outputs", []))
    assert "syntetiska data" in html and "<table" in html and "<img" in html
    assert (tmp_path / f"{indicator_id}.csv").is_file()
