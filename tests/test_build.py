"""The build stops with a message that names what failed, before publishing anything."""

import shutil

import pytest
from rich.console import Console

from indikatorbok import build, cache, sources


@pytest.fixture
def data(synthetic_dir, tmp_path):
    out = tmp_path / "data"
    shutil.copytree(synthetic_dir, out)
    return out


def test_validate_lists_every_problem(data):
    (data / "2021/hr_training.csv").unlink()
    (data / "2025/staff_survey.csv").write_text("year,respondent_id\n")
    with pytest.raises(sources.DataError) as exc:
        build.validate(build.Edition(2025, data), Console(quiet=True))
    msg = str(exc.value)
    assert "2 problem(s)" in msg
    assert "no file for 2021" in msg and "hr_training.csv" in msg
    assert "staff_survey" in msg


def test_validate_passes_on_shipped_data(synthetic_dir):
    rows = build.validate(build.Edition(2025, synthetic_dir), Console(quiet=True))
    assert rows["2025/staff_survey"] == 4720


def test_failing_notebook_is_named_with_its_cell(data, tmp_path):
    # A data problem that only the indicator notices: no year has the 1.1.1 question.
    for year in (2022, 2025):
        path = data / str(year) / "staff_survey.csv"
        lines = path.read_text().splitlines()
        header = lines[0].split(",")
        keep = [i for i, c in enumerate(header) if not c.startswith("risk_")]
        path.write_text("\n".join(",".join(ln.split(",")[i] for i in keep) for ln in lines))
    with pytest.raises(build.BuildError) as exc:  # raised in a worker process, reported here
        build.execute(build.Edition(2025, data), Console(quiet=True), ["1.2.3", "1.1.1"],
                      staging=tmp_path / "staging",
                      notebook_cache=cache.NotebookCache(tmp_path / "cache"))
    msg = str(exc.value)
    assert "notebooks/indikator_1_1_1.ipynb" in msg and "failed in cell" in msg
    assert "DataError" in msg and "risk_areas" in msg


def test_as_parameter_is_relative_inside_the_project():
    from indikatorbok import paths

    assert build.as_parameter(paths.DEFAULT_DATA) == "data/synthetic"
