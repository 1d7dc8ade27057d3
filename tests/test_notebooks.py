"""Each notebook runs standalone, as a reviewer opens it in JupyterLab: generated from the
catalog, with its default parameters (only the CSV output folder is redirected), it shows
the analysis step by step (the data read, each selection with the rows it keeps, the
numerators and denominators) before the page."""

import pytest
from nbclient import NotebookClient

from indikatorbok import notebooks, paths, programme, synth

# One notebook of each kind of builder, and an indicator computed by code of its own.
CHOSEN = {"1.1.1": "survey_share", "2.1.1": "survey_series", "1.2.3": "courses",
          "2.4.1": "counts", "1.2.4": "keyword_review", "2.5.1": "couple_split"}


@pytest.fixture(scope="module")
def defaults(fk):
    edition = programme.edition(fk.name)
    synth.ensure(edition)  # the notebooks' default data
    return edition


@pytest.mark.parametrize("indicator_id", CHOSEN)
def test_runs_with_its_defaults_and_shows_its_steps(fk, defaults, indicator_id, tmp_path):
    ind = fk.catalog[indicator_id]
    assert ind.parts[0].builder == CHOSEN[indicator_id]
    nb = notebooks.notebook(ind, defaults)
    params = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    params.source = params.source.replace(
        f"out_dir = {paths.shown(paths.BUILD / 'scratch' / fk.name)!r}", f"out_dir = '{tmp_path}'")
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   extra_arguments=["--IPKernelApp.log_level=ERROR"],
                   resources={"metadata": {"path": str(tmp_path)}}).execute()

    def html(cells):
        return "".join(o.get("data", {}).get("text/html", "") for c in cells
                       for o in c.get("outputs", []))

    hidden = [c for c in nb.cells if "remove-cell" in c.metadata.get("tags", [])]
    steps = html(hidden)
    assert steps.count("<h4>") >= 2 and steps.count("<table") >= 2, "no steps with counts"
    page = html([c for c in nb.cells if c not in hidden])
    assert "syntetiska data" in page and "<table" in page
    assert (tmp_path / f"{indicator_id}.csv").is_file()
